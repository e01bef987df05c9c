// GET /user/offline-key: the secret with which the web app wraps its offline copy's key on the
// device (web/static/vault.js). Only a live cookie session with its CSRF header gets it, never a
// bearer token; it is the same while the session lives, another for another session, and gone
// once the session is over (signed out, expired, kicked for inactivity) or the password changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useServer, ROOT, toolEnv } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

/** Runs SQL on the server's local D1, as an operator would with wrangler. Asynchronously: a
 *  blocked event loop would miss the server closing idle connections, and reuse a dead one. */
const sql = async (command) => JSON.parse((await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'),
  ['d1', 'execute', 'DB', '--local', '--persist-to', server.state, '--json', '--command', command],
  { cwd: ROOT, env: toolEnv(), encoding: 'utf8' })).stdout)[0].results;

const key = (c, opts) => c.get('/user/offline-key', opts);

/** A new user signed in with a cookie session: the client, its e-mail and its user id. */
async function signedIn(name) {
  const c = new Client(server.base);
  const email = uniqueEmail(name);
  const { id } = await c.register(name, email);
  return { c, email, id };
}

/** The session of `c` as stored (its hash): the session cookie's SHA-256. */
const sessionHash = (c) => createHash('sha256').update(c.cookies.get('twofold_session')).digest('hex');

test('only a live cookie session with its CSRF header gets the key, never cached; never a bearer token', async () => {
  const anonymous = new Client(server.base);
  await anonymous.csrf();
  const none = await key(anonymous);
  assert.equal(none.status, 401);
  assert.deepEqual(none.body, { message: 'Unauthenticated.' });

  const { c } = await signedIn('OfflineKey');
  const res = await key(c);
  assert.equal(res.status, 200);
  assert.match(res.body.key, /^[A-Za-z0-9+/]{43}=$/);
  assert.equal(Buffer.from(res.body.key, 'base64').length, 32);
  assert.equal(res.headers.get('cache-control'), 'no-store');

  // The cookie alone (a cross-site request carries it, not the header) is not enough.
  const noHeader = await key(c, { csrf: false });
  assert.equal(noHeader.status, 419);
  assert.ok(!noHeader.text.includes(res.body.key));
  const forged = await key(c, { csrf: false, headers: { 'X-XSRF-TOKEN': 'forged' } });
  assert.equal(forged.status, 419);

  // A personal access token of the same user opens the API, not this route.
  const api = await c.tokenClient();
  assert.equal((await api.get('/api/v1/user')).status, 200);
  const bearer = await key(api);
  assert.equal(bearer.status, 401);
  assert.ok(!bearer.text.includes(res.body.key));

  // Other methods are not served.
  assert.equal((await c.post('/user/offline-key', {})).status, 405);
});

test('the key is stable while the session lives, another for another session, and refused after logout', async () => {
  const { c, email } = await signedIn('OfflineKeyStable');
  const first = (await key(c)).body.key;
  assert.equal((await key(c)).body.key, first);
  assert.equal((await key(c)).body.key, first);

  // The same user's second session: another key.
  const other = new Client(server.base);
  await other.csrf();
  assert.equal((await other.post('/user/login', { email, password: 'password123' })).status, 200);
  const second = (await key(other)).body.key;
  assert.notEqual(second, first);

  // Another user: another key.
  const { c: stranger } = await signedIn('OfflineKeyStranger');
  assert.notEqual((await key(stranger)).body.key, first);

  // Signed out: even the old session cookie, put back, gets nothing.
  const cookie = c.cookies.get('twofold_session');
  assert.equal((await c.get('/user/logout')).status, 200);
  c.cookies.set('twofold_session', cookie);
  const replayed = await key(c);
  assert.equal(replayed.status, 401);
  assert.ok(!replayed.text.includes(first));
  assert.equal((await key(other)).body.key, second, 'the other session keeps its own');
});

test('the key dies with the session: expiry and the inactivity kick', async () => {
  const expiring = await signedIn('OfflineKeyExpiry');
  assert.equal((await key(expiring.c)).status, 200);
  await sql(`UPDATE sessions SET expires_at = 1 WHERE id_hash = '${sessionHash(expiring.c)}'`);
  assert.equal((await key(expiring.c)).status, 401);

  const idle = await signedIn('OfflineKeyIdle');
  assert.equal((await idle.c.request('PUT', '/api/v1/user/preferences/kickUserAfter', { json: { value: 1 } })).status, 201);
  assert.equal((await key(idle.c)).status, 200);
  await sql(`UPDATE sessions SET last_seen_at = last_seen_at - 120 WHERE id_hash = '${sessionHash(idle.c)}'`);
  const kicked = await key(idle.c);
  assert.equal(kicked.status, 418);
  assert.equal((await key(idle.c)).status, 401, 'the session is over');
});

test('a new password (changed or reset) gives no more the old key, even to a session that lives on', async () => {
  const { c, email, id } = await signedIn('OfflineKeyPassword');
  const other = new Client(server.base);
  await other.csrf();
  assert.equal((await other.post('/user/login', { email, password: 'password123' })).status, 200);
  const [mine, theirs] = [(await key(c)).body.key, (await key(other)).body.key];

  const changed = await c.request('PATCH', '/user/password',
    { json: { currentPassword: 'password123', password: 'password456', password_confirmation: 'password456' } });
  assert.equal(changed.status, 200);
  // Each session either ended with the change or now gets another key: never the old one.
  for (const [client, old] of [[c, mine], [other, theirs]]) {
    const res = await key(client);
    assert.ok(res.status === 401 || (res.status === 200 && res.body.key !== old), `${res.status} ${res.text}`);
  }

  // A reset writes a new password record too (as POST /api/v1/users/{id}/password/reset does).
  const fresh = new Client(server.base);
  await fresh.csrf();
  assert.equal((await fresh.post('/user/login', { email, password: 'password456' })).status, 200);
  const beforeReset = (await key(fresh)).body.key;
  const [{ password }] = await sql(`SELECT password FROM users WHERE id = ${id}`);
  const salt = Buffer.from(password.split('$')[2], 'base64');
  salt[0] ^= 1;
  const record = password.split('$').map((part, i) => (i === 2 ? salt.toString('base64') : part)).join('$');
  await sql(`UPDATE users SET password = '${record}' WHERE id = ${id}`);
  const afterReset = await key(fresh);
  assert.equal(afterReset.status, 200);
  assert.notEqual(afterReset.body.key, beforeReset);
});
