// D1 read replication (the Sessions API, worker/src/replication.rs), as wrangler dev's local D1
// runs it: every answer to a signed-in caller carries its session's latest bookmark
// (X-D1-Bookmark), which the caller sends back to read its own writes from any replica; browsers
// keep it in an HttpOnly cookie, bearer callers only get the header; anonymous answers carry none;
// a bookmark that is not one is ignored, never a 500; who the caller is comes from the primary,
// so a revoked token is refused whatever bookmark it brings; cross-origin callers may send and
// read it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;
const URI = 'otpauth://totp/Replica:me@example.com?secret=A4GRFHVVRBGY7UIW';
let server; let web; let api;

before(async () => {
  server = await useServer();
  web = new Client(server.base);
  await web.register('Replica', uniqueEmail('replica'));
  api = await web.tokenClient();
});
after(() => server.stop());

test('every answer of the worker carries its session\'s bookmark; a write moves it on', async () => {
  const read = await api.get('/api/v1/user');
  assert.equal(read.status, 200);
  const before = read.headers.get('x-d1-bookmark');
  assert.match(before, BOOKMARK);
  const write = await api.post('/api/v1/twofaccounts', { uri: URI });
  assert.equal(write.status, 201);
  const after = write.headers.get('x-d1-bookmark');
  assert.match(after, BOOKMARK);
  // Bookmarks are ordered as text: a later one sorts after.
  assert.ok(after > before, `${after} after ${before}`);
  // Errors carry one too (their statements ran in the session), and so do the web routes.
  assert.match((await api.get('/api/v1/twofaccounts/999999999')).headers.get('x-d1-bookmark'), BOOKMARK);
  assert.match((await web.get('/oauth/personal-access-tokens')).headers.get('x-d1-bookmark'), BOOKMARK);
});

test('anonymous answers carry no bookmark: when the database was written is nobody else\'s business', async () => {
  const anonymous = new Client(server.base);
  const denied = await anonymous.get('/api/v1/user');
  assert.equal(denied.status, 401);
  assert.equal(denied.headers.get('x-d1-bookmark'), null);
  await anonymous.csrf();
  const failed = await anonymous.post('/user/login', { email: uniqueEmail('nobody'), password: 'not a password' });
  assert.equal(failed.status, 422, 'an unknown e-mail, as 2FAuth answers it');
  assert.equal(failed.headers.get('x-d1-bookmark'), null);
  assert.equal(failed.headers.getSetCookie().find((c) => c.startsWith('twofold_d1_bookmark=')), undefined);
});

test('a token revoked is refused at once, whatever bookmark it brings', async () => {
  const doomed = await web.tokenClient('doomed');
  const seen = await doomed.get('/api/v1/user');
  assert.equal(seen.status, 200);
  const bookmark = seen.headers.get('x-d1-bookmark');
  const revoked = await web.delete(`/oauth/personal-access-tokens/${doomed.tokenId}`);
  assert.equal(revoked.status, 204, revoked.text);
  const after = await doomed.get('/api/v1/user', { headers: { 'X-D1-Bookmark': bookmark } });
  assert.equal(after.status, 401);
});

test('a caller that sends its bookmark back reads its own write', async () => {
  const made = await api.post('/api/v1/twofaccounts', { uri: URI });
  const bookmark = made.headers.get('x-d1-bookmark');
  const read = await api.get(`/api/v1/twofaccounts/${made.body.id}`, { headers: { 'X-D1-Bookmark': bookmark } });
  assert.equal(read.status, 200);
  assert.equal(read.body.id, made.body.id);
  assert.ok(read.headers.get('x-d1-bookmark') >= bookmark);
});

test('a browser keeps it in an HttpOnly cookie and sends it back; a bearer caller gets no cookie', async () => {
  const res = await web.get('/api/v1/user');
  assert.equal(res.status, 200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('twofold_d1_bookmark='));
  assert.ok(cookie, res.headers.getSetCookie().join(' | '));
  assert.match(cookie.split(';')[0].split('=')[1], BOOKMARK);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.ok(web.cookies.has('twofold_d1_bookmark'), 'the client keeps it, as a browser does');
  const again = await web.post('/api/v1/groups', { name: `Replicated ${Date.now()}` });
  assert.equal(again.status, 201);
  const bearer = await api.get('/api/v1/user');
  assert.deepEqual(bearer.headers.getSetCookie(), []);
});

test('a bookmark that is not one, in the header or the cookie, is ignored: never a 500', async () => {
  for (const bad of ['garbage', 'first-unconstrained', '0000007b-0000b26e-00001538-zz3e87bb37b3db5cc52eedb93cd3b96b', 'x'.repeat(5000)]) {
    const res = await api.get('/api/v1/twofaccounts', { headers: { 'X-D1-Bookmark': bad } });
    assert.equal(res.status, 200, bad);
    assert.match(res.headers.get('x-d1-bookmark'), BOOKMARK, 'the answer gives a real one');
  }
  const browser = new Client(server.base);
  browser.cookies = new Map(web.cookies);
  browser.cookies.set('twofold_d1_bookmark', 'garbage');
  const res = await browser.get('/api/v1/user');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('x-d1-bookmark'), BOOKMARK);
});

test('cross-origin callers may send the bookmark and read it back', async () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  const preflight = await fetch(`${server.base}/api/v1/twofaccounts`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-d1-bookmark' },
  });
  assert.equal(preflight.status, 204);
  assert.ok(preflight.headers.get('access-control-allow-headers').toLowerCase().includes('x-d1-bookmark'));
  const res = await api.get('/api/v1/user', { headers: { Origin: origin } });
  assert.equal(res.headers.get('access-control-expose-headers'), 'X-D1-Bookmark');
});
