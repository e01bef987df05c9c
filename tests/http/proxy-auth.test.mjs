// Sign-in by an authenticating reverse proxy (issue 14, 2FAuth's reverse-proxy-guard): a
// worker started with AUTHENTICATION_GUARD=reverse-proxy-guard. This suite plays the proxy: it sends
// the shared secret (X-Auth-Proxy-Secret), the user and e-mail headers, and the proxy's address as
// Cloudflare reports it (CF-Connecting-IP). Every response is checked against the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client } from '../support/client.mjs';
import { d1Sql } from '../support/d1.mjs';
import { rawRequest } from '../support/raw-http.mjs';

const SECRET = 'a-proxy-secret-of-forty-characters-0123456';
const PROXY = '203.0.113.7';
const VARS = {
  ...SUITE_VARS,
  AUTHENTICATION_GUARD: 'reverse-proxy-guard',
  AUTH_PROXY_SECRET: SECRET,
  AUTH_PROXY_HEADER_FOR_USER: 'HTTP_REMOTE_USER',
  AUTH_PROXY_HEADER_FOR_EMAIL: 'HTTP_REMOTE_EMAIL',
  TRUSTED_PROXIES: '203.0.113.0/24, 2001:db8::/32',
  PROXY_LOGOUT_URL: 'https://proxy.example/logout',
  PROXY_HEADER_FOR_IP: 'HTTP_X_REAL_IP',
};

let server; let client;
before(async () => {
  server = await startServer({ vars: VARS });
  client = new Client(server.base);
});
after(() => server?.stop());

/** Headers the proxy adds for `user` (no user header when `user` is undefined). */
const proxied = (user, { email, secret = SECRET, from = PROXY, extra = {} } = {}) => {
  const headers = { 'X-Auth-Proxy-Secret': secret, 'CF-Connecting-IP': from, ...extra };
  if (user !== undefined) headers['Remote-User'] = user;
  if (email !== undefined) headers['Remote-Email'] = email;
  return { headers };
};

const sql = (statement) => d1Sql(server.state, statement);

test('the first user the proxy names is created, admin, with the header e-mail; authenticated_by_proxy', async () => {
  const res = await client.get('/api/v1/user', proxied('alice', { email: 'Alice@Example.org' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.name, 'alice');
  assert.equal(res.body.email, 'alice@example.org');
  assert.equal(res.body.is_admin, true, 'first user ⇒ admin');
  assert.equal(res.body.authenticated_by_proxy, true);
  assert.equal(res.body.proxy_logout_url, 'https://proxy.example/logout');
  // No session and no token came of it: nothing to steal, nothing to revoke.
  assert.equal(res.headers.get('set-cookie'), null);
  assert.deepEqual(sql("SELECT COUNT(*) AS n FROM sessions")[0].n, 0);
  // And the same user again, not a second one.
  const again = await client.get('/api/v1/user', proxied('alice'));
  assert.equal(again.body.id, res.body.id);
  assert.equal(again.body.email, 'alice@example.org', 'no e-mail header: kept as it is');
});

test('later users are not admins; without a usable e-mail they get {id}@remote', async () => {
  const bob = await client.get('/api/v1/user', proxied('bob'));
  assert.equal(bob.status, 200);
  assert.equal(bob.body.is_admin, false);
  assert.equal(bob.body.email, `${bob.body.id}@remote`);
  // An e-mail another user has is not taken, nor is one that is no e-mail.
  const carol = await client.get('/api/v1/user', proxied('carol', { email: 'alice@example.org' }));
  assert.equal(carol.body.email, `${carol.body.id}@remote`);
  const dave = await client.get('/api/v1/user', proxied('dave', { email: 'not an e-mail' }));
  assert.equal(dave.body.email, `${dave.body.id}@remote`);
  // Names are taken as 2FAuth takes them: trimmed, at most 191 characters.
  const long = 'é'.repeat(200);
  const capped = await client.get('/api/v1/user', proxied(long));
  assert.equal(capped.status, 200);
  assert.equal([...capped.body.name].length, 191);
});

test('the e-mail follows the proxy, unless another user has it', async () => {
  const before = await client.get('/api/v1/user', proxied('erin', { email: 'erin@old.example' }));
  const moved = await client.get('/api/v1/user', proxied('erin', { email: 'erin@new.example' }));
  assert.equal(moved.body.id, before.body.id);
  assert.equal(moved.body.email, 'erin@new.example');
  assert.equal(sql(`SELECT email FROM users WHERE id = ${before.body.id}`)[0].email, 'erin@new.example');
  const clash = await client.get('/api/v1/user', proxied('erin', { email: 'alice@example.org' }));
  assert.equal(clash.body.email, 'erin@new.example');
});

test('every authenticated route runs as the named user, scoped to them', async () => {
  const created = await client.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/Proxy:frank?secret=A4GRFHVVRBGY7UIW' }, proxied('frank'));
  assert.equal(created.status, 201, created.text);
  const mine = await client.get('/api/v1/twofaccounts', proxied('frank'));
  assert.deepEqual(mine.body.map((a) => a.id), [created.body.id]);
  const theirs = await client.get('/api/v1/twofaccounts', proxied('grace'));
  assert.deepEqual(theirs.body, []);
  assert.equal((await client.get(`/api/v1/twofaccounts/${created.body.id}`, proxied('grace'))).status, 403);
  // Admin routes follow the admin flag of the named user.
  assert.equal((await client.get('/api/v1/users', proxied('alice'))).status, 200);
  assert.equal((await client.get('/api/v1/users', proxied('grace'))).status, 403);
  // Web routes too (the admin's diagnostics).
  assert.equal((await client.get('/system/infos', proxied('alice'))).status, 200);
});

test('a request not from a trusted proxy is 403, whatever it says', async () => {
  const untrusted = { message: 'Request does not come from a trusted proxy' };
  for (const from of ['198.51.100.1', '2001:db9::1']) {
    const res = await client.get('/api/v1/user', proxied('alice', { from }));
    assert.equal(res.status, 403, from);
    assert.deepEqual(res.body, untrusted);
  }
  const inside = await client.get('/api/v1/user', proxied('alice', { from: '2001:db8::5' }));
  assert.equal(inside.status, 200, 'IPv6 range');
});

test('without the shared secret, or with a wrong one, the proxy is not believed (403)', async () => {
  const untrusted = { message: 'Request does not come from a trusted proxy' };
  const missing = await client.get('/api/v1/user', { headers: { 'Remote-User': 'alice', 'CF-Connecting-IP': PROXY } });
  assert.equal(missing.status, 403);
  assert.deepEqual(missing.body, untrusted);
  for (const secret of ['', 'wrong', SECRET.slice(0, -1) + 'X', SECRET + 'X']) {
    const res = await client.get('/api/v1/user', proxied('alice', { secret }));
    assert.equal(res.status, 403, `secret ${JSON.stringify(secret)}`);
  }
  // The users the refused requests named were not created.
  assert.equal(sql("SELECT COUNT(*) AS n FROM users WHERE name = 'mallory'")[0].n, 0);
  await client.get('/api/v1/user', proxied('mallory', { secret: 'wrong' }));
  assert.equal(sql("SELECT COUNT(*) AS n FROM users WHERE name = 'mallory'")[0].n, 0);
});

test('no user named ⇒ 407', async () => {
  // (Through node:http: fetch answers a 407 with a network error.)
  for (const user of [undefined, '', '   ']) {
    const res = await rawRequest(server.base, 'GET', '/api/v1/user', proxied(user));
    assert.equal(res.status, 407, JSON.stringify(user));
    assert.deepEqual(res.body, { message: 'Unauthenticated.' });
  }
  assert.equal((await rawRequest(server.base, 'GET', '/api/v1/twofaccounts', proxied(undefined))).status, 407);
  assert.equal((await rawRequest(server.base, 'GET', '/system/infos', proxied(''))).status, 407, 'web routes too');
});

test('tokens and sessions open nothing: the proxy alone authenticates', async () => {
  const bearer = await client.get('/api/v1/user', { headers: { Authorization: 'Bearer whatever', 'CF-Connecting-IP': PROXY } });
  assert.equal(bearer.status, 403);
  // A page of another origin does not act through the proxy's sign-in either.
  const foreign = await client.post('/api/v1/groups', { name: 'csrf' }, proxied('alice', { extra: { Origin: 'https://evil.example' } }));
  assert.equal(foreign.status, 403);
  assert.equal(sql("SELECT COUNT(*) AS n FROM groups WHERE name = 'csrf'")[0].n, 0);
});

test('sign-in, sign-out, registration, password, token and passkey routes are 405', async () => {
  const notApplicable = { message: 'Not applicable when using an auth proxy or SSO' };
  const routes = [
    ['GET', '/user/logout'], ['DELETE', '/user/sessions'], ['PUT', '/user'], ['DELETE', '/user'],
    ['PATCH', '/user/password'], ['POST', '/user/login'], ['POST', '/user'],
    ['POST', '/user/password/lost'], ['POST', '/user/password/reset'], ['GET', '/user/offline-key'],
    ['GET', '/oauth/personal-access-tokens'], ['POST', '/oauth/personal-access-tokens'],
    ['DELETE', '/oauth/personal-access-tokens/1'],
    ['POST', '/webauthn/register/options'], ['POST', '/webauthn/register'],
    ['POST', '/webauthn/login/options'], ['POST', '/webauthn/login'], ['GET', '/webauthn/credentials'],
    ['PATCH', '/webauthn/credentials/x/name'], ['DELETE', '/webauthn/credentials/x'],
  ];
  for (const [method, path] of routes) {
    const res = await client.request(method, path, { ...proxied('alice'), json: method === 'GET' ? undefined : {} });
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.deepEqual(res.body, notApplicable, `${method} ${path}`);
  }
  // The sign-in pages lead to the accounts.
  for (const page of ['/login', '/register', '/password/request']) {
    const res = await fetch(server.base + page, { redirect: 'manual', ...proxied('alice') });
    assert.equal(res.status, 302, page);
    assert.equal(res.headers.get('location'), '/accounts', page);
  }
});

test('a visit is logged at most every 15 minutes, with the address PROXY_HEADER_FOR_IP names', async () => {
  const me = await client.get('/api/v1/user', proxied('heidi', { extra: { 'X-Real-IP': '192.0.2.44', 'User-Agent': 'ProxyTest/1' } }));
  for (let i = 0; i < 4; i++) await client.get('/api/v1/twofaccounts', proxied('heidi'));
  const visits = () => sql(`SELECT ip_address, user_agent, login_at, login_method, login_successful FROM authentication_log WHERE user_id = ${me.body.id} ORDER BY id`);
  let rows = visits();
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].login_method, 'proxy');
  assert.equal(rows[0].ip_address, '192.0.2.44');
  assert.equal(rows[0].user_agent, 'ProxyTest/1');
  assert.equal(rows[0].login_successful, 1);
  // The admin sees it through the API.
  const log = await client.get(`/api/v1/users/${me.body.id}/authentications`, proxied('alice'));
  assert.equal(log.status, 200);
  assert.equal(log.body.length, 1);
  assert.equal(log.body[0].login_method, 'proxy');
  // 14 minutes later: still the same sitting. 15 minutes and a second later: a new visit.
  sql(`UPDATE authentication_log SET login_at = login_at - 840 WHERE user_id = ${me.body.id}`);
  await client.get('/api/v1/user', proxied('heidi'));
  assert.equal(visits().length, 1);
  sql(`UPDATE authentication_log SET login_at = login_at - 61 WHERE user_id = ${me.body.id}`);
  await client.get('/api/v1/user', proxied('heidi', { extra: { 'CF-Connecting-IP': PROXY } }));
  rows = visits();
  assert.equal(rows.length, 2);
  assert.equal(rows[1].ip_address, PROXY, 'without X-Real-IP, the address Cloudflare reports');
  const seen = sql(`SELECT last_seen_at FROM users WHERE id = ${me.body.id}`)[0].last_seen_at;
  assert.ok(Math.abs(seen - rows[1].login_at) <= 1, 'last_seen_at follows the visits');
});

test('header mode refuses to run without its secret: a clear 500, never an open door', async () => {
  const { AUTH_PROXY_SECRET, ...withoutSecret } = VARS;
  assert.ok(AUTH_PROXY_SECRET);
  const open = await startServer({ vars: withoutSecret });
  try {
    const c = new Client(open.base);
    const res = await c.get('/api/v1/user', proxied('alice'));
    assert.equal(res.status, 500);
    assert.match(res.body.message, /AUTH_PROXY_SECRET/);
    assert.ok(!res.text.includes(SECRET));
  } finally {
    await open.stop();
  }
});
