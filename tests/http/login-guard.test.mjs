// Login cannot be brute-forced: attempts are counted before the password is checked, so parallel
// guesses cannot slip past LOGIN_THROTTLE; each e-mail also has a counter of its own, whatever the
// address, which waits 30 s after 10 failures, doubling with each further one; unknown e-mails meet the same throttle; and the
// sign-in, registration and recovery routes are rate-limited per address (THROTTLE_AUTH). This
// file starts its own servers; each case uses its own client address (CF-Connecting-IP).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const PASSWORD = 'the right password';
let server;
before(async () => { server = await startServer({ vars: { THROTTLE_API: '0', THROTTLE_AUTH: '0', LOGIN_THROTTLE: '5' } }); });
after(() => server?.stop());

const from = (address) => ({ headers: { 'CF-Connecting-IP': address } });

async function account(label) {
  const email = uniqueEmail(label);
  await new Client(server.base).register(`${label} ${email}`, email, PASSWORD);
  return email;
}

async function login(base, email, password, address) {
  const c = new Client(base);
  await c.csrf();
  return c.post('/user/login', { email, password }, from(address));
}

test('50 wrong passwords at once from one address: at most LOGIN_THROTTLE are checked, the rest 429', async () => {
  const email = await account('parallel');
  // Every client has its CSRF cookie first, so that the 50 logins leave together.
  const clients = await Promise.all(Array.from({ length: 50 }, async () => {
    const c = new Client(server.base);
    await c.csrf();
    return c;
  }));
  const answers = await Promise.all(clients.map((c) => c.post('/user/login', { email, password: 'wrong guess' }, from('203.0.113.10'))));
  const checked = answers.filter((r) => r.status === 401).length;
  const refused = answers.filter((r) => r.status === 429);
  assert.ok(checked >= 1 && checked <= 5, `${checked} passwords checked`);
  assert.equal(checked + refused.length, 50, `statuses: ${answers.map((r) => r.status)}`);
  for (const r of refused) assert.ok(Number(r.headers.get('retry-after')) >= 1);
  // Even the right password waits now.
  assert.equal((await login(server.base, email, PASSWORD, '203.0.113.10')).status, 429);
});

test('the 5th wrong password is still checked, the 6th is 429 (2FAuth), and another address has its own count', async () => {
  const email = await account('sequence');
  for (let i = 1; i <= 5; i++) assert.equal((await login(server.base, email, 'wrong', '203.0.113.20')).status, 401, `attempt ${i}`);
  const sixth = await login(server.base, email, 'wrong', '203.0.113.20');
  assert.equal(sixth.status, 429);
  assert.deepEqual(sixth.body, { message: 'Too many login attempts. Please try again in {seconds} seconds.' });
  assert.equal((await login(server.base, email, PASSWORD, '203.0.113.21')).status, 200, 'another address signs in');
});

test('one e-mail from many addresses: after 10 failures the account waits, even with the right password', async () => {
  const email = await account('spread');
  for (let i = 0; i < 10; i++) {
    assert.equal((await login(server.base, email, 'wrong', `198.18.0.${i + 1}`)).status, 401, `attempt ${i + 1}`);
  }
  for (const address of ['198.18.1.1', '198.18.1.2']) {
    const shut = await login(server.base, email, PASSWORD, address);
    assert.equal(shut.status, 429, 'the account waits, whatever the address');
    const wait = Number(shut.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 30, `Retry-After ${wait}`);
  }
  // Another e-mail is not held back by it.
  const other = await account('spread-other');
  assert.equal((await login(server.base, other, PASSWORD, '198.18.0.1')).status, 200);
});

test('an unknown e-mail meets the same throttle, with 2FAuth\'s 422 until then', async () => {
  const email = uniqueEmail('nobody');
  for (let i = 1; i <= 5; i++) {
    const res = await login(server.base, email, 'guess', '203.0.113.30');
    assert.equal(res.status, 422, `attempt ${i}`);
    assert.deepEqual(res.body.errors, { email: ['No account found using this email.'] });
  }
  assert.equal((await login(server.base, email, 'guess', '203.0.113.30')).status, 429);
});

test('THROTTLE_AUTH: sign-in, registration and recovery routes take a few requests a minute per address', async () => {
  const limited = await startServer({ vars: { THROTTLE_API: '0', THROTTLE_AUTH: '3', LOGIN_THROTTLE: '0' } });
  try {
    const email = uniqueEmail('routes');
    const admin = new Client(limited.base);
    await admin.csrf();
    const registered = await admin.post('/user', { name: 'Routes', email, password: PASSWORD, password_confirmation: PASSWORD }, from('192.0.2.1'));
    assert.equal(registered.status, 201);
    const routes = [
      ['/user', (i) => ({ name: `R${i}`, email: uniqueEmail('r'), password: PASSWORD, password_confirmation: PASSWORD })],
      ['/user/login', () => ({ email, password: 'wrong' })],
      ['/user/password/lost', () => ({ email: uniqueEmail('lost') })],
      ['/user/password/reset', () => ({ token: 'x', email, password: 'new password', password_confirmation: 'new password' })],
    ];
    for (const [path, body] of routes) {
      const c = new Client(limited.base);
      await c.csrf();
      for (let i = 1; i <= 3; i++) {
        const res = await c.post(path, body(i), from('192.0.2.2'));
        assert.notEqual(res.status, 429, `${path} request ${i}`);
      }
      const fourth = await c.post(path, body(4), from('192.0.2.2'));
      assert.equal(fourth.status, 429, `${path} 4th`);
      assert.deepEqual(fourth.body, { message: 'Too Many Attempts.' });
      assert.ok(Number(fourth.headers.get('retry-after')) >= 1);
      assert.notEqual((await c.post(path, body(5), from('192.0.2.3'))).status, 429, `${path}: another address`);
    }
  } finally {
    await limited.stop();
  }
});

test('a session does not buy unlimited password guesses: routes that ask for the password again share the guards', async () => {
  const email = await account('reconfirm');
  const c = new Client(server.base);
  await c.csrf();
  assert.equal((await c.post('/user/login', { email, password: PASSWORD }, from('203.0.113.40'))).status, 200);
  const guess = (password) => c.request('PATCH', '/user/password',
    { json: { currentPassword: password, password: 'new password 9', password_confirmation: 'new password 9' }, ...from('203.0.113.40') });
  for (let i = 1; i <= 5; i++) assert.equal((await guess(`guess ${i}`)).status, 400, `guess ${i}`);
  assert.equal((await guess(PASSWORD)).status, 429, 'the 6th waits, even the right one');
  const profile = await c.request('PUT', '/user', { json: { name: 'x', email, password: 'guess' }, ...from('203.0.113.40') });
  assert.equal(profile.status, 429, 'the profile route shares the counter');
  const remove = await c.request('DELETE', '/user', { json: { password: 'guess' }, ...from('203.0.113.40') });
  assert.equal(remove.status, 429, 'so does account deletion');
});
