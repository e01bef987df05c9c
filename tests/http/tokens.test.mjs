// 2FAuth's personal access tokens: created through the session, shown once, used as bearer,
// revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Sql } from '../support/d1.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

test('create, list (never the value), use, revoke', async () => {
  const c = new Client(server.base);
  const me = await c.register('Tokens', uniqueEmail('tok'));
  const created = await c.post('/oauth/personal-access-tokens', { name: 'cli' });
  assert.equal(created.status, 200);
  assert.equal(created.body.tokenType, 'Bearer');
  assert.equal(created.body.expiresIn, 365 * 24 * 3600);
  const token = created.body.accessToken;

  const list = await c.get('/oauth/personal-access-tokens');
  assert.equal(list.status, 200);
  assert.equal(list.body.length, 1);
  assert.equal(list.body[0].id, created.body.accessTokenId);
  assert.equal(list.body[0].name, 'cli');
  assert.ok(!JSON.stringify(list.body).includes(token), 'the token value is never listed');

  const bearer = new Client(server.base);
  bearer.token = token;
  const user = await bearer.get('/api/v1/user');
  assert.equal(user.status, 200);
  assert.equal(user.body.id, me.id);

  const revoked = await c.delete(`/oauth/personal-access-tokens/${created.body.accessTokenId}`);
  assert.equal(revoked.status, 204);
  assert.equal((await bearer.get('/api/v1/user')).status, 401);
  assert.deepEqual((await c.get('/oauth/personal-access-tokens')).body, []);
  const again = await c.delete(`/oauth/personal-access-tokens/${created.body.accessTokenId}`);
  assert.equal(again.status, 404);
  assert.equal(again.text, '', '2FAuth answers an empty 404 here');
});

test('token routes need a session (bearer tokens do not open them) and CSRF for changes', async () => {
  const c = new Client(server.base);
  await c.register('Tokens 2', uniqueEmail('tok2'));
  const bearer = await c.tokenClient();
  assert.equal((await bearer.get('/oauth/personal-access-tokens')).status, 401);
  const noCsrf = await c.post('/oauth/personal-access-tokens', { name: 'x' }, { csrf: false });
  assert.equal(noCsrf.status, 419);
  const del = await c.delete(`/oauth/personal-access-tokens/${bearer.tokenId}`, { csrf: false });
  assert.equal(del.status, 419);
  assert.equal((await new Client(server.base).get('/oauth/personal-access-tokens')).status, 401);
});

test('token name is required and at most 255 characters', async () => {
  const c = new Client(server.base);
  await c.register('Tokens 3', uniqueEmail('tok3'));
  const missing = await c.post('/oauth/personal-access-tokens', {});
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body.errors, { name: ['The name field is required.'] });
  const long = await c.post('/oauth/personal-access-tokens', { name: 'x'.repeat(256) });
  assert.equal(long.status, 422);
});

test("a user cannot revoke another user's token", async () => {
  const a = new Client(server.base);
  const b = new Client(server.base);
  await a.register('Tokens A', uniqueEmail('ta'));
  await b.register('Tokens B', uniqueEmail('tb'));
  const bearerA = await a.tokenClient();
  assert.equal((await b.delete(`/oauth/personal-access-tokens/${bearerA.tokenId}`)).status, 404);
  assert.equal((await bearerA.get('/api/v1/user')).status, 200);
});

// The list of accounts and a code read their rows while authentication runs (one wait on the
// database instead of two): their statements resolve the token themselves, by the rule
// authentication applies.
test('the list of accounts and a code answer only a valid token, and only its holder\'s accounts', async () => {
  const c = new Client(server.base);
  await c.register('Token lister', uniqueEmail('lister'));
  const secret = 'A4GRFHVVRBGY7UIW';
  const mine = (await c.post('/api/v1/twofaccounts', { otp_type: 'totp', service: 'Mine', account: 'me', secret })).body;
  const other = new Client(server.base);
  await other.register('Token neighbour', uniqueEmail('neighbour'));
  await other.post('/api/v1/twofaccounts', { otp_type: 'totp', service: 'Theirs', account: 'them', secret });
  const created = await c.post('/oauth/personal-access-tokens', { name: 'list' });
  const bearer = new Client(server.base);
  bearer.token = created.body.accessToken;

  const listed = await bearer.get('/api/v1/twofaccounts?withOtp=1');
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.map((a) => a.id), [mine.id]);
  assert.equal(listed.body[0].otp.password.length, 6);
  assert.equal((await bearer.get('/api/v1/twofaccounts?ids=x')).status, 422, 'a malformed filter is 422 for the holder');
  const code = `/api/v1/twofaccounts/${mine.id}/otp`;
  assert.equal((await bearer.get(code)).status, 200);
  const theirs = (await other.get('/api/v1/twofaccounts')).body[0].id;
  assert.equal((await bearer.get(`/api/v1/twofaccounts/${theirs}/otp`)).status, 403, 'another user\'s account');
  const huge = '/api/v1/twofaccounts/99999999999999999999/otp';
  assert.equal((await bearer.get(huge)).status, 404, 'an id past 64 bits is no account');

  // Anyone else is 401 before the filter is judged.
  const stranger = new Client(server.base);
  stranger.token = 'not-a-token';
  assert.equal((await stranger.get('/api/v1/twofaccounts')).status, 401);
  assert.equal((await stranger.get('/api/v1/twofaccounts?ids=x')).status, 401);
  assert.equal((await new Client(server.base).get('/api/v1/twofaccounts?ids=x')).status, 401);
  assert.equal((await c.get('/api/v1/twofaccounts', { csrf: false })).status, 401, 'a cookie without the CSRF header');
  assert.equal((await stranger.get(code)).status, 401);
  assert.equal((await stranger.get(huge)).status, 401);
  assert.equal((await c.get(code, { csrf: false })).status, 401);

  // Expired, then revoked: 401 at once, with or without a filter.
  const sql = (command) => d1Sql(server.state, command);
  const where = `WHERE id = '${created.body.accessTokenId}'`;
  const expires = sql(`SELECT expires_at FROM personal_access_tokens ${where}`)[0].expires_at;
  sql(`UPDATE personal_access_tokens SET expires_at = 1 ${where}`);
  assert.equal((await bearer.get('/api/v1/twofaccounts')).status, 401, 'an expired token');
  assert.equal((await bearer.get(code)).status, 401);
  sql(`UPDATE personal_access_tokens SET expires_at = ${expires} ${where}`);
  assert.equal((await bearer.get('/api/v1/twofaccounts')).status, 200, 'the same token, live again');
  assert.equal((await c.delete(`/oauth/personal-access-tokens/${created.body.accessTokenId}`)).status, 204);
  assert.equal((await bearer.get('/api/v1/twofaccounts')).status, 401);
  assert.equal((await bearer.get(`/api/v1/twofaccounts?ids=${mine.id}`)).status, 401);
  assert.equal((await bearer.get(code)).status, 401);
});
