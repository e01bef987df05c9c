// 2FAuth's account operations: update, delete (one and many), count, reorder, withdraw, codes of
// unsaved accounts, preview, export, QR code, OTP logs — each with its errors and isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { hotp, totp } from '../support/otp.mjs';
import { SECRET, TOTP_FULL_CUSTOM_URI_NO_IMG, HOTP_FULL_CUSTOM_URI_NO_IMG, TOTP_SHORT_URI, STEAM_TOTP_URI, FULL_CUSTOM_TOTP, FULL_CUSTOM_HOTP } from '../support/fixtures.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

/** A fresh user with a token client, so every test starts from an empty vault. */
async function user(name) {
  const c = new Client(server.base);
  const me = await c.register(`${name} ${uniqueEmail()}`, uniqueEmail(name));
  const api = await c.tokenClient();
  api.user = me;
  return api;
}
const create = async (api, uri = TOTP_SHORT_URI) => (await api.post('/api/v1/twofaccounts', { uri })).body;

test('PUT replaces every field, keeps legacy_uri, and answers the resource', async () => {
  const me = await user('put');
  const a = await create(me, TOTP_FULL_CUSTOM_URI_NO_IMG);
  const res = await me.request('PUT', `/api/v1/twofaccounts/${a.id}`, { json: { ...FULL_CUSTOM_HOTP, service: 'renamed' } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { id: a.id, group_id: null, otp_type: 'hotp', account: 'account', service: 'renamed', icon: 'test.png', secret: SECRET, digits: 7, algorithm: 'sha256', period: null, counter: 5 });
  const otp = await me.get(`/api/v1/twofaccounts/${a.id}/otp`);
  assert.equal(otp.body.password, hotp(SECRET, 5, { digits: 7, algorithm: 'sha256' }));
  const exported = await me.get(`/api/v1/twofaccounts/export?ids=${a.id}`);
  assert.equal(exported.body.data[0].legacy_uri, TOTP_FULL_CUSTOM_URI_NO_IMG, 'legacy_uri is not regenerated on update');
});

test('PUT validation: the full-replacement fields must be present; errors store nothing', async () => {
  const me = await user('put422');
  const a = await create(me);
  const res = await me.request('PUT', `/api/v1/twofaccounts/${a.id}`, { json: { account: 'x', otp_type: 'totp' } });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.body.errors), ['service', 'icon', 'secret', 'digits', 'algorithm']);
  const nulls = await me.request('PUT', `/api/v1/twofaccounts/${a.id}`, { json: { ...FULL_CUSTOM_TOTP, digits: null, algorithm: null } });
  assert.equal(nulls.status, 422);
  assert.ok(nulls.body.errors.digits && nulls.body.errors.algorithm);
  assert.equal((await me.get(`/api/v1/twofaccounts/${a.id}`)).body.account, 'account');
});

test("PUT and DELETE on another user's account are 403, on a missing one 404", async () => {
  const me = await user('own'); const other = await user('other');
  const theirs = await create(other);
  assert.equal((await me.request('PUT', `/api/v1/twofaccounts/${theirs.id}`, { json: FULL_CUSTOM_TOTP })).status, 403);
  assert.equal((await me.delete(`/api/v1/twofaccounts/${theirs.id}`)).status, 403);
  assert.equal((await me.request('PUT', '/api/v1/twofaccounts/99999999', { json: FULL_CUSTOM_TOTP })).status, 404);
  assert.equal((await me.delete('/api/v1/twofaccounts/99999999')).status, 404);
  assert.equal((await other.get(`/api/v1/twofaccounts/${theirs.id}`)).status, 200, 'untouched');
});

test('DELETE one account: 204, then 404', async () => {
  const me = await user('del');
  const a = await create(me);
  assert.equal((await me.delete(`/api/v1/twofaccounts/${a.id}`)).status, 204);
  assert.equal((await me.get(`/api/v1/twofaccounts/${a.id}`)).status, 404);
});

test('DELETE many: unknown ids ignored, one foreign id fails the whole call, 100 ids is 400', async () => {
  const me = await user('bulk'); const other = await user('bulk-other');
  const [a, b] = [await create(me), await create(me)];
  const theirs = await create(other);
  const forbidden = await me.delete(`/api/v1/twofaccounts?ids=${a.id},${theirs.id}`);
  assert.equal(forbidden.status, 403);
  assert.equal((await me.get('/api/v1/twofaccounts')).body.length, 2, 'nothing deleted');
  const many = Array.from({ length: 100 }, (_, i) => i + 1).join(',');
  const tooMany = await me.delete(`/api/v1/twofaccounts?ids=${many}`);
  assert.equal(tooMany.status, 400);
  assert.deepEqual(tooMany.body, { message: 'bad request', reason: ['too many ids were included in the query parameter, max 100 allowed'] });
  assert.equal((await me.delete('/api/v1/twofaccounts')).status, 422);
  assert.equal((await me.delete('/api/v1/twofaccounts?ids=1,')).status, 422);
  assert.equal((await me.delete(`/api/v1/twofaccounts?ids=${a.id},${b.id},99999999`)).status, 204);
  assert.deepEqual((await me.get('/api/v1/twofaccounts')).body, []);
});

test('count', async () => {
  const me = await user('count');
  await create(me); await create(me);
  const res = await me.get('/api/v1/twofaccounts/count');
  assert.deepEqual(res.body, { owned: 2, shared: 0, total: 2 });
});

test('reorder: 2FAuth algorithm, the list follows it, foreign ids 403, empty 422', async () => {
  const me = await user('order'); const other = await user('order-other');
  const [a, b, c] = [await create(me), await create(me), await create(me)];
  const res = await me.post('/api/v1/twofaccounts/reorder', { orderedIds: [c.id, a.id, c.id, 99999999] });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { message: 'order saved', orderedIds: [c.id, a.id, b.id] });
  assert.deepEqual((await me.get('/api/v1/twofaccounts')).body.map((x) => x.id), [c.id, a.id, b.id]);
  const d = await create(me);
  assert.deepEqual((await me.get('/api/v1/twofaccounts')).body.map((x) => x.id), [c.id, a.id, b.id, d.id], 'new accounts come last');
  const theirs = await create(other);
  assert.equal((await me.post('/api/v1/twofaccounts/reorder', { orderedIds: [theirs.id, a.id] })).status, 403);
  assert.equal((await me.post('/api/v1/twofaccounts/reorder', { orderedIds: [] })).status, 422);
  assert.equal((await me.post('/api/v1/twofaccounts/reorder', {})).status, 422);
});

test('withdraw: out of the group; foreign 403; too many 400', async () => {
  const me = await user('withdraw'); const other = await user('withdraw-other');
  const g = (await me.post('/api/v1/groups', { name: 'Work' })).body;
  const a = (await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: g.id })).body;
  assert.equal(a.group_id, g.id);
  const res = await me.request('PATCH', `/api/v1/twofaccounts/withdraw?ids=${a.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { message: 'accounts withdrawn' });
  assert.equal((await me.get(`/api/v1/twofaccounts/${a.id}`)).body.group_id, null);
  const theirs = await create(other);
  assert.equal((await me.request('PATCH', `/api/v1/twofaccounts/withdraw?ids=${theirs.id}`)).status, 403);
  assert.equal((await me.request('PATCH', '/api/v1/twofaccounts/withdraw')).status, 422);
});

test('POST /twofaccounts/otp: codes for a URI or parameters, nothing stored; uri with other keys is 400', async () => {
  const me = await user('otp');
  const t = await me.post('/api/v1/twofaccounts/otp', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.equal(t.status, 200);
  assert.equal(t.body.password, totp(SECRET, t.body.generated_at, { digits: 7, period: 40, algorithm: 'sha256' }));
  const h = await me.post('/api/v1/twofaccounts/otp', { uri: HOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.deepEqual(h.body, { password: '0790401', otp_type: 'hotp', counter: 6 });
  const s = await me.post('/api/v1/twofaccounts/otp', { uri: STEAM_TOTP_URI });
  assert.equal(s.body.otp_type, 'steamtotp');
  const p = await me.post('/api/v1/twofaccounts/otp', FULL_CUSTOM_HOTP);
  assert.deepEqual(p.body, { password: '0790401', otp_type: 'hotp', counter: 6 });
  const mixed = await me.post('/api/v1/twofaccounts/otp', { uri: TOTP_SHORT_URI, account: 'x' });
  assert.equal(mixed.status, 400);
  assert.deepEqual(mixed.body, { message: 'bad request', reason: { uri: "The uri parameter must be provided alone or only in combination with the 'custom_otp' parameter" } });
  const upper = await me.post('/api/v1/twofaccounts/otp', { account: 'a', otp_type: 'TOTP', secret: SECRET });
  assert.equal(upper.status, 422, 'this route does not lower-case otp_type');
  assert.equal((await me.post('/api/v1/twofaccounts/otp', { uri: 'otpauth://Xotp/a?secret=A4GRFHVVRBGY7UIW' })).status, 422);
  assert.deepEqual((await me.get('/api/v1/twofaccounts')).body, []);
});

test('preview: the store resource without id or group, nothing stored', async () => {
  const me = await user('preview');
  const res = await me.post('/api/v1/twofaccounts/preview', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { otp_type: 'totp', account: 'account', service: 'service', icon: null, secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null });
  assert.equal((await me.post('/api/v1/twofaccounts/preview', {})).status, 422);
  assert.deepEqual((await me.get('/api/v1/twofaccounts')).body, []);
});

test('export: 2FAuth JSON schema 1 and otpauth=1; foreign ids 403; validation', async () => {
  const me = await user('export'); const other = await user('export-other');
  const a = await create(me, TOTP_FULL_CUSTOM_URI_NO_IMG);
  const json = await me.get(`/api/v1/twofaccounts/export?ids=${a.id},99999999`);
  assert.equal(json.status, 200);
  assert.equal(json.body.schema, 1);
  assert.match(json.body.app, /^2fauth_/);
  assert.deepEqual(json.body.data, [{ otp_type: 'totp', account: 'account', service: 'service', icon: null, icon_mime: null, icon_file: null, secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null, legacy_uri: TOTP_FULL_CUSTOM_URI_NO_IMG }]);
  const uris = await me.get(`/api/v1/twofaccounts/export?ids=${a.id}&otpauth=1`);
  assert.deepEqual(uris.body.data, [{ uri: 'otpauth://totp/service:account?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW' }]);
  assert.ok(!('schema' in uris.body));
  const theirs = await create(other);
  assert.equal((await me.get(`/api/v1/twofaccounts/export?ids=${a.id},${theirs.id}`)).status, 403);
  assert.equal((await me.get('/api/v1/twofaccounts/export')).status, 422);
  assert.equal((await me.get(`/api/v1/twofaccounts/export?ids=${a.id}&otpauth=maybe`)).status, 422);
});

test('QR code: an SVG data URI of the regenerated URI, owner only', async () => {
  const me = await user('qr'); const other = await user('qr-other');
  const a = await create(me, TOTP_FULL_CUSTOM_URI_NO_IMG);
  const res = await me.get(`/api/v1/twofaccounts/${a.id}/qrcode`);
  assert.equal(res.status, 200);
  const svg = Buffer.from(res.body.qrcode.replace('data:image/svg+xml;base64,', ''), 'base64').toString();
  assert.match(svg, /^<\?xml[^>]*\?><svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<path fill="#000" d="M/);
  assert.equal((await other.get(`/api/v1/twofaccounts/${a.id}/qrcode`)).status, 403);
  assert.equal((await me.get('/api/v1/twofaccounts/99999999/qrcode')).status, 404);
});

test('OTP logs: one row per generated code, newest first, HOTP counters, owner only; not for lists', async () => {
  const me = await user('logs'); const other = await user('logs-other');
  const t = await create(me, TOTP_FULL_CUSTOM_URI_NO_IMG);
  const h = await create(me, HOTP_FULL_CUSTOM_URI_NO_IMG);
  await me.get(`/api/v1/twofaccounts/${t.id}/otp`);
  await me.get(`/api/v1/twofaccounts?withOtp=1`);
  await me.get(`/api/v1/twofaccounts/${h.id}/otp`);
  await me.get(`/api/v1/twofaccounts/${h.id}/otp`);
  const tl = await me.get(`/api/v1/twofaccounts/${t.id}/otp-logs`);
  assert.equal(tl.status, 200);
  assert.equal(tl.body.length, 1, 'listing with codes writes no log');
  assert.equal(tl.body[0].requester_email, me.user.email);
  assert.equal(tl.body[0].owner_name, me.user.name);
  assert.ok(!('counter' in tl.body[0]));
  const hl = await me.get(`/api/v1/twofaccounts/${h.id}/otp-logs`);
  assert.deepEqual(hl.body.map((l) => l.counter).sort(), [5, 6]);
  assert.equal((await me.get(`/api/v1/twofaccounts/${h.id}/otp-logs?limit=1`)).body.length, 1);
  assert.equal((await other.get(`/api/v1/twofaccounts/${t.id}/otp-logs`)).status, 403);
});

test('deleting an account deletes its logs, orders and group assignments', async () => {
  const me = await user('cascade');
  const g = (await me.post('/api/v1/groups', { name: 'Cascade' })).body;
  const a = (await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: g.id })).body;
  await me.post('/api/v1/twofaccounts/reorder', { orderedIds: [a.id] });
  await me.get(`/api/v1/twofaccounts/${a.id}/otp`);
  assert.equal((await me.get(`/api/v1/groups/${g.id}`)).body.twofaccounts_count, 1);
  await me.delete(`/api/v1/twofaccounts/${a.id}`);
  assert.equal((await me.get(`/api/v1/groups/${g.id}`)).body.twofaccounts_count, 0);
});
