// 2FAuth's rate limits: THROTTLE_API per client address on every /api/v1 route (before authentication), the
// import allowance (THROTTLE_API_DURING_IMPORT) on the same counter, and 0 = unlimited. This file
// starts its own servers: the shared one runs with the limit off. Each case uses its own client
// address (CF-Connecting-IP, which Cloudflare sets in production), so each has a fresh window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const URI = 'otpauth://totp/account?secret=A4GRFHVVRBGY7UIW';
let server; let me;
before(async () => {
  server = await startServer({ vars: { THROTTLE_API: '5', THROTTLE_API_DURING_IMPORT: '10' } });
  const c = new Client(server.base);
  await c.register('Throttled', uniqueEmail('throttle'));
  me = await c.tokenClient();
});
after(() => server?.stop());

const from = (address, headers = {}) => ({ headers: { 'CF-Connecting-IP': address, ...headers } });

test('the 6th request of a minute with THROTTLE_API=5 is 429, with the headers Laravel sends', async () => {
  for (let i = 1; i <= 5; i++) {
    const res = await me.get('/api/v1/twofaccounts/count', from('198.51.100.1'));
    assert.equal(res.status, 200, `request ${i}`);
    assert.equal(res.headers.get('x-ratelimit-limit'), '5');
    assert.equal(res.headers.get('x-ratelimit-remaining'), String(5 - i));
  }
  const refused = await me.get('/api/v1/twofaccounts/count', from('198.51.100.1'));
  assert.equal(refused.status, 429);
  assert.deepEqual(refused.body, { message: 'Too Many Attempts.' });
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  const reset = Number(refused.headers.get('x-ratelimit-reset'));
  assert.ok(Math.abs(reset - (Date.now() / 1000 + retry)) <= 2, 'X-RateLimit-Reset is when Retry-After ends');
  assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
  // Another address has its own counter.
  assert.equal((await me.get('/api/v1/twofaccounts/count', from('198.51.100.2'))).status, 200);
});

test('unauthenticated calls and unknown endpoints count too', async () => {
  const anonymous = new Client(server.base);
  for (let i = 0; i < 3; i++) assert.equal((await anonymous.get('/api/v1/user', from('198.51.100.3'))).status, 401);
  assert.equal((await anonymous.get('/api/v1/nowhere', from('198.51.100.3'))).status, 404);
  assert.equal((await me.get('/api/v1/twofaccounts/count', from('198.51.100.3'))).status, 200, '5th');
  assert.equal((await me.get('/api/v1/twofaccounts/count', from('198.51.100.3'))).status, 429, '6th');
});

test('import posts (Referer …/account/import) get THROTTLE_API + THROTTLE_API_DURING_IMPORT', async () => {
  const importing = from('198.51.100.4', { Referer: 'https://vault.test/account/import' });
  for (let i = 1; i <= 15; i++) {
    const res = await me.post('/api/v1/twofaccounts', { uri: URI }, importing);
    assert.equal(res.status, 201, `import post ${i}`);
  }
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: URI }, importing)).status, 429, '16th');
  // The counter is shared: an ordinary request from that address is over its own 5 already.
  assert.equal((await me.get('/api/v1/twofaccounts/count', from('198.51.100.4'))).status, 429);
});

test("Twofold's own import screen (Referer …/accounts/import) gets the same allowance", async () => {
  const importing = from('198.51.100.8', { Referer: 'https://vault.test/accounts/import' });
  for (let i = 1; i <= 15; i++) {
    assert.equal((await me.post('/api/v1/twofaccounts', { uri: URI }, importing)).status, 201, `import post ${i}`);
  }
  assert.equal((await me.post('/api/v1/twofaccounts', { uri: URI }, importing)).status, 429, '16th');
});

test('the web session routes are not under the API limit', async () => {
  const c = new Client(server.base);
  for (let i = 0; i < 7; i++) assert.equal((await c.get('/refresh-csrf', from('198.51.100.5'))).status, 200);
});

test('THROTTLE_API=0 switches the limit off; an unlimited import allowance leaves imports uncounted', async () => {
  const open = await startServer({ vars: { THROTTLE_API: '0' } });
  try {
    const anonymous = new Client(open.base);
    for (let i = 0; i < 8; i++) {
      const res = await anonymous.get('/api/v1/user', from('198.51.100.6'));
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('x-ratelimit-limit'), null);
    }
  } finally {
    await open.stop();
  }
  const imports = await startServer({ vars: { THROTTLE_API: '2', THROTTLE_API_DURING_IMPORT: '0' } });
  try {
    const c = new Client(imports.base);
    await c.register('Importer', uniqueEmail('import'));
    const token = await c.tokenClient();
    const importing = from('198.51.100.7', { Referer: 'https://vault.test/account/import' });
    for (let i = 0; i < 5; i++) assert.equal((await token.post('/api/v1/twofaccounts', { uri: URI }, importing)).status, 201);
    assert.equal((await token.get('/api/v1/twofaccounts/count', from('198.51.100.7'))).status, 200);
  } finally {
    await imports.stop();
  }
});
