// Who is signed out when: a password change ends the user's other sessions (and, when asked, the
// tokens); a reset — by an admin or with a reset link — ends every session and token; "sign out
// everywhere" ends every session; GET /user/logout needs the CSRF header; asking for a reset
// again never cancels a link an admin made. This file starts its own server: its first user is
// the admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const PASSWORD = 'password123';
let server; let adminApi;

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  const admin = new Client(server.base);
  await admin.register('Admin', uniqueEmail('admin'));
  adminApi = await admin.tokenClient();
});
after(() => server?.stop());

/** A user signed in on `devices` separate clients (browsers), with a token. */
async function person(label, devices = 2) {
  const email = uniqueEmail(label);
  const first = new Client(server.base);
  const user = await first.register(`${label} ${email}`, email, PASSWORD);
  const clients = [first];
  for (let i = 1; i < devices; i++) {
    const c = new Client(server.base);
    await c.csrf();
    assert.equal((await c.post('/user/login', { email, password: PASSWORD })).status, 200);
    clients.push(c);
  }
  return { id: user.id, email, clients, api: await first.tokenClient() };
}

const status = async (c) => (await c.get('/api/v1/user')).status;
const patch = (c, path, json) => c.request('PATCH', path, { json });

test('a password change signs out the other sessions, keeps this one, and the tokens unless asked', async () => {
  const p = await person('change', 3);
  const [here, elsewhere, third] = p.clients;
  const changed = await patch(here, '/user/password', { currentPassword: PASSWORD, password: 'new password 1', password_confirmation: 'new password 1' });
  assert.equal(changed.status, 200);
  assert.equal(await status(here), 200, 'the session that changed it goes on');
  assert.equal(await status(elsewhere), 401, 'another browser is signed out');
  assert.equal(await status(third), 401);
  assert.equal(await status(p.api), 200, 'tokens stay unless revokeTokens');
  const again = await patch(here, '/user/password', {
    currentPassword: 'new password 1', password: 'new password 2', password_confirmation: 'new password 2', revokeTokens: true,
  });
  assert.equal(again.status, 200);
  assert.equal(await status(p.api), 401, 'revokeTokens revokes them');
  assert.equal(await status(here), 200);
});

test('an admin reset ends every session and token of the user at once', async () => {
  const p = await person('adminreset', 2);
  const reset = await patch(adminApi, `/api/v1/users/${p.id}/password/reset`);
  assert.equal(reset.status, 200);
  for (const c of p.clients) assert.equal(await status(c), 401, 'sessions end');
  assert.equal(await status(p.api), 401, 'tokens are revoked');
  // The link sets a password that opens a new session.
  const link = new URL(reset.body.password_reset_link, server.base);
  const anonymous = new Client(server.base);
  await anonymous.csrf();
  const body = { token: link.searchParams.get('token'), email: p.email, password: 'after reset', password_confirmation: 'after reset' };
  assert.equal((await anonymous.post('/user/password/reset', body)).status, 200);
  assert.equal((await anonymous.post('/user/login', { email: p.email, password: 'after reset' })).status, 200);
  assert.equal(await status(anonymous), 200);
});

test('a lost-password request does not cancel the reset link an admin made', async () => {
  const p = await person('lostlink', 1);
  const reset = await patch(adminApi, `/api/v1/users/${p.id}/password/reset`);
  const link = new URL(reset.body.password_reset_link, server.base);
  const anonymous = new Client(server.base);
  await anonymous.csrf();
  // Someone (the user, or anyone knowing the address) asks again before the link is used.
  const asked = await anonymous.post('/user/password/lost', { email: p.email });
  assert.equal(asked.status, 200);
  const body = { token: link.searchParams.get('token'), email: p.email, password: 'kept link', password_confirmation: 'kept link' };
  const used = await anonymous.post('/user/password/reset', body);
  assert.equal(used.status, 200, JSON.stringify(used.body));
  assert.deepEqual(used.body, { message: 'Your password has been reset!' });
});

test('sign out everywhere ends every session of the user, this one included; tokens stay', async () => {
  const p = await person('everywhere', 3);
  const other = await person('bystander', 1);
  const out = await p.clients[1].request('DELETE', '/user/sessions');
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { message: 'signed out everywhere' });
  assert.ok(out.headers.getSetCookie().some((l) => /^twofold_session=;.*Max-Age=0/.test(l)), 'the cookie is cleared');
  for (const c of p.clients) assert.equal(await status(c), 401);
  assert.equal(await status(p.api), 200, 'tokens are not sessions');
  assert.equal(await status(other.clients[0]), 200, "another user's session is untouched");
  const noCsrf = await other.clients[0].request('DELETE', '/user/sessions', { csrf: false });
  assert.equal(noCsrf.status, 419);
  assert.equal(await status(other.clients[0]), 200);
  assert.equal((await new Client(server.base).request('DELETE', '/user/sessions', { csrf: false })).status, 419);
});

test('GET /user/logout needs the CSRF header: a link or an image elsewhere cannot sign anyone out', async () => {
  const p = await person('logoutcsrf', 1);
  const [c] = p.clients;
  const forged = await c.get('/user/logout', { csrf: false });
  assert.equal(forged.status, 419);
  assert.deepEqual(forged.body, { message: 'CSRF token mismatch.' });
  assert.equal(await status(c), 200, 'still signed in');
  assert.equal((await c.get('/user/logout')).status, 200);
  assert.equal(await status(c), 401);
});
