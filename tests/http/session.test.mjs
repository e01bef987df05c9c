// 2FAuth's web (session) routes: CSRF, registration, login, logout; its registration rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

test('GET /refresh-csrf sets a readable XSRF-TOKEN cookie and answers the token', async () => {
  const c = new Client(server.base);
  const res = await c.get('/refresh-csrf');
  assert.equal(res.status, 200);
  assert.ok(res.text.length >= 32);
  assert.equal(c.cookies.get('XSRF-TOKEN'), res.text);
  const cookie = res.headers.getSetCookie().find((l) => l.startsWith('XSRF-TOKEN='));
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /HttpOnly/);
});

test('state-changing session routes need the CSRF header equal to the cookie (419)', async () => {
  const c = new Client(server.base);
  const noCookie = await c.post('/user', { name: 'x', email: uniqueEmail(), password: 'password123', password_confirmation: 'password123' });
  assert.equal(noCookie.status, 419);
  await c.csrf();
  const forged = await c.post('/user/login', { email: 'a@b.c', password: 'x' }, { csrf: false, headers: { 'X-XSRF-TOKEN': 'forged' } });
  assert.equal(forged.status, 419);
  assert.deepEqual(forged.body, { message: 'CSRF token mismatch.' });
});

test('registration: first user is admin, the session cookie is http-only and Lax, payload as 2FAuth', async () => {
  const c = new Client(server.base);
  const email = uniqueEmail('Reg');
  await c.csrf();
  const res = await c.post('/user', { name: `Reg ${email}`, email, password: 'password123', password_confirmation: 'password123' });
  assert.equal(res.status, 201);
  assert.equal(res.body.message, 'account created');
  assert.equal(res.body.email, email.toLowerCase(), 'e-mail stored lower-cased');
  assert.deepEqual(Object.keys(res.body), ['message', 'id', 'name', 'email', 'oauth_provider', 'preferences', 'appSettings', 'is_admin']);
  assert.equal(Object.keys(res.body.preferences).length, 41);
  assert.equal(typeof res.body.is_admin, 'boolean');
  const session = res.headers.getSetCookie().find((l) => l.startsWith('twofold_session='));
  assert.match(session, /HttpOnly/);
  assert.match(session, /SameSite=Lax/);
  const me = await c.get('/api/v1/user');
  assert.equal(me.status, 200);
  assert.equal(me.body.id, res.body.id);
  assert.equal(me.body.authenticated_by_proxy, false);
});

test('only the first user of an instance is admin', async () => {
  const a = new Client(server.base);
  const b = new Client(server.base);
  const first = await a.register('Admin check A', uniqueEmail('a'));
  const second = await b.register('Admin check B', uniqueEmail('b'));
  // This suite may share a server with others: whoever came first is admin, nobody after.
  assert.equal(second.is_admin, false);
  assert.ok(second.id > first.id);
});

test('registration validation: required fields, e-mail format, length, confirmation, uniqueness', async () => {
  const c = new Client(server.base);
  await c.csrf();
  const empty = await c.post('/user', {});
  assert.equal(empty.status, 422);
  assert.equal(empty.body.message, 'The name field is required. (and 2 more errors)');
  assert.deepEqual(Object.keys(empty.body.errors), ['name', 'email', 'password']);
  const bad = await c.post('/user', { name: 'n', email: 'not-an-email', password: 'short', password_confirmation: 'other' });
  assert.equal(bad.status, 422);
  assert.ok(bad.body.errors.email);
  assert.equal(bad.body.errors.password.length, 2);
  const email = uniqueEmail('dup');
  const other = new Client(server.base);
  await other.register(`Dup ${email}`, email);
  const dup = await c.post('/user', { name: `Dup ${email}`, email: email.toUpperCase(), password: 'password123', password_confirmation: 'password123' });
  assert.equal(dup.status, 422);
  assert.deepEqual(dup.body.errors, { name: ['The name has already been taken.'], email: ['The email has already been taken.'] });
  const spaces = await c.post('/user', { name: '   ', email: '  ', password: 'password123', password_confirmation: 'password123' });
  assert.equal(spaces.status, 422, 'blank strings are trimmed to null, then required');
});

test('login: unknown e-mail 422, wrong password 401 unauthorized, right password 200 authenticated', async () => {
  const email = uniqueEmail('login');
  await new Client(server.base).register(`Login ${email}`, email, 'correct horse');
  const c = new Client(server.base);
  await c.csrf();
  const unknown = await c.post('/user/login', { email: uniqueEmail('nobody'), password: 'x' });
  assert.equal(unknown.status, 422);
  assert.deepEqual(unknown.body.errors, { email: ['No account found using this email.'] });
  const wrong = await c.post('/user/login', { email, password: 'wrong horse' });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, { message: 'unauthorized' });
  const ok = await c.post('/user/login', { email: email.toUpperCase(), password: 'correct horse' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.message, 'authenticated');
  assert.equal((await c.get('/api/v1/user')).status, 200);
  const missing = await c.post('/user/login', {});
  assert.equal(missing.status, 422);
  assert.deepEqual(Object.keys(missing.body.errors), ['email', 'password']);
});

test('passwords keep their spaces (not trimmed)', async () => {
  const email = uniqueEmail('spaces');
  await new Client(server.base).register(`Spaces ${email}`, email, '  padded pass  ');
  const c = new Client(server.base);
  await c.csrf();
  assert.equal((await c.post('/user/login', { email, password: 'padded pass' })).status, 401);
  assert.equal((await c.post('/user/login', { email, password: '  padded pass  ' })).status, 200);
});

test('logout ends the session: the same cookie no longer opens anything', async () => {
  const c = new Client(server.base);
  await c.register('Logout', uniqueEmail('logout'));
  const session = c.cookies.get('twofold_session');
  const out = await c.get('/user/logout');
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { message: 'signed out' });
  c.cookies.set('twofold_session', session);
  assert.equal((await c.get('/api/v1/user')).status, 401);
  assert.equal((await c.get('/user/logout')).status, 401);
});

test('2FAuth\'s login throttle: the 5th wrong password still answers 401, the next attempts 429 until the minute ends', async () => {
  const email = uniqueEmail('throttle');
  await new Client(server.base).register(`Throttle ${email}`, email, 'the right password');
  const c = new Client(server.base);
  await c.csrf();
  for (let i = 1; i <= 5; i += 1) {
    assert.equal((await c.post('/user/login', { email, password: `wrong ${i}` })).status, 401, `attempt ${i}`);
  }
  const locked = await c.post('/user/login', { email, password: 'the right password' });
  assert.equal(locked.status, 429, 'even the right password waits');
  assert.deepEqual(locked.body, { message: 'Too many login attempts. Please try again in {seconds} seconds.' });
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  // Another e-mail from the same address is not locked.
  const other = uniqueEmail('throttle-other');
  await new Client(server.base).register(`Throttle other ${other}`, other, 'the right password');
  assert.equal((await c.post('/user/login', { email: other, password: 'the right password' })).status, 200);
});

test('a successful login clears earlier failures', async () => {
  const email = uniqueEmail('clears');
  await new Client(server.base).register(`Clears ${email}`, email, 'the right password');
  const c = new Client(server.base);
  await c.csrf();
  for (let i = 0; i < 4; i += 1) await c.post('/user/login', { email, password: 'wrong' });
  assert.equal((await c.post('/user/login', { email, password: 'the right password' })).status, 200);
  for (let i = 0; i < 5; i += 1) assert.equal((await c.post('/user/login', { email, password: 'wrong' })).status, 401, `after the reset, attempt ${i + 1}`);
});
