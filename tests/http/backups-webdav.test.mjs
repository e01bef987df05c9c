// Backups to a WebDAV folder (npm webdav-server on loopback, Basic authentication): the file PUT
// there opens with the password (independent Aegis reader and Twofold's import); retention lists
// the folder with PROPFIND and DELETEs the oldest of our files only; wrong credentials and a
// server that is down are recorded as the run's outcome, never answered as an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { PASSWORD, person, withAccounts, setUp, runNow, backUpTimes, assertOpens, startWebdav } from '../support/backups.mjs';

let server; let dav;
before(async () => {
  server = await useServer();
  dav = await startWebdav();
});
after(async () => {
  await dav?.stop();
  await server.stop();
});

const webdav = (extra = {}) => ({ schedule: 'daily', retention: 2, destination: 'webdav', webdav_url: dav.url,
  webdav_username: dav.username, webdav_password: dav.password, password: PASSWORD, enabled: false, ...extra });

test('a backup PUT in the WebDAV folder opens with the password; N + 2 runs leave the newest N of ours', async () => {
  const p = await person(server.base, 'backup-dav', server.state);
  await withAccounts(p);
  const set = await setUp(p, webdav());
  assert.equal(set.secret_set, true);
  assert.ok(!JSON.stringify(set).includes(dav.password));
  // Someone else's file in the folder: retention never touches it.
  await dav.put('notes.txt', 'not a backup');
  const files = await backUpTimes(p, 4);
  const present = await Promise.all(files.map(async (f) => (await dav.get(f)) !== null));
  assert.deepEqual(present, [false, false, true, true]);
  assert.ok(await dav.get('notes.txt'), 'a file not named as ours stays');

  await assertOpens(p, (await dav.get(files[3])).toString('utf8'));
});

test('wrong WebDAV credentials and a server that is down are the run\'s recorded outcome', async () => {
  const p = await person(server.base, 'backup-dav-wrong', server.state);
  await withAccounts(p);
  await setUp(p, webdav({ webdav_password: 'not the password' }));
  const refused = await runNow(p);
  assert.equal(refused.last_outcome, 'failure');
  assert.match(refused.last_error, /^PUT on 127\.0\.0\.1 answered 401 \(check the credentials\)$/);
  assert.equal(refused.last_file, null);
  assert.ok(!refused.last_error.includes('not the password'));

  // Fixed, it works; then the server goes away.
  await setUp(p, webdav());
  const fixed = await runNow(p);
  assert.equal(fixed.last_outcome, 'success', fixed.last_error);
  assert.equal(fixed.last_error, null);
  const gone = await startWebdav();
  await gone.stop();
  await setUp(p, webdav({ webdav_url: gone.url, webdav_password: gone.password }));
  const down = await runNow(p);
  assert.equal(down.last_outcome, 'failure');
  assert.match(down.last_error, /could not be reached/);
  assert.equal(down.last_file, fixed.last_file, 'the last good file is still named');
});

test('retention counts only our files directly in the folder: look-alike names, sub-folders and their files stay', async () => {
  const p = await person(server.base, 'backup-dav-foreign', server.state);
  await withAccounts(p);
  // Sorting after any real backup, each would make retention 1 delete the file just written.
  const future = 'twofold-backup-20991231T000000Z.json';
  await dav.put('twofold-backup-ZZZZZZZZZZZZZZZZ.json', 'not ours');
  await dav.mkcol('old');
  await dav.put(`old/${future}`, 'not ours either');
  await dav.mkcol(future);
  await setUp(p, webdav({ retention: 1 }));
  const [file] = await backUpTimes(p, 1);
  assert.ok(await dav.get(file), 'the file just written survives');
  assert.ok(await dav.get('twofold-backup-ZZZZZZZZZZZZZZZZ.json'));
  assert.ok(await dav.get(`old/${future}`));
  const folder = await fetch(`${dav.url}${future}/`, { method: 'PROPFIND', headers: { Depth: '0',
    Authorization: `Basic ${Buffer.from(`${dav.username}:${dav.password}`).toString('base64')}` } });
  assert.equal(folder.status, 207, 'the sub-folder named like a backup stays');
});
