// 2FAuth's global HTTP conventions (routing, content negotiation, error bodies) and its API
// authentication (bearer personal access tokens, or the web session).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

test('unknown /api/v1 paths answer 404 "unknowkn endpoint", before any authentication', async () => {
  const c = new Client(server.base);
  for (const path of ['/api/v1/nope', '/api/v1/twofaccounts/1/nope', '/api/v1/twofaccounts/abc/otp']) {
    const res = await c.get(path);
    assert.equal(res.status, 404, path);
    assert.deepEqual(res.body, { message: 'unknowkn endpoint' });
  }
});

test('every /api/v1 route refuses anonymous calls with 401 Unauthenticated.', async () => {
  const c = new Client(server.base);
  for (const [method, path] of [['GET', '/api/v1/user'], ['GET', '/api/v1/twofaccounts'],
    ['POST', '/api/v1/twofaccounts'], ['GET', '/api/v1/twofaccounts/1'], ['GET', '/api/v1/twofaccounts/1/otp']]) {
    const res = await c.request(method, path, { json: method === 'POST' ? {} : undefined });
    assert.equal(res.status, 401, `${method} ${path}`);
    assert.deepEqual(res.body, { message: 'Unauthenticated.' });
  }
});

test('a bearer token that does not exist is 401; so is a malformed Authorization header', async () => {
  const c = new Client(server.base);
  c.token = 'not-a-real-token-not-a-real-token-xx';
  assert.equal((await c.get('/api/v1/user')).status, 401);
  const raw = await c.get('/api/v1/user', { headers: { Authorization: 'Basic abc' } });
  assert.equal(raw.status, 401);
});

test('a session cookie opens /api/v1 only together with the X-XSRF-TOKEN header', async () => {
  const c = new Client(server.base);
  await c.register('Conventions', uniqueEmail('conv'));
  assert.equal((await c.get('/api/v1/user')).status, 200);
  const withoutHeader = await c.get('/api/v1/user', { csrf: false });
  assert.equal(withoutHeader.status, 401);
  const wrongHeader = await c.get('/api/v1/user', { csrf: false, headers: { 'X-XSRF-TOKEN': 'forged' } });
  assert.equal(wrongHeader.status, 401);
});

test('a known path with another method answers 405', async () => {
  const c = new Client(server.base);
  assert.equal((await c.request('DELETE', '/api/v1/user/name')).status, 405);
  assert.equal((await c.request('PUT', '/user/login')).status, 405);
});

test('GET /api/v1/user/name is public and deprecated', async () => {
  const res = await new Client(server.base).get('/api/v1/user/name');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { deprecation: true });
  assert.match(res.headers.get('deprecation'), /2023/);
});

test('the OpenAPI document is served and describes OpenAPI 3.1', async () => {
  const res = await new Client(server.base).get('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, '3.1.0');
  assert.ok(res.body.paths['/api/v1/twofaccounts']);
});

test('every operation of the OpenAPI document is filed under one declared tag (the reference at /api/docs groups by them)', async () => {
  const { body } = await new Client(server.base).get('/api/v1/openapi.json');
  const declared = body.tags.map((t) => t.name);
  const used = new Set();
  for (const [path, item] of Object.entries(body.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const name = `${method.toUpperCase()} ${path}`;
      assert.equal(operation.tags?.length, 1, `${name}: one tag`);
      assert.ok(declared.includes(operation.tags[0]), `${name}: ${operation.tags[0]} is not declared`);
      used.add(operation.tags[0]);
    }
  }
  assert.deepEqual([...used].sort(), [...declared].sort(), 'every declared tag files an operation');
});

test('API answers carry nosniff, a referrer policy, no framing and no caching', async () => {
  const c = new Client(server.base);
  for (const res of [await c.get('/api/v1/user'), await c.get('/api/v1/nope'), await c.get('/refresh-csrf')]) {
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  }
});

test('a method the router does not know (QUERY) is refused with 405, never read as GET', async () => {
  const c = new Client(server.base);
  await c.register('Query User', uniqueEmail('query'));
  const api = await c.tokenClient();
  assert.equal((await api.get('/api/v1/groups')).status, 200);
  const res = await api.request('QUERY', '/api/v1/groups');
  assert.equal(res.status, 405);
  assert.deepEqual(res.body, { message: 'The method is not supported for this route.' });
});
