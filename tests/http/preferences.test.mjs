// 2FAuth's user preferences: the 41 with defaults, PUT → 201, unknown names 404, the instance's
// USERPREF_DEFAULT__* / USERPREF_LOCKED__* variables, and where a new account goes (defaultGroup).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { TOTP_SHORT_URI } from '../support/fixtures.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

async function user(base, name) {
  const c = new Client(base);
  await c.register(`${name} ${uniqueEmail()}`, uniqueEmail(name));
  return c.tokenClient();
}

test('the 41 preferences in order, one by one, and PUT answering 201 {key, value}', async () => {
  const me = await user(server.base, 'prefs');
  const all = await me.get('/api/v1/user/preferences');
  assert.equal(all.status, 200);
  assert.equal(all.body.length, 41);
  assert.deepEqual(all.body[0], { key: 'showOtpAsDot', value: false, locked: false });
  assert.deepEqual((await me.get('/api/v1/user/preferences/theme')).body, { key: 'theme', value: 'system', locked: false });
  const put = await me.request('PUT', '/api/v1/user/preferences/theme', { json: { value: 'dark' } });
  assert.equal(put.status, 201);
  assert.deepEqual(put.body, { key: 'theme', value: 'dark' });
  assert.equal((await me.get('/api/v1/user/preferences/theme')).body.value, 'dark');
  assert.equal((await me.get('/api/v1/user')).body.preferences.theme, 'dark');
  const number = await me.request('PUT', '/api/v1/user/preferences/formatPasswordBy', { json: { value: 3 } });
  assert.deepEqual(number.body, { key: 'formatPasswordBy', value: 3 }, 'no type check server-side, as 2FAuth');
  assert.equal((await me.get('/api/v1/user/preferences/nope')).status, 404);
  assert.equal((await me.request('PUT', '/api/v1/user/preferences/nope', { json: { value: 1 } })).status, 404);
  assert.equal((await me.request('PUT', '/api/v1/user/preferences/theme', { json: { value: '' } })).status, 422);
  assert.equal((await me.request('PUT', '/api/v1/user/preferences/theme', { json: {} })).status, 422);
  assert.equal((await me.request('PUT', '/api/v1/user/preferences/theme', { json: { value: 'x'.repeat(2000) } })).status, 422);
});

test('defaultGroup: new accounts go to that group, -1 to the active group, 0 nowhere', async () => {
  const me = await user(server.base, 'defaultgroup');
  const g = (await me.post('/api/v1/groups', { name: 'Default' })).body;
  const active = (await me.post('/api/v1/groups', { name: 'Active' })).body;
  await me.request('PUT', '/api/v1/user/preferences/defaultGroup', { json: { value: g.id } });
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body.group_id, g.id);
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: 0 })).body.group_id, null, 'explicit 0: no group');
  await me.request('PUT', '/api/v1/user/preferences/defaultGroup', { json: { value: -1 } });
  await me.request('PUT', '/api/v1/user/preferences/activeGroup', { json: { value: active.id } });
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body.group_id, active.id);
  await me.delete(`/api/v1/groups/${active.id}`);
  assert.equal((await me.get('/api/v1/user/preferences/activeGroup')).body.value, 0, 'deleting the group resets activeGroup');
  await me.delete(`/api/v1/groups/${g.id}`);
  await me.request('PUT', '/api/v1/user/preferences/defaultGroup', { json: { value: g.id } });
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body.group_id, null, 'a deleted group: nowhere');
});

test('the instance can change defaults and lock preferences (its own server, with variables)', async () => {
  const locked = await startServer({ vars: { USERPREF_DEFAULT__THEME: 'light', USERPREF_LOCKED__THEME: 'true', USERPREF_DEFAULT__SHOW_OTP_AS_DOT: 'true', USERPREF_LOCKED__SORT_ORDER: 'true' } });
  try {
    const me = await user(locked.base, 'locked');
    assert.deepEqual((await me.get('/api/v1/user/preferences/theme')).body, { key: 'theme', value: 'light', locked: true });
    const put = await me.request('PUT', '/api/v1/user/preferences/theme', { json: { value: 'dark' } });
    assert.equal(put.status, 403);
    assert.deepEqual(put.body, { message: '' });
    assert.deepEqual((await me.get('/api/v1/user/preferences/showOtpAsDot')).body, { key: 'showOtpAsDot', value: true, locked: false });
    assert.equal((await me.get('/api/v1/user/preferences/sortOrder')).body.locked, false, 'sortOrder can never be locked');
    assert.equal((await me.get('/api/v1/user')).body.preferences.theme, 'light');
  } finally {
    await locked.stop();
  }
});
