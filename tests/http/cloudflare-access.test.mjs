// Sign-in by Cloudflare Access (issue 14): a worker started with AUTHENTICATION_GUARD=cloudflare-access
// and a key server on loopback playing the team domain (node http serving the JWKS at
// /cdn-cgi/access/certs, as https://<team>.cloudflareaccess.com does). Assertions are signed with npm
// `jose`, by the team's keys or by others; the worker must take only the team's, for its audience, in
// their time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client } from '../support/client.mjs';
import { rawRequest } from '../support/raw-http.mjs';

const AUD = 'b7c0ffee0123456789abcdef0123456789abcdef0123456789abcdef01234567';
let keyServer; let issuer; let published = []; let fetches = 0;
let server; let client;
const keys = {};

async function key(kid, alg = 'RS256') {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
  keys[kid] = { ...pair, jwk, alg };
  return keys[kid];
}

before(async () => {
  await key('k1');
  await key('k2');
  await key('k9');
  await key('e1', 'ES256');
  published = [keys.k1.jwk, keys.e1.jwk];
  keyServer = createServer((req, res) => {
    if (req.url !== '/cdn-cgi/access/certs') {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: published, public_cert: { kid: published[0]?.kid, cert: 'unused' } }));
  });
  await new Promise((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${keyServer.address().port}`;
  server = await startServer({
    vars: { ...SUITE_VARS, AUTHENTICATION_GUARD: 'cloudflare-access', CF_ACCESS_TEAM_DOMAIN: issuer, CF_ACCESS_AUD: AUD },
  });
  client = new Client(server.base);
});
after(async () => {
  await server?.stop();
  keyServer?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** An assertion as Access signs it, with `claims` over the usual ones, signed by `by` (its kid unless `kid`). */
async function assertion(claims = {}, { by = 'k1', kid, header = {} } = {}) {
  const signer = keys[by];
  const body = { aud: [AUD], email: 'ann@example.org', iss: issuer, sub: 'user-1', type: 'app',
    iat: now(), nbf: now(), exp: now() + 300, identity_nonce: 'n', country: 'FR', ...claims };
  return new SignJWT(body)
    .setProtectedHeader({ alg: signer.alg, kid: kid ?? by, ...header })
    .sign(signer.privateKey);
}

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const withToken = (token) => ({ headers: { 'Cf-Access-Jwt-Assertion': token } });
const asUser = async (claims, opts) => client.get('/api/v1/user', withToken(await assertion(claims, opts)));
const refused = (res, what) => {
  assert.equal(res.status, 403, `${what}: ${res.text}`);
  assert.deepEqual(res.body, { message: 'Request does not come from a trusted proxy' }, what);
};

test("a valid assertion signs in its e-mail's user: created, first admin, authenticated_by_proxy", async () => {
  const res = await asUser({ email: 'Ann@Example.org' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.email, 'ann@example.org');
  assert.equal(res.body.name, 'ann@example.org');
  assert.equal(res.body.is_admin, true);
  assert.equal(res.body.authenticated_by_proxy, true);
  assert.equal('proxy_logout_url' in res.body, false, 'no PROXY_LOGOUT_URL set');
  assert.equal(res.headers.get('set-cookie'), null);
  const again = await asUser();
  assert.equal(again.body.id, res.body.id);
  const other = await asUser({ email: 'ben@example.org' });
  assert.equal(other.body.is_admin, false);
  assert.notEqual(other.body.id, res.body.id);
  // Signed by the team's other published key (ES256) too.
  assert.equal((await asUser({}, { by: 'e1' })).status, 200);
  assert.equal(fetches, 1, 'the keys are fetched once and kept');
});

test('missing assertion ⇒ 407', async () => {
  // (Through node:http: fetch answers a 407 with a network error.)
  const res = await rawRequest(server.base, 'GET', '/api/v1/user');
  assert.equal(res.status, 407);
  assert.deepEqual(res.body, { message: 'Unauthenticated.' });
  assert.equal((await rawRequest(server.base, 'GET', '/api/v1/twofaccounts', withToken(''))).status, 407);
});

test('a forged signature, or a key the team does not publish, is refused', async () => {
  const genuine = await assertion();
  const [head, , signature] = genuine.split('.');
  const forged = `${head}.${b64({ aud: [AUD], email: 'ann@example.org', iss: issuer, exp: now() + 300, iat: now(), extra: 1 })}.${signature}`;
  refused(await client.get('/api/v1/user', withToken(forged)), 'payload changed under a valid signature');
  const mangled = `${head}.${genuine.split('.')[1]}.${Buffer.from('x'.repeat(256)).toString('base64url')}`;
  refused(await client.get('/api/v1/user', withToken(mangled)), 'signature replaced');
  // Another key claiming the team key's kid.
  refused(await asUser({}, { by: 'k9', kid: 'k1' }), 'other key, published kid');
  refused(await client.get('/api/v1/user', withToken('not.a.jwt')), 'garbage');
});

test('wrong audience or issuer, expired or not yet valid: refused', async () => {
  refused(await asUser({ aud: ['another-application'] }), 'other aud');
  refused(await asUser({ aud: undefined }), 'no aud');
  refused(await asUser({ iss: 'https://other.cloudflareaccess.com' }), 'other issuer');
  refused(await asUser({ exp: now() - 120, iat: now() - 600, nbf: now() - 600 }), 'expired');
  refused(await asUser({ exp: undefined }), 'no exp');
  refused(await asUser({ nbf: now() + 600, exp: now() + 900 }), 'not yet valid');
  // Within the minute of clock skew allowed.
  assert.equal((await asUser({ exp: now() - 10 })).status, 200, 'skew');
});

test('alg none and HS256 (the public key as a shared secret) are refused', async () => {
  const claims = { aud: [AUD], email: 'ann@example.org', iss: issuer, exp: now() + 300, iat: now() };
  refused(await client.get('/api/v1/user', withToken(`${b64({ alg: 'none', kid: 'k1' })}.${b64(claims)}.`)), 'none');
  const secret = new TextEncoder().encode(JSON.stringify(keys.k1.jwk));
  const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(secret);
  refused(await client.get('/api/v1/user', withToken(hs)), 'HS256');
});

test('an assertion without an e-mail (a service token) names nobody', async () => {
  refused(await asUser({ email: undefined, common_name: 'svc.access' }), 'service token');
});

test('a rotated key is fetched on its unknown kid, at most every 5 s; withdrawn keys stop working', async () => {
  // The team rotates: k2 replaces k1.
  published = [keys.k2.jwk];
  const before = fetches;
  await new Promise((r) => setTimeout(r, 5_500));
  const rotated = await asUser({}, { by: 'k2' });
  assert.equal(rotated.status, 200, rotated.text);
  assert.equal(fetches, before + 1, 'fetched again for the new kid');
  // Unknown kids right after: refused without asking the key server again.
  refused(await asUser({}, { by: 'k9' }), 'unknown kid');
  refused(await asUser({}, { by: 'k9' }), 'unknown kid again');
  assert.equal(fetches, before + 1, 'refreshes are bounded');
  // The withdrawn key no longer signs anyone in.
  refused(await asUser({}, { by: 'k1' }), 'withdrawn key');
});

test('under Access too, password, token and passkey routes are 405', async () => {
  const token = await assertion();
  for (const [method, path] of [['POST', '/user/login'], ['GET', '/user/logout'], ['GET', '/oauth/personal-access-tokens'], ['GET', '/webauthn/credentials']]) {
    const res = await client.request(method, path, { ...withToken(token), json: method === 'POST' ? {} : undefined });
    assert.equal(res.status, 405, `${method} ${path}`);
  }
});
