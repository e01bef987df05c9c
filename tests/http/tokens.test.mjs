// 2FAuth's personal access tokens: created through the session, shown once, used as bearer,
// revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

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
