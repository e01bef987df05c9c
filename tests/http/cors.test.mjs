// CORS on /api/v1 as 2FAuth answers it, and no wider: any origin may call with a bearer token
// (the 2FAuth browser extension does, from its own origin), preflights are answered, but nothing
// is allowed with credentials, and a cookie session never acts for a request from another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let server; let web; let api;
before(async () => {
  server = await useServer();
  web = new Client(server.base);
  await web.register('Cors', uniqueEmail('cors'));
  api = await web.tokenClient();
});
after(() => server.stop());

test('a preflight from any origin is answered for bearer calls, without credentials', async () => {
  const res = await fetch(`${server.base}/api/v1/twofaccounts`, {
    method: 'OPTIONS',
    headers: { Origin: EXTENSION, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-requested-with' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const methods = res.headers.get('access-control-allow-methods');
  for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.match(methods, new RegExp(`\\b${m}\\b`));
  const allowed = res.headers.get('access-control-allow-headers').toLowerCase();
  for (const h of ['authorization', 'content-type', 'x-requested-with']) assert.ok(allowed.includes(h), allowed);
  assert.equal(res.headers.get('access-control-allow-credentials'), null);
  // Not a preflight: an OPTIONS without CORS headers is no different from before.
  assert.notEqual((await fetch(`${server.base}/api/v1/twofaccounts`, { method: 'OPTIONS' })).status, 204);
});

test('bearer calls from another origin are readable (ACAO *), errors too', async () => {
  const ok = await api.get('/api/v1/user', { headers: { Origin: EXTENSION } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), '*');
  assert.equal(ok.headers.get('access-control-allow-credentials'), null);
  const denied = await new Client(server.base).get('/api/v1/user', { headers: { Origin: EXTENSION } });
  assert.equal(denied.status, 401);
  assert.equal(denied.headers.get('access-control-allow-origin'), '*');
});

test('a cookie session never acts for another origin, even with the CSRF header', async () => {
  assert.equal((await web.get('/api/v1/user')).status, 200, 'same client, no Origin');
  assert.equal((await web.get('/api/v1/user', { headers: { Origin: server.base } })).status, 200, 'own origin');
  const foreign = await web.get('/api/v1/user', { headers: { Origin: 'https://evil.example' } });
  assert.equal(foreign.status, 401);
  const write = await web.post('/api/v1/groups', { name: 'from elsewhere' }, { headers: { Origin: 'https://evil.example' } });
  assert.equal(write.status, 401);
  const tokens = await web.get('/oauth/personal-access-tokens', { headers: { Origin: 'https://evil.example' } });
  assert.equal(tokens.status, 401, 'web routes too');
});
