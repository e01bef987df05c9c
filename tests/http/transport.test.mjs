// Transport: cookies are Secure everywhere but plain HTTP on this machine (wrangler dev); over
// HTTPS the session cookie is `__Host-` prefixed (this host only, whole site, Secure) and every
// answer carries HSTS. This file starts its own HTTPS server (wrangler's self-signed certificate,
// accepted for this file's requests only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useServer, startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let local;
before(async () => { local = await useServer(); });
after(() => local.stop());

const cookieOf = (res, name) => res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));

test('plain HTTP on this machine: cookies without Secure (browsers would drop them), no HSTS', async () => {
  const c = new Client(local.base);
  const csrf = await c.get('/refresh-csrf');
  assert.doesNotMatch(cookieOf(csrf, 'XSRF-TOKEN'), /Secure/);
  await c.csrf();
  const res = await c.post('/user', { name: `T ${uniqueEmail()}`, email: uniqueEmail('transport'), password: 'password123', password_confirmation: 'password123' });
  assert.equal(res.status, 201);
  const session = cookieOf(res, 'twofold_session');
  assert.ok(session, 'the session cookie keeps its plain name over http');
  assert.doesNotMatch(session, /Secure/);
  assert.equal(res.headers.get('strict-transport-security'), null);
});

test('plain HTTP to any other host name: cookies are Secure all the same', async () => {
  const { port } = new URL(local.base);
  const answer = await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/refresh-csrf', headers: { Host: 'vault.example.org' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(answer.statusCode, 200);
  const cookie = answer.headers['set-cookie'].find((l) => l.startsWith('XSRF-TOKEN='));
  assert.match(cookie, /; Secure/);
});

test('HTTPS: a __Host- session cookie (Secure, Path=/, no Domain), Secure CSRF cookie, HSTS on every answer', async () => {
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const secure = await startServer({ vars: SUITE_VARS, https: true });
  try {
    assert.match(secure.base, /^https:/);
    const c = new Client(secure.base);
    const csrf = await c.get('/refresh-csrf');
    assert.match(cookieOf(csrf, 'XSRF-TOKEN'), /; Secure/);
    assert.match(csrf.headers.get('strict-transport-security'), /max-age=\d{7,}/);
    await c.csrf();
    const res = await c.post('/user', { name: 'Over TLS', email: uniqueEmail('tls'), password: 'password123', password_confirmation: 'password123' });
    assert.equal(res.status, 201);
    const session = cookieOf(res, '__Host-twofold_session');
    assert.ok(session, `session cookie: ${res.headers.getSetCookie()}`);
    assert.match(session, /; Path=\/;/);
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; Secure/);
    assert.doesNotMatch(session, /Domain=/i);
    assert.equal(cookieOf(res, 'twofold_session'), undefined);
    // The prefixed cookie opens the session; the unprefixed name means nothing over HTTPS.
    const me = await c.get('/api/v1/user');
    assert.equal(me.status, 200);
    // The D1 bookmark's cookie is prefixed too (tests/http/replication.test.mjs).
    const bookmark = cookieOf(me, '__Host-twofold_d1_bookmark');
    assert.match(bookmark ?? '', /; Path=\/;.*; HttpOnly; Secure$/);
    assert.equal(cookieOf(me, 'twofold_d1_bookmark'), undefined);
    const planted = new Client(secure.base);
    await planted.csrf();
    planted.cookies.set('twofold_session', c.cookies.get('__Host-twofold_session'));
    assert.equal((await planted.get('/api/v1/user')).status, 401);
    // API errors and the web app's pages carry HSTS too.
    assert.match((await new Client(secure.base).get('/api/v1/user')).headers.get('strict-transport-security'), /max-age=/);
    const page = await fetch(`${secure.base}/accounts`);
    assert.match(page.headers.get('strict-transport-security') ?? '', /max-age=/);
    // Signing out clears the prefixed cookie.
    const out = await c.get('/user/logout');
    assert.match(cookieOf(out, '__Host-twofold_session'), /Max-Age=0/);
  } finally {
    await secure.stop();
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  }
});
