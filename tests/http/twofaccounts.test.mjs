// 2FAuth's two-factor accounts: shapes, creation rules, listing rules, one-time passwords,
// isolation between users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { hotp, totp } from '../support/otp.mjs';

import { SECRET, TOTP_FULL_CUSTOM_URI_NO_IMG, HOTP_FULL_CUSTOM_URI_NO_IMG, STEAM_TOTP_URI } from '../support/fixtures.mjs';

let server; let alice; let bob;
before(async () => {
  server = await useServer();
  const a = new Client(server.base);
  await a.register('Alice', uniqueEmail('alice'));
  alice = await a.tokenClient();
  const b = new Client(server.base);
  await b.register('Bob', uniqueEmail('bob'));
  bob = await b.tokenClient();
});
after(() => server.stop());

const READ_KEYS = ['id', 'group_id', 'otp_type', 'account', 'service', 'icon', 'secret', 'digits', 'algorithm', 'period', 'counter'];

test('POST from the full custom TOTP URI answers 201 with exactly the fields of 2FAuth\'s account resource', async () => {
  const res = await alice.post('/api/v1/twofaccounts', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.equal(res.status, 201);
  assert.deepEqual(Object.keys(res.body), READ_KEYS);
  const { id, ...rest } = res.body;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.deepEqual(rest, {
    group_id: null, otp_type: 'totp', account: 'account', service: 'service', icon: null,
    secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null,
  });
});

test('GET /twofaccounts/{id}/otp returns the RFC 6238 code for its generated_at', async () => {
  const created = await alice.post('/api/v1/twofaccounts', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  const res = await alice.get(`/api/v1/twofaccounts/${created.body.id}/otp`);
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body), ['password', 'otp_type', 'generated_at', 'period', 'next_password']);
  const opts = { digits: 7, period: 40, algorithm: 'sha256' };
  const t = res.body.generated_at;
  assert.ok(Math.abs(t - Date.now() / 1000) < 30);
  assert.equal(res.body.password, totp(SECRET, t, opts));
  const next = t + (40 - (t % 40)) + 2;
  assert.equal(res.body.next_password, totp(SECRET, next, opts));
  assert.equal(res.body.period, 40);
});

test('HOTP: the code uses the stored counter, the counter is persisted and returned incremented', async () => {
  const created = await alice.post('/api/v1/twofaccounts', { uri: HOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.equal(created.body.counter, 5);
  const first = await alice.get(`/api/v1/twofaccounts/${created.body.id}/otp`);
  assert.deepEqual(first.body, { password: hotp(SECRET, 5, { digits: 7, algorithm: 'sha256' }), otp_type: 'hotp', counter: 6 });
  assert.equal(first.body.password, '0790401');
  const second = await alice.get(`/api/v1/twofaccounts/${created.body.id}/otp`);
  assert.deepEqual(second.body, { password: '9571626', otp_type: 'hotp', counter: 7 });
  const shown = await alice.get(`/api/v1/twofaccounts/${created.body.id}`);
  assert.equal(shown.body.counter, 7);
});

test('HOTP counters never hand out the same code twice, even to concurrent requests', async () => {
  const created = await alice.post('/api/v1/twofaccounts', { uri: `otpauth://hotp/concurrent?secret=${SECRET}` });
  const results = await Promise.all(Array.from({ length: 6 }, () => alice.get(`/api/v1/twofaccounts/${created.body.id}/otp`)));
  const counters = results.map((r) => r.body.counter).sort((x, y) => x - y);
  assert.deepEqual(counters, [1, 2, 3, 4, 5, 6]);
});

test('Steam: issuer Steam forces steamtotp, 5 characters of the Steam alphabet', async () => {
  const res = await alice.post('/api/v1/twofaccounts', { uri: STEAM_TOTP_URI });
  assert.equal(res.status, 201);
  assert.equal(res.body.otp_type, 'steamtotp');
  assert.equal(res.body.service, 'Steam');
  const otp = await alice.get(`/api/v1/twofaccounts/${res.body.id}/otp`);
  assert.equal(otp.body.otp_type, 'steamtotp');
  assert.equal(otp.body.period, 30);
  assert.match(otp.body.password, /^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
  const custom = await alice.post('/api/v1/twofaccounts', { uri: `otpauth://totp/x:acc?secret=${SECRET}&digits=8`, custom_otp: 'steamtotp' });
  assert.equal(custom.body.otp_type, 'steamtotp');
  assert.equal(custom.body.digits, 5);
});

test('parameters: defaults, lower-casing, padding of the secret', async () => {
  const res = await alice.post('/api/v1/twofaccounts', { account: 'account', otp_type: 'TOTP', secret: 'gjtgc5luna', algorithm: 'SHA1' });
  assert.equal(res.status, 201);
  assert.equal(res.body.secret, 'GJTGC5LUNA======');
  assert.equal(res.body.digits, 6);
  assert.equal(res.body.period, 30);
  assert.equal(res.body.counter, null);
  assert.equal(res.body.service, null);
  const h = await alice.post('/api/v1/twofaccounts', { account: 'h', otp_type: 'hotp', secret: SECRET, period: 40 });
  assert.equal(h.body.period, null);
  assert.equal(h.body.counter, 0);
});

test('parameters without a secret get a random 64-byte one', async () => {
  const res = await alice.post('/api/v1/twofaccounts', { account: 'random', otp_type: 'totp' });
  assert.equal(res.status, 201);
  assert.equal(res.body.secret.replace(/=+$/, '').length, 103);
  const other = await alice.post('/api/v1/twofaccounts', { account: 'random', otp_type: 'totp' });
  assert.notEqual(other.body.secret, res.body.secret);
});

test('validation errors come as 2FAuth 422 bodies and store nothing', async () => {
  const before = (await alice.get('/api/v1/twofaccounts')).body.length;
  const cases = [
    [{}, 'The account field is required. (and 1 more error)'],
    [{ account: 'a:b', otp_type: 'totp' }, 'The account field must not contain colon.'],
    [{ account: 'a', otp_type: 'xotp' }, 'The otp type field is not supported.'],
    [{ account: 'a', otp_type: 'totp', secret: null }, 'The secret field must be a string.'],
    [{ account: 'a', otp_type: 'totp', secret: '1.0' }, 'The secret field must be a base32 encoded string.'],
    [{ account: 'a', otp_type: 'totp', digits: 4 }, 'The digits field must be between 5 and 10.'],
    [{ account: 'a', otp_type: 'totp', algorithm: 'sha3' }, 'The selected algorithm is invalid.'],
    [{ account: 'a', otp_type: 'totp', period: 0 }, 'The period field must be at least 1.'],
    [{ account: 'a', otp_type: 'totp', period: '9223372036854775807' }, 'The period field must not be greater than 4294967295.'],
    [{ account: 'x'.repeat(1001), otp_type: 'totp' }, 'The account field must not be greater than 1000 characters.'],
    [{ account: 'a', otp_type: 'hotp', counter: -1 }, 'The counter field must be at least 0.'],
    [{ account: 'a', otp_type: 'totp', group_id: 999999 }, 'The selected group id is invalid.'],
    [{ uri: null }, 'The uri field is required.'],
    [{ uri: '' }, 'The uri field is required.'],
    [{ uri: `otpauth://Xotp/account?secret=${SECRET}` }, 'The uri field is not a valid otpauth uri.'],
    [{ uri: `otpauth://totp/account?issuer=x` }, 'The uri field is not a valid otpauth uri.'],
    [{ uri: TOTP_FULL_CUSTOM_URI_NO_IMG, custom_otp: 'hotp' }, 'The selected custom otp is invalid.'],
  ];
  for (const [body, message] of cases) {
    const res = await alice.post('/api/v1/twofaccounts', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.message, message, JSON.stringify(body));
  }
  const label = await alice.post('/api/v1/twofaccounts', { uri: `otpauth://totp/?secret=${SECRET}` });
  assert.deepEqual(label.body.errors, { label: ['The uri must have a label.'] });
  const notJson = await alice.request('POST', '/api/v1/twofaccounts', { body: '{oops', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 422);
  assert.equal((await alice.get('/api/v1/twofaccounts')).body.length, before);
});

test('listing: secrets hidden unless withSecret is true; withOtp (any value) adds codes at one timestamp; HOTP never', async () => {
  const c = new Client(server.base);
  await c.register('Lister', uniqueEmail('lister'));
  const me = await c.tokenClient();
  await me.post('/api/v1/twofaccounts', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  await me.post('/api/v1/twofaccounts', { uri: STEAM_TOTP_URI });
  await me.post('/api/v1/twofaccounts', { uri: HOTP_FULL_CUSTOM_URI_NO_IMG });

  const plain = await me.get('/api/v1/twofaccounts');
  assert.equal(plain.body.length, 3);
  assert.ok(plain.body.every((a) => !('secret' in a) && !('otp' in a)));
  assert.deepEqual(plain.body.map((a) => a.otp_type), ['totp', 'steamtotp', 'hotp'], 'ordered by id');

  for (const q of ['1', 'true', 'on', 'yes']) {
    const res = await me.get(`/api/v1/twofaccounts?withSecret=${q}`);
    assert.ok(res.body.every((a) => typeof a.secret === 'string'), q);
  }
  assert.ok((await me.get('/api/v1/twofaccounts?withSecret=0')).body.every((a) => !('secret' in a)));

  const withOtp = await me.get('/api/v1/twofaccounts?withOtp=0');
  const [t, s, h] = withOtp.body;
  assert.ok(t.otp && s.otp && !h.otp);
  assert.deepEqual(Object.keys(t.otp), ['password', 'generated_at', 'next_password']);
  assert.equal(t.otp.generated_at, s.otp.generated_at, 'one shared timestamp');
  assert.equal(t.otp.password, totp(SECRET, t.otp.generated_at, { digits: 7, period: 40, algorithm: 'sha256' }));
  const counterAfter = (await me.get(`/api/v1/twofaccounts/${h.id}`)).body.counter;
  assert.equal(counterAfter, 5, 'listing with codes never moves an HOTP counter');
});

test('listing by ids: a filter, foreign ids silently dropped, bad lists 422', async () => {
  const mine = await alice.post('/api/v1/twofaccounts', { uri: `otpauth://totp/filter?secret=${SECRET}` });
  const theirs = await bob.post('/api/v1/twofaccounts', { uri: `otpauth://totp/foreign?secret=${SECRET}` });
  const res = await alice.get(`/api/v1/twofaccounts?ids=${mine.body.id},${theirs.body.id},999999`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.map((a) => a.id), [mine.body.id]);
  for (const bad of ['', 'a,1', '1,,2', '1,2,', '1;2']) {
    const r = await alice.get(`/api/v1/twofaccounts?ids=${encodeURIComponent(bad)}`);
    assert.equal(r.status, 422, bad);
    assert.ok(r.body.errors.ids, bad);
  }
  const many = Array.from({ length: 150 }, (_, i) => i + 1).join(',');
  assert.equal((await alice.get(`/api/v1/twofaccounts?ids=${many}`)).status, 200, 'more ids than D1 binds');
});

test('show: secret shown by default to the owner, hidden with withSecret=0, otp with withOtp', async () => {
  const created = await alice.post('/api/v1/twofaccounts', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  const id = created.body.id;
  const shown = await alice.get(`/api/v1/twofaccounts/${id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.secret, SECRET);
  assert.ok(!('secret' in (await alice.get(`/api/v1/twofaccounts/${id}?withSecret=false`)).body));
  const withOtp = await alice.get(`/api/v1/twofaccounts/${id}?withOtp=1`);
  assert.equal(withOtp.body.otp.password, totp(SECRET, withOtp.body.otp.generated_at, { digits: 7, period: 40, algorithm: 'sha256' }));
});

test("isolation: another user's account is 403, a missing one 404, nothing leaks", async () => {
  const theirs = await bob.post('/api/v1/twofaccounts', { uri: `otpauth://totp/Bank:bob?secret=${SECRET}&issuer=Bank` });
  const show = await alice.get(`/api/v1/twofaccounts/${theirs.body.id}`);
  assert.equal(show.status, 403);
  assert.deepEqual(show.body, { message: 'forbidden', reason: 'This action is unauthorized.' });
  const otp = await alice.get(`/api/v1/twofaccounts/${theirs.body.id}/otp`);
  assert.equal(otp.status, 403);
  assert.deepEqual(otp.body, { message: 'Sharing feature is disabled' });
  assert.equal((await alice.get('/api/v1/twofaccounts/99999999')).status, 404);
  assert.deepEqual((await alice.get('/api/v1/twofaccounts/99999999/otp')).body, { message: 'not found' });
  assert.equal((await alice.get('/api/v1/twofaccounts/abc')).status, 404);
  const list = await alice.get('/api/v1/twofaccounts?withSecret=1');
  assert.ok(!list.body.some((a) => a.id === theirs.body.id || a.account === 'bob'));
});

test('string inputs are trimmed, empty strings become null', async () => {
  const res = await alice.post('/api/v1/twofaccounts', { account: '  spaced  ', service: '', otp_type: ' totp ', secret: SECRET });
  assert.equal(res.status, 201);
  assert.equal(res.body.account, 'spaced');
  assert.equal(res.body.service, null);
});
