// 2FAuth's admin settings and registration policy, its features route, its users management with
// the authentication log, the user's own profile / password / deletion / lost password, and the
// inactivity kick (418). This file starts its own server: its first user must be the admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0';
const FORBIDDEN = { message: 'forbidden', reason: 'This action is unauthorized.' };
let server; let admin; let adminApi; let bob; let bobApi; let bobEmail;

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  admin = new Client(server.base);
  const a = await admin.register('Admin', uniqueEmail('admin'));
  assert.equal(a.is_admin, true, 'the first user is admin');
  adminApi = await admin.tokenClient();
  bob = new Client(server.base);
  bobEmail = uniqueEmail('bob');
  await bob.register('Bob', bobEmail);
  bobApi = await bob.tokenClient();
});
after(() => server?.stop());

const put = (c, path, json) => c.request('PUT', path, { json });
const patch = (c, path, json) => c.request('PATCH', path, { json });
const del = (c, path, json) => c.request('DELETE', path, { json });
/** Runs SQL straight on the server's local D1 file, as an operator would (python3's sqlite3: the
 *  test process is never blocked long enough to miss workerd closing an idle connection). */
const sql = (command) => d1Sql(server.state, command);

test('settings: the 15 natives with their defaults; useEncryption is always true', async () => {
  const res = await adminApi.get('/api/v1/settings');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.map((s) => s.key), ['useEncryption', 'checkForUpdate', 'lastRadarScan', 'latestRelease',
    'disableRegistration', 'enableSso', 'useSsoOnly', 'allowPatWhileSsoOnly', 'restrictRegistration', 'restrictList',
    'restrictRule', 'keepSsoRegistrationEnabled', 'storeIconsInDatabase', 'enableSharing', 'enableAllUsersSharingScope']);
  assert.deepEqual(res.body[0], { key: 'useEncryption', value: true });
  assert.deepEqual(res.body.find((s) => s.key === 'restrictList'), { key: 'restrictList', value: '' });
  const off = await put(adminApi, '/api/v1/settings/useEncryption', { value: false });
  assert.equal(off.status, 400);
  assert.match(off.body.message, /always encrypts/);
  assert.deepEqual((await adminApi.get('/api/v1/settings/useEncryption')).body, { key: 'useEncryption', value: true });
});

test('settings: custom ones are created, read, changed and deleted; natives are not deletable', async () => {
  const created = await adminApi.post('/api/v1/settings', { key: 'myKey', value: 'first' });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { key: 'myKey', value: 'first' });
  const again = await adminApi.post('/api/v1/settings', { key: 'myKey', value: 'x' });
  assert.equal(again.status, 422);
  assert.deepEqual(again.body.errors, { key: ['The key has already been taken.'] });
  const bad = await adminApi.post('/api/v1/settings', { key: 'my_key' });
  assert.deepEqual(Object.keys(bad.body.errors), ['key', 'value']);
  assert.deepEqual((await put(adminApi, '/api/v1/settings/myKey', { value: 2 })).body, { key: 'myKey', value: 2 });
  assert.deepEqual((await adminApi.get('/api/v1/settings')).body.at(-1), { key: 'myKey', value: 2 }, 'customs after natives');
  assert.equal((await put(adminApi, '/api/v1/settings/myKey', {})).status, 422);
  assert.equal((await del(adminApi, '/api/v1/settings/myKey')).status, 204);
  assert.equal((await adminApi.get('/api/v1/settings/myKey')).status, 404);
  assert.equal((await del(adminApi, '/api/v1/settings/myKey')).status, 404);
  const native = await del(adminApi, '/api/v1/settings/checkForUpdate');
  assert.equal(native.status, 400);
  assert.deepEqual(native.body, { message: 'bad request', reason: ['Only user-created setting can be deleted'] });
  assert.equal((await put(adminApi, '/api/v1/settings/restrictList', { value: 'a@x.org|not an email' })).status, 422);
  assert.equal((await put(adminApi, '/api/v1/settings/restrictRule', { value: '^(unclosed' })).status, 422);
  assert.equal((await put(adminApi, '/api/v1/settings/restrictRule', { value: 'x' })).status, 200);
  assert.equal((await del(adminApi, '/api/v1/settings/restrictRule')).status, 204, 'restrictRule resets to ""');
  assert.deepEqual((await adminApi.get('/api/v1/settings/restrictRule')).body, { key: 'restrictRule', value: '' });
});

test('registration policy: disabled → 403; restricted by list or rule → 422 for others', async () => {
  const register = async (email) => {
    const c = new Client(server.base);
    await c.csrf();
    return c.post('/user', { name: `R ${email}`, email, password: 'password123', password_confirmation: 'password123' });
  };
  await put(adminApi, '/api/v1/settings/disableRegistration', { value: true });
  try {
    const closed = await register(uniqueEmail('closed'));
    assert.equal(closed.status, 403);
    assert.deepEqual(closed.body, { message: 'forbidden' });
  } finally {
    await put(adminApi, '/api/v1/settings/disableRegistration', { value: false });
  }

  await put(adminApi, '/api/v1/settings/restrictRegistration', { value: true });
  try {
    await restricted(register);
  } finally {
    await put(adminApi, '/api/v1/settings/restrictRegistration', { value: false });
  }
});

async function restricted(register) {
  await put(adminApi, '/api/v1/settings/restrictRule', { value: '^[a-z0-9.]+@allowed\\.org$' });
  await put(adminApi, '/api/v1/settings/restrictList', { value: 'listed@example.com' });
  const refused = await register(uniqueEmail('stranger'));
  assert.equal(refused.status, 422);
  assert.deepEqual(refused.body.errors, { email: ['This email address does not comply with the registration policy'] });
  assert.equal((await register(`ok${Date.now()}@allowed.org`)).status, 201, 'matches the rule');
  assert.equal((await register('listed@example.com')).status, 201, 'in the list');
  const viaAdmin = await adminApi.post('/api/v1/users', { name: 'Nope', email: uniqueEmail('nope'), password: 'password123', password_confirmation: 'password123', is_admin: false });
  assert.equal(viaAdmin.status, 422, 'the policy binds admins too');
}

test('features follow the sharing settings; appSettings in GET /user too', async () => {
  const before = await bobApi.get('/api/v1/features');
  assert.deepEqual(before.body, [
    { name: 'iconPack', state: 'enabled' }, { name: 'sharing', state: 'disabled' },
    { name: 'allUsersSharingScope', state: 'disabled' }, { name: 'showNextOtp', state: 'enabled' },
    { name: 'groupChips', state: 'enabled' }]);
  await put(adminApi, '/api/v1/settings/enableSharing', { value: true });
  assert.deepEqual((await bobApi.get('/api/v1/features/sharing')).body, { name: 'sharing', state: 'enabled' });
  assert.deepEqual((await bobApi.get('/api/v1/user')).body.appSettings, { enableSharing: true, enableAllUsersSharingScope: false });
  assert.equal((await bobApi.get('/api/v1/features/teleport')).status, 404);
  await put(adminApi, '/api/v1/settings/enableSharing', { value: false });
});

test('non-admins get 403 on every admin route', async () => {
  const routes = [['GET', '/api/v1/settings'], ['POST', '/api/v1/settings'], ['GET', '/api/v1/settings/useEncryption'],
    ['PUT', '/api/v1/settings/useEncryption'], ['DELETE', '/api/v1/settings/restrictList'], ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users'], ['GET', '/api/v1/users/1'], ['DELETE', '/api/v1/users/1'], ['PATCH', '/api/v1/users/1/promote'],
    ['PATCH', '/api/v1/users/1/password/reset'], ['DELETE', '/api/v1/users/1/pats'], ['GET', '/api/v1/users/1/authentications'],
    ['DELETE', '/api/v1/users/1/credentials']];
  for (const [method, path] of routes) {
    const res = await bobApi.request(method, path, { json: method === 'GET' || method === 'DELETE' ? undefined : { value: 1, is_admin: true } });
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.deepEqual(res.body, FORBIDDEN, `${method} ${path}`);
  }
  assert.equal((await adminApi.get('/api/v1/users/1')).status, 200, 'the admin passes the same routes');
});

test('system infos: diagnostics for admins (version, counts, settings, preferences), never a secret; 403 for others', async () => {
  const res = await admin.get('/system/infos', { headers: { 'User-Agent': FIREFOX } });
  assert.equal(res.status, 200);
  const { common, admin_settings: settings, user_preferences: prefs } = res.body;
  assert.match(common.Version, /^\d+\.\d+\.\d+/);
  assert.equal(common.userAgent, FIREFOX);
  assert.ok(common.Users >= 2 && common.Accounts >= 0 && common.Groups >= 0);
  assert.equal(common.THROTTLE_API, SUITE_VARS.THROTTLE_API);
  assert.equal(settings.useEncryption, true);
  assert.equal(prefs.theme, 'system');
  // Neither the encryption key (.dev.vars) nor a password shows.
  const key = readFileSync(join(ROOT, '.dev.vars'), 'utf8').match(/APP_KEY=base64:(\S+)/)[1];
  for (const secret of [key, 'password123', 'APP_KEY']) assert.ok(!res.text.includes(secret), `no ${secret} in the diagnostics`);
  assert.equal((await bob.get('/system/infos')).status, 403);
  assert.equal((await new Client(server.base).get('/system/infos')).status, 401);
  assert.equal((await admin.request('POST', '/system/infos', { json: {} })).status, 405);
});

test('users management: list, create, show, promote and demote, never the last admin', async () => {
  const list = await adminApi.get('/api/v1/users');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((u) => u.id), [...list.body.map((u) => u.id)].sort((a, b) => a - b), 'by id');
  const me = list.body[0];
  assert.equal(me.is_admin, true);
  assert.match(me.created_at, /ago$/);
  assert.equal(typeof me.twofaccounts_count, 'number');

  for (const isAdmin of [undefined, null, '', 5, 'string', []]) {
    const res = await adminApi.post('/api/v1/users', { name: `X${Math.random()}`, email: uniqueEmail('x'), password: 'password123', password_confirmation: 'password123', is_admin: isAdmin });
    assert.equal(res.status, 422, JSON.stringify(isAdmin));
    assert.ok(res.body.errors.is_admin, JSON.stringify(isAdmin));
  }
  const email = uniqueEmail('carol');
  const created = await adminApi.post('/api/v1/users', { name: 'Carol', email, password: 'password123', password_confirmation: 'password123', is_admin: 1 });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.body), ['info', 'password_reset', 'valid_personal_access_tokens', 'webauthn_credentials']);
  assert.equal(created.body.info.is_admin, true);
  assert.equal(created.body.password_reset, null);
  const carol = created.body.info.id;
  assert.equal((await patch(adminApi, `/api/v1/users/${carol}/promote`, { is_admin: 'yes' })).status, 422);
  const demoted = await patch(adminApi, `/api/v1/users/${carol}/promote`, { is_admin: false });
  assert.equal(demoted.body.info.is_admin, false);
  const self = await patch(adminApi, `/api/v1/users/${me.id}/promote`, { is_admin: false });
  assert.equal(self.status, 403);
  assert.deepEqual(self.body, { message: 'Cannot demote the only admin account' });
  const lastAdmin = await del(adminApi, `/api/v1/users/${me.id}`);
  assert.equal(lastAdmin.status, 403);
  assert.deepEqual(lastAdmin.body, { message: 'Cannot delete the only admin account' });
  assert.equal((await adminApi.get('/api/v1/users/999999')).status, 404);
  assert.equal((await adminApi.get('/api/v1/users/abc')).status, 404);
  assert.equal((await del(adminApi, `/api/v1/users/${carol}`)).status, 204);
  assert.equal((await adminApi.get(`/api/v1/users/${carol}`)).status, 404);
});

test('deleting a user removes everything of theirs; revoking tokens ends API access', async () => {
  const dave = new Client(server.base);
  const d = await dave.register('Dave', uniqueEmail('dave'));
  const daveApi = await dave.tokenClient();
  assert.equal((await daveApi.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/Dave?secret=A4GRFHVVRBGY7UIW' })).status, 201);
  const shown = await adminApi.get(`/api/v1/users/${d.id}`);
  assert.equal(shown.body.valid_personal_access_tokens, 1);
  assert.equal((await del(adminApi, `/api/v1/users/${d.id}/pats`)).status, 204);
  assert.equal((await daveApi.get('/api/v1/user')).status, 401);
  assert.equal((await adminApi.get(`/api/v1/users/${d.id}`)).body.valid_personal_access_tokens, 0);
  assert.equal((await del(adminApi, `/api/v1/users/${d.id}/credentials`)).status, 204);
  assert.equal((await del(adminApi, `/api/v1/users/${d.id}`)).status, 204);
  assert.equal((await dave.get('/api/v1/user')).status, 401, 'the session went with the user');
});

test('authentication log: logins, failed logins and logouts, newest first, limit and period', async () => {
  const email = uniqueEmail('logged');
  const erin = new Client(server.base);
  const e = await erin.register('Erin', email);
  await erin.get('/user/logout', { headers: { 'User-Agent': FIREFOX } });
  const login = async (password) => {
    const c = new Client(server.base);
    await c.csrf();
    return c.post('/user/login', { email, password }, { headers: { 'User-Agent': FIREFOX } });
  };
  assert.equal((await login('wrong password')).status, 401);
  const signedIn = new Client(server.base);
  await signedIn.csrf();
  assert.equal((await signedIn.post('/user/login', { email, password: 'password123' }, { headers: { 'User-Agent': FIREFOX } })).status, 200);
  assert.equal((await signedIn.get('/user/logout', { headers: { 'User-Agent': FIREFOX } })).status, 200);
  const log = await adminApi.get(`/api/v1/users/${e.id}/authentications`);
  assert.equal(log.status, 200);
  const [last, failed] = log.body;
  assert.equal(last.login_successful, true);
  assert.equal(last.browser, 'Firefox');
  assert.equal(last.platform, 'Windows');
  assert.equal(last.device, 'desktop');
  assert.equal(last.login_method, 'password');
  assert.match(last.login_at, /^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M$/);
  assert.ok(last.logout_at && last.duration, 'the logout closed this login');
  assert.equal(failed.login_successful, false);

  // Dates are written in the admin's time zone (Kolkata: UTC+5:30 all year); an unknown zone reads as UTC.
  const minutes = (date) => {
    const [, d, h, m, half] = date.match(/ (\d{1,2}), \d{4} (\d{1,2}):(\d{2}) ([AP]M)$/);
    return Number(d) * 1440 + ((Number(h) % 12) + (half === 'PM' ? 12 : 0)) * 60 + Number(m);
  };
  const loginAt = async (zone) => {
    assert.equal((await put(adminApi, '/api/v1/user/preferences/timezone', { value: zone })).status, 201);
    return (await adminApi.get(`/api/v1/users/${e.id}/authentications`)).body[0].login_at;
  };
  const kolkata = await loginAt('Asia/Kolkata');
  assert.equal((minutes(kolkata) - minutes(last.login_at) + 1440 * 31) % 1440, 330, `${kolkata} vs ${last.login_at}`);
  assert.equal(await loginAt('Mars/Olympus_Mons'), last.login_at);
  assert.equal(await loginAt('UTC'), last.login_at);

  assert.equal((await adminApi.get(`/api/v1/users/${e.id}/authentications?limit=1`)).body.length, 1);
  assert.ok((await adminApi.get(`/api/v1/users/${e.id}/authentications?period=1`)).body.length >= 2);
  const bad = await adminApi.get(`/api/v1/users/${e.id}/authentications?limit=many`);
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors, { limit: ['The limit field must be a number.'] });
});

test('profile: name and e-mail change with the current password; uniqueness holds', async () => {
  const frank = new Client(server.base);
  const email = uniqueEmail('frank');
  await frank.register('Frank', email);
  const wrong = await put(frank, '/user', { name: 'Franklin', email, password: 'not it' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.body, { message: 'Wrong current password' });
  const taken = await put(frank, '/user', { name: 'Bob', email: bobEmail, password: 'password123' });
  assert.deepEqual(Object.keys(taken.body.errors), ['name', 'email']);
  const newEmail = uniqueEmail('Franklin');
  const ok = await put(frank, '/user', { name: 'Franklin', email: newEmail, password: 'password123' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.name, 'Franklin');
  assert.equal(ok.body.email, newEmail.toLowerCase());
  assert.equal((await frank.get('/api/v1/user')).body.name, 'Franklin');
  assert.equal((await new Client(server.base).request('PUT', '/user', { json: {} })).status, 419, 'CSRF first');
});

test('password change, then account deletion with the password', async () => {
  const gina = new Client(server.base);
  const email = uniqueEmail('gina');
  const g = await gina.register('Gina', email);
  const short = await patch(gina, '/user/password', { currentPassword: 'password123', password: 'short', password_confirmation: 'short' });
  assert.equal(short.status, 422);
  const wrong = await patch(gina, '/user/password', { currentPassword: 'nope', password: 'newpassword1', password_confirmation: 'newpassword1' });
  assert.equal(wrong.status, 400);
  const changed = await patch(gina, '/user/password', { currentPassword: 'password123', password: 'newpassword1', password_confirmation: 'newpassword1' });
  assert.deepEqual(changed.body, { message: 'Password successfully changed' });
  const again = new Client(server.base);
  await again.csrf();
  assert.equal((await again.post('/user/login', { email, password: 'password123' })).status, 401);
  assert.equal((await again.post('/user/login', { email, password: 'newpassword1' })).status, 200);
  assert.equal((await del(gina, '/user', { password: 'password123' })).status, 400);
  assert.equal((await del(gina, '/user', { password: 'newpassword1' })).status, 204);
  assert.equal((await again.get('/api/v1/user')).status, 401, 'every session of the user ended');
  assert.equal((await adminApi.get(`/api/v1/users/${g.id}`)).status, 404);
  const adminSelf = await del(admin, '/user', { password: 'password123' });
  assert.equal(adminSelf.status, 400, 'the only admin cannot delete himself');
});

test('lost password: the request shows to admins, whose reset gives the link; the link works once', async () => {
  const anonymous = new Client(server.base);
  await anonymous.csrf();
  assert.equal((await anonymous.post('/user/password/lost', { email: uniqueEmail('nobody') })).status, 422);
  const asked = await anonymous.post('/user/password/lost', { email: bobEmail });
  assert.deepEqual(asked.body, { message: 'We have emailed your password reset link!' });
  const tooSoon = await anonymous.post('/user/password/lost', { email: bobEmail });
  assert.deepEqual(tooSoon.body.errors, { email: ['Please wait before retrying.'] });
  const bobId = (await bobApi.get('/api/v1/user')).body.id;
  const pending = await adminApi.get(`/api/v1/users/${bobId}`);
  assert.equal(typeof pending.body.password_reset, 'string', 'admins see the pending request');
  const reset = await patch(adminApi, `/api/v1/users/${bobId}/password/reset`);
  assert.equal(reset.status, 200);
  const link = new URL(reset.body.password_reset_link, server.base);
  assert.equal(link.pathname, '/user/password/reset');
  const oldLogin = new Client(server.base);
  await oldLogin.csrf();
  assert.equal((await oldLogin.post('/user/login', { email: bobEmail, password: 'password123' })).status, 401, 'the old password was replaced');
  const body = { token: link.searchParams.get('token'), email: link.searchParams.get('email'), password: 'bobsnewpass', password_confirmation: 'bobsnewpass' };
  const forged = await anonymous.post('/user/password/reset', { ...body, token: 'forged' });
  assert.equal(forged.status, 422);
  assert.deepEqual(forged.body.errors, { email: ['This password reset token is invalid.'] });
  assert.deepEqual((await anonymous.post('/user/password/reset', body)).body, { message: 'Your password has been reset!' });
  assert.equal((await anonymous.post('/user/password/reset', body)).status, 422, 'a link works once');
  assert.equal((await oldLogin.post('/user/login', { email: bobEmail, password: 'bobsnewpass' })).status, 200);
  const page = await fetch(link);
  assert.equal(page.status, 200, 'the link opens the web app');
  assert.match(page.headers.get('content-type'), /text\/html/);
});

test('a cookie session idle past kickUserAfter ends with 418; bearer tokens are never kicked', async () => {
  const hank = new Client(server.base);
  await hank.register('Hank', uniqueEmail('hank'));
  const hankApi = await hank.tokenClient();
  assert.equal((await put(hank, '/api/v1/user/preferences/kickUserAfter', { value: 1 })).status, 201);
  assert.equal((await hank.get('/api/v1/user')).status, 200);
  sql('UPDATE sessions SET last_seen_at = last_seen_at - 120');
  // The list of accounts, which reads its rows while the session is looked up, is kicked too.
  const kicked = await hank.get('/api/v1/twofaccounts');
  assert.equal(kicked.status, 418);
  assert.deepEqual(kicked.body, { message: 'inactivity detected' });
  assert.equal((await hank.get('/api/v1/user')).status, 401, 'the session is over');
  assert.equal((await hank.get('/api/v1/twofaccounts')).status, 401);
  assert.equal((await hankApi.get('/api/v1/user')).status, 200);
});

test('a password record from older KDF parameters is re-hashed at the next successful login', async () => {
  const email = uniqueEmail('legacy');
  const ivy = new Client(server.base);
  const { id } = await ivy.register('Ivy', email);
  const salt = randomBytes(16);
  const old = `pbkdf2-sha256$1000$${salt.toString('base64')}$${pbkdf2Sync('password123', salt, 1000, 32, 'sha256').toString('base64')}`;
  sql(`UPDATE users SET password = '${old}' WHERE id = ${id}`);
  const c = new Client(server.base);
  await c.csrf();
  assert.equal((await c.post('/user/login', { email, password: 'wrong one' })).status, 401);
  assert.equal(sql(`SELECT password FROM users WHERE id = ${id}`)[0].password, old, 'a failed login changes nothing');
  assert.equal((await c.post('/user/login', { email, password: 'password123' })).status, 200, 'the old record still opens');
  const upgraded = sql(`SELECT password FROM users WHERE id = ${id}`)[0].password;
  assert.match(upgraded, /^pbkdf2-sha256-hmac\$100000\$/, 'peppered, at today\'s count');
  const again = new Client(server.base);
  await again.csrf();
  assert.equal((await again.post('/user/login', { email, password: 'password123' })).status, 200);
});
