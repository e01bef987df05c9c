// Automatic encrypted backups (issue 16), to the instance's R2 bucket: set up with a password,
// "back up now", each file fetched back from the bucket (wrangler's local R2) and opened by an
// independent Aegis reader (tests/support/aegis.mjs) and by Twofold's own import; retention;
// the scheduled run (GET /__scheduled on `wrangler dev --test-scheduled`) through due users in
// bounded batches, a failing destination recorded without stopping the others; another user can
// neither read, change nor run them; bad input is 422 in 2FAuth's shape; no secret ever answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { useServer } from '../support/server.mjs';
import { Client } from '../support/client.mjs';
import { d1Sql, d1Blobs, r2Object as r2ObjectIn } from '../support/d1.mjs';
import { openVault } from '../support/aegis.mjs';
import { PASSWORD, EXPECTED, NEXT_SECOND, essence, person as personAt, withAccounts, setUp, runNow, sleep, backUpTimes, assertOpens } from '../support/backups.mjs';

const CLOSED = 'http://127.0.0.1:9/dav/';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

const person = (prefix) => personAt(server.base, prefix, server.state);
const r2 = (extra = {}) => ({ schedule: 'daily', retention: 3, destination: 'r2', password: PASSWORD, enabled: false, ...extra });

/** An object of the instance's bucket (wrangler's local R2 under the server's state), or null. */
const r2Object = (key) => r2ObjectIn(server.state, 'twofold-backups', key);

test('set up, back up now: the R2 file opens with the password in an Aegis reader and in Twofold\'s import', async () => {
  const p = await person('backup-r2');
  await withAccounts(p);
  const before = Date.now();
  const set = await setUp(p, r2());
  assert.deepEqual({ ...set, next_run_at: undefined }, {
    enabled: false, schedule: 'daily', retention: 3, destination: 'r2', webdav_url: null, webdav_username: null,
    s3_endpoint: null, s3_region: null, s3_bucket: null, s3_access_key_id: null, secret_set: false,
    next_run_at: undefined, last_run_at: null, last_outcome: null, last_error: null, last_file: null,
  });
  assert.ok(Math.abs(Date.parse(set.next_run_at) - before) < 60_000, 'a first setup is due at the next run');
  assert.deepEqual((await p.c.get('/api/v1/backup')).body, set);

  const done = await runNow(p);
  assert.equal(done.last_outcome, 'success', done.last_error);
  assert.match(done.last_file, /^twofold-backup-\d{8}T\d{6}Z\.json$/);
  assert.equal(done.last_error, null);
  assert.equal(done.next_run_at, set.next_run_at, 'a backup on request leaves the schedule');

  const file = r2Object(`users/${p.id}/${done.last_file}`);
  assert.ok(file, 'the file is in the bucket under the user\'s prefix');
  const vault = JSON.parse(file.toString('utf8'));
  assert.equal(vault.version, 1);
  assert.equal(vault.header.slots.length, 1);
  assert.equal(vault.header.slots[0].type, 1);
  assert.equal(vault.header.slots[0].n, 32768);
  const db = openVault(vault, PASSWORD);
  assert.deepEqual(essence(db.entries), EXPECTED);
  assert.throws(() => openVault(vault, 'not the password'));

  // Twofold's own import (the preview of a migration) opens it with the password.
  await assertOpens(p, file.toString('utf8'));
  const wrong = await p.c.post('/api/v1/twofaccounts/migration', { payload: file.toString('utf8'), password: 'nope nope nope' });
  assert.equal(wrong.status, 422);

  // The next backup reuses the slot (no new key derivation) under a fresh nonce.
  await sleep(NEXT_SECOND);
  const again = await runNow(p);
  assert.notEqual(again.last_file, done.last_file);
  const second = JSON.parse(r2Object(`users/${p.id}/${again.last_file}`).toString('utf8'));
  assert.deepEqual(second.header.slots, vault.header.slots);
  assert.notEqual(second.header.params.nonce, vault.header.params.nonce);
  assert.deepEqual(essence(openVault(second, PASSWORD).entries), EXPECTED);
});

test('retention: N + 2 backups leave the newest N', async () => {
  const p = await person('backup-keep');
  await withAccounts(p);
  await setUp(p, r2({ retention: 2 }));
  const files = await backUpTimes(p, 4);
  const present = files.map((f) => r2Object(`users/${p.id}/${f}`) !== null);
  assert.deepEqual(present, [false, false, true, true]);
});

test('a new password makes a new key: later backups open with it, earlier ones with the old', async () => {
  const p = await person('backup-repass');
  await withAccounts(p);
  await setUp(p, r2());
  const first = (await runNow(p)).last_file;
  const changed = await setUp(p, { schedule: 'daily', retention: 3, destination: 'r2', enabled: false, password: 'another long password' });
  assert.equal(changed.last_file, first, 'the last run is kept across a change');
  await sleep(NEXT_SECOND);
  const second = (await runNow(p)).last_file;
  const open = (f, pw) => openVault(JSON.parse(r2Object(`users/${p.id}/${f}`).toString('utf8')), pw);
  assert.deepEqual(essence(open(first, PASSWORD).entries), EXPECTED);
  assert.deepEqual(essence(open(second, 'another long password').entries), EXPECTED);
  assert.throws(() => open(second, PASSWORD));
  // Without a password, the key stays.
  await setUp(p, { schedule: 'weekly', retention: 3, destination: 'r2', enabled: false });
  await sleep(NEXT_SECOND);
  const third = (await runNow(p)).last_file;
  assert.deepEqual(essence(open(third, 'another long password').entries), EXPECTED);
});

test('the scheduled run works through due users in batches of 5; a failing destination is recorded and stops no one', async () => {
  const failing = [await person('backup-down-1'), await person('backup-down-2')];
  const working = [];
  for (let i = 0; i < 5; i += 1) working.push(await person(`backup-cron-${i}`));
  // Created first, the failing ones are the longest waiting: they run first.
  for (const p of failing) {
    await setUp(p, { schedule: 'daily', retention: 3, destination: 'webdav', webdav_url: CLOSED,
      webdav_username: 'me', webdav_password: 'dav secret', password: PASSWORD });
  }
  for (const p of working) {
    await withAccounts(p);
    await setUp(p, r2({ enabled: true }));
  }
  const disabled = await person('backup-off');
  await setUp(disabled, r2({ enabled: false }));

  const cron = async () => {
    const res = await fetch(`${server.base}/__scheduled?cron=47+*+*+*+*`);
    assert.equal(res.status, 200);
  };
  const outcome = async (p) => (await p.c.get('/api/v1/backup')).body;
  const start = Date.now();
  await cron();
  const first = await Promise.all([...failing, ...working].map(outcome));
  // 7 are due here (other suites on a shared server may have some due too, which only lowers it).
  const ran = first.filter((b) => b.last_outcome !== null).length;
  assert.ok(ran >= 1 && ran <= 5, `one run backs up 5 users at most, ${ran} ran`);
  // Until every one has run: a run at a time, each bounded.
  for (let i = 0; i < 3 && (await Promise.all([...failing, ...working].map(outcome))).some((b) => b.last_outcome === null); i += 1) {
    await cron();
  }
  const all = await Promise.all([...failing, ...working].map(outcome));
  for (const b of all.slice(0, 2)) {
    assert.equal(b.last_outcome, 'failure');
    assert.match(b.last_error, /127\.0\.0\.1.*could not be reached/);
    // The next run is a period away, failed or not: the row does not block the queue.
    const next = Date.parse(b.next_run_at) - start;
    assert.ok(next > 23 * 3600_000 && next < 24 * 3600_000, b.next_run_at);
  }
  const second = all.slice(2);
  for (const [i, b] of second.entries()) {
    assert.equal(b.last_outcome, 'success', b.last_error);
    assert.ok(r2Object(`users/${working[i].id}/${b.last_file}`), 'the file is there');
  }
  assert.equal((await outcome(disabled)).last_outcome, null, 'a disabled schedule does not run');
  // Nothing is due any more: a third run changes nothing.
  await cron();
  const third = await Promise.all(working.map(outcome));
  assert.deepEqual(third.map((b) => b.last_file), second.map((b) => b.last_file));
});

test('a hostile storage server answering without end holds neither the batch nor its user', async () => {
  // A WebDAV server whose every answer is a 2xx whose body never ends.
  const sockets = new Set();
  const hostile = createServer((req, res) => {
    req.resume();
    res.writeHead(req.method === 'PROPFIND' ? 207 : 201, { 'Content-Type': 'application/xml' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pour = () => { while (res.write(chunk)); };
    res.on('drain', pour);
    pour();
  });
  hostile.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const { port } = hostile.address();
  try {
    // Set up first, the hostile user is the longest waiting: he runs first.
    const bad = await person('backup-hostile');
    await setUp(bad, { schedule: 'daily', retention: 3, destination: 'webdav', webdav_url: `http://127.0.0.1:${port}/dav/`,
      webdav_username: 'me', webdav_password: 'dav secret', password: PASSWORD, enabled: true });
    const good = [await person('backup-after-1'), await person('backup-after-2')];
    for (const p of good) {
      await withAccounts(p);
      await setUp(p, r2({ enabled: true }));
    }
    const start = Date.now();
    const outcome = async (p) => (await p.c.get('/api/v1/backup')).body;
    for (let i = 0; i < 3 && (await Promise.all([bad, ...good].map(outcome))).some((b) => b.last_outcome === null); i += 1) {
      const res = await fetch(`${server.base}/__scheduled?cron=47+*+*+*+*`, { signal: AbortSignal.timeout(60_000) });
      assert.equal(res.status, 200);
    }
    const [hers, ...theirs] = await Promise.all([bad, ...good].map(outcome));
    // The file was accepted (a 2xx whose body is not read); the endless listing is refused.
    assert.equal(hers.last_outcome, 'failure');
    assert.match(hers.last_error, /PROPFIND 127\.0\.0\.1 answered more than 1 MB/);
    const next = Date.parse(hers.next_run_at) - start;
    assert.ok(next > 23 * 3600_000 && next < 24 * 3600_000, `the hostile user's next run moved on: ${hers.next_run_at}`);
    for (const [i, b] of theirs.entries()) {
      assert.equal(b.last_outcome, 'success', b.last_error);
      assert.ok(r2Object(`users/${good[i].id}/${b.last_file}`), 'the file is there');
    }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hostile.close(resolve));
  }
});

test('back up now is refused with 429 within a minute of the last run, in 2FAuth\'s shape', async () => {
  const p = await person('backup-cooldown');
  await withAccounts(p);
  await setUp(p, r2());
  const done = await runNow(p);
  assert.equal(done.last_outcome, 'success', done.last_error);
  const again = await Promise.all([1, 2].map(() => p.c.post('/api/v1/backup/run')));
  for (const res of again) {
    assert.equal(res.status, 429, res.text);
    assert.deepEqual(res.body, { message: 'Too Many Attempts.' });
    const wait = Number(res.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
  }
  assert.equal((await p.c.get('/api/v1/backup')).body.last_file, done.last_file, 'no file was made');
  // A minute later, it runs again.
  await sleep(NEXT_SECOND);
  assert.equal((await runNow(p)).last_outcome, 'success');
});

test('another user can neither read, change nor run a user\'s backups, nor reach their files', async () => {
  const owner = await person('backup-owner');
  await withAccounts(owner);
  const mine = await setUp(owner, r2({ retention: 1 }));
  const ran = await runNow(owner);
  const other = await person('backup-other');
  for (const [method, path] of [['GET', '/api/v1/backup'], ['POST', '/api/v1/backup/run'], ['DELETE', '/api/v1/backup']]) {
    const res = await other.c.request(method, path);
    assert.equal(res.status, 404, `${method} ${path}`);
  }
  // His own setup is his own row and prefix: the owner's stays, and his retention of 1 does not
  // prune the owner's file.
  await setUp(other, r2({ retention: 1 }));
  const his = await runNow(other);
  assert.equal(his.last_outcome, 'success');
  const now = (await owner.c.get('/api/v1/backup')).body;
  assert.deepEqual({ ...now, last_run_at: null }, { ...mine, last_run_at: null, last_outcome: 'success', last_file: ran.last_file });
  assert.ok(r2Object(`users/${owner.id}/${ran.last_file}`));
  assert.ok(r2Object(`users/${other.id}/${his.last_file}`));
  // A bearer token of the owner reads them; without credentials, nobody.
  const token = await owner.c.tokenClient();
  assert.equal((await token.get('/api/v1/backup')).status, 200);
  assert.equal((await new Client(server.base).get('/api/v1/backup')).status, 401);
  // Deleting stops them; the files stay.
  assert.equal((await owner.c.delete('/api/v1/backup')).status, 204);
  assert.equal((await owner.c.get('/api/v1/backup')).status, 404);
  assert.ok(r2Object(`users/${owner.id}/${ran.last_file}`));
});

test('a deleted user\'s files leave the instance\'s bucket: deleting one\'s own account, or an admin deleting it', async () => {
  // Each backs up twice; a neighbour's files stay.
  const [self, removed, neighbour] = [await person('backup-gone-self'), await person('backup-gone-admin'), await person('backup-stays')];
  const files = {};
  for (const p of [self, removed, neighbour]) {
    await withAccounts(p);
    await setUp(p, r2());
    files[p.id] = await backUpTimes(p, 2);
    for (const f of files[p.id]) assert.ok(r2Object(`users/${p.id}/${f}`), 'the file is there');
  }
  assert.equal((await self.c.request('DELETE', '/user', { json: { password: 'password123' } })).status, 204);
  const admin = await person('backup-admin');
  d1Sql(server.state, `UPDATE users SET is_admin = 1 WHERE id = ${admin.id}`);
  assert.equal((await admin.c.delete(`/api/v1/users/${removed.id}`)).status, 204);
  for (const p of [self, removed]) {
    for (const f of files[p.id]) assert.equal(r2Object(`users/${p.id}/${f}`), null, `users/${p.id}/${f} is gone`);
  }
  for (const f of files[neighbour.id]) assert.ok(r2Object(`users/${neighbour.id}/${f}`), 'the neighbour\'s file stays');
});

test('bad input is 422 with message and errors, never 500', async () => {
  const p = await person('backup-422');
  const cases = [
    [{}, ['schedule', 'retention', 'destination', 'password']],
    [{ schedule: 'hourly', retention: 0, destination: 'r2', password: PASSWORD }, ['schedule', 'retention']],
    [{ schedule: 'daily', retention: 101, destination: 'ftp', password: PASSWORD }, ['retention', 'destination']],
    [{ schedule: 'daily', retention: 'x', destination: 'r2', password: 'short' }, ['retention', 'password']],
    [{ schedule: ['daily'], retention: 1, destination: 'r2', password: PASSWORD, enabled: 'maybe' }, ['enabled', 'schedule']],
    [{ schedule: 'daily', retention: 1, destination: 'webdav', password: PASSWORD }, ['webdav_url', 'webdav_username']],
    [{ schedule: 'daily', retention: 1, destination: 'webdav', webdav_url: 'javascript:alert(1)', webdav_username: 'me', password: PASSWORD }, ['webdav_url']],
    [{ schedule: 'daily', retention: 1, destination: 'webdav', webdav_url: 'https://dav.example/', webdav_username: 'me', password: PASSWORD }, ['webdav_password']],
    [{ schedule: 'daily', retention: 1, destination: 's3', s3_endpoint: 'https://s3.example', password: PASSWORD }, ['s3_region', 's3_bucket', 's3_access_key_id']],
    [{ schedule: 'daily', retention: 1, destination: 'r2', password: 'x'.repeat(300) }, ['password']],
    [{ schedule: 'daily', retention: 1, destination: 'webdav', webdav_url: `https://${'a'.repeat(3000)}`, webdav_username: { a: 1 }, webdav_password: 7, password: PASSWORD }, ['webdav_url', 'webdav_username']],
  ];
  for (const [body, fields] of cases) {
    const res = await p.c.request('PUT', '/api/v1/backup', { json: body });
    assert.equal(res.status, 422, `${JSON.stringify(body).slice(0, 200)}: ${res.text}`);
    assert.equal(typeof res.body.message, 'string');
    assert.deepEqual(Object.keys(res.body.errors), fields, JSON.stringify(body).slice(0, 200));
  }
  const notJson = await p.c.request('PUT', '/api/v1/backup', { body: '{not json', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 422);
  assert.equal((await p.c.get('/api/v1/backup')).status, 404, 'nothing was saved');
  assert.equal((await p.c.request('PATCH', '/api/v1/backup')).status, 405);
  assert.equal((await p.c.get('/api/v1/backup/run')).status, 405);
});

test('destination secrets are stored encrypted, never answered, and asked again when the server changes', async () => {
  const p = await person('backup-secret');
  const davSecret = 'dav-secret-7f3a9c';
  const set = await setUp(p, { schedule: 'weekly', retention: 5, destination: 'webdav', webdav_url: 'https://dav.example/backups',
    webdav_username: 'me', webdav_password: davSecret, password: PASSWORD });
  assert.equal(set.secret_set, true);
  assert.equal(set.webdav_url, 'https://dav.example/backups/');
  const texts = [JSON.stringify(set), (await p.c.get('/api/v1/backup')).text];
  // Same server, no password: kept. Another server: the password is asked for again.
  const kept = await p.c.request('PUT', '/api/v1/backup', { json: { schedule: 'daily', retention: 5, destination: 'webdav',
    webdav_url: 'https://dav.example/backups/', webdav_username: 'me2' } });
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.body.secret_set, true);
  texts.push(kept.text);
  const moved = await p.c.request('PUT', '/api/v1/backup', { json: { schedule: 'daily', retention: 5, destination: 'webdav',
    webdav_url: 'https://elsewhere.example/', webdav_username: 'me2' } });
  assert.equal(moved.status, 422);
  assert.deepEqual(Object.keys(moved.body.errors), ['webdav_password']);
  for (const text of texts) {
    assert.ok(!text.includes(davSecret), 'the WebDAV password is never answered');
    assert.ok(!text.includes(PASSWORD), 'nor the backup password');
  }
  // In D1: the secret, the master key and the password slot (an offline oracle for the backup
  // password) are sealed under APP_KEY, never in the clear.
  const [row] = d1Sql(server.state, `SELECT secret, master_key, slot FROM backups WHERE user_id = ${p.id}`);
  assert.match(row.secret, /^v3:/);
  assert.match(row.master_key, /^v3:/);
  assert.ok(!JSON.stringify(row).includes(davSecret));
  assert.match(row.slot, /^v3:/);
  for (const blob of d1Blobs(server.state)) assert.ok(!blob.includes('"key_params"'), 'no clear slot anywhere in D1');
  // Switching to R2 forgets the WebDAV password.
  const toR2 = await setUp(p, { schedule: 'daily', retention: 5, destination: 'r2' });
  assert.equal(toR2.secret_set, false);
  assert.equal(d1Sql(server.state, `SELECT secret FROM backups WHERE user_id = ${p.id}`)[0].secret, null);
});
