// Security: password hashes are bound to PASSWORD_PEPPER, a Worker secret kept apart from APP_KEY and
// from D1: with a dump of `users` alone, PBKDF2 recomputed from a guessed password and the stored
// salt does not give the stored hash. Records from before the pepper still log in, and are
// re-hashed with it at that login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { startServer, useServer, SUITE_VARS } from '../support/server.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

const stored = (email) => d1Sql(server.state, `SELECT password FROM users WHERE email = '${email}'`)[0].password;
const parse = (record) => {
  const [scheme, iterations, salt, hash] = record.split('$');
  return { scheme, iterations: Number(iterations), salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
};
const login = async (email, password) => {
  const c = new Client(server.base);
  await c.csrf();
  return c.post('/user/login', { email, password });
};

test('a D1 dump alone does not give the PBKDF2 of the password: the hash is peppered', async () => {
  const email = uniqueEmail('pepper');
  const password = 'Correct-Horse-Battery-9';
  await new Client(server.base).register(`Peppered ${email}`, email, password);
  const record = parse(stored(email));
  // What an attacker with the dump computes for the right guess: it must not match.
  const guess = pbkdf2Sync(password, record.salt, record.iterations, 32, 'sha256');
  assert.notDeepEqual(guess, record.hash, 'the right password does not verify offline');
  assert.equal(record.scheme, 'pbkdf2-sha256-hmac');
  assert.equal(record.iterations, 100000, 'the production ceiling of WebCrypto PBKDF2');
  assert.equal(record.salt.length, 16);
  assert.equal(record.hash.length, 32);
  assert.equal((await login(email, password)).status, 200);
  assert.equal((await login(email, 'Wrong-Horse-Battery-9')).status, 401);
});

test('a record from before the pepper still logs in and is upgraded to the peppered scheme', async () => {
  const email = uniqueEmail('legacy');
  await new Client(server.base).register(`Legacy ${email}`, email, 'placeholder-password');
  const password = 'Old-Scheme-Password-1';
  const salt = randomBytes(16);
  const old = `pbkdf2-sha256$100000$${salt.toString('base64')}$${pbkdf2Sync(password, salt, 100000, 32, 'sha256').toString('base64')}`;
  d1Sql(server.state, `UPDATE users SET password = '${old}' WHERE email = '${email}'`);
  assert.equal((await login(email, 'placeholder-password')).status, 401, 'the record written in D1 is the one checked');
  assert.equal(stored(email), old, 'a failed login changes nothing');
  assert.equal((await login(email, password)).status, 200);
  const upgraded = parse(stored(email));
  assert.equal(upgraded.scheme, 'pbkdf2-sha256-hmac');
  assert.notDeepEqual(pbkdf2Sync(password, upgraded.salt, upgraded.iterations, 32, 'sha256'), upgraded.hash);
  assert.equal((await login(email, password)).status, 200, 'and the upgraded record logs in');
});

test('without PASSWORD_PEPPER the worker neither hashes nor checks a password', async () => {
  const s = await startServer({ vars: { ...SUITE_VARS, PASSWORD_PEPPER: '' } });
  try {
    const c = new Client(s.base);
    await c.csrf();
    const email = uniqueEmail('nopepper');
    const res = await fetch(`${s.base}/user`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: c.cookieHeader(), 'X-XSRF-TOKEN': c.cookies.get('XSRF-TOKEN') },
      body: JSON.stringify({ name: 'NoPepper', email, password: 'password123', password_confirmation: 'password123' }),
    });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { message: 'Server Error' });
    assert.deepEqual(d1Sql(s.state, `SELECT id FROM users WHERE email = '${email}'`), [], 'no user without a password hash');
    // The operator is told why, in the worker's log (which wrangler writes a moment later).
    for (let waited = 0; !/PASSWORD_PEPPER is not set/.test(s.log()) && waited < 10_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(s.log(), /internal error: PASSWORD_PEPPER is not set/);
  } finally {
    await s.stop();
  }
});
