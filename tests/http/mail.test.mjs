// E-mail (2FAuth's lost password, passkey recovery, sign-in notifications, test e-mail): the Worker
// speaks SMTP over its TCP sockets to a real server (npm smtp-server on loopback, AUTH required)
// and every flow is read in the delivered messages (mailparser): the reset link mailed and used,
// the passkey recovery link (with and without revoking the passkeys), the throttles, new-device and
// failed-login notices on and off, share notices per recipient preference, the admin's test e-mail
// (200, 424 with the server down), STARTTLS refusals, and an instance without mail keeping today's
// admin-handed link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, useServer, reservePort, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Authenticator } from '../support/passkey.mjs';
import { startMailServer, mailVars, linkIn, testCertificates, SMTP_USER, SMTP_PASSWORD } from '../support/smtp.mjs';

let smtp; let server; let admin;
before(async () => {
  smtp = await startMailServer();
  // THROTTLE_AUTH stays at its default (10 a minute): each case speaks from its own address.
  server = await startServer({ vars: { ...SUITE_VARS, THROTTLE_AUTH: '10', ...mailVars(smtp.port) } });
  admin = await person('mail-admin');
});
after(async () => {
  await server?.stop();
  await smtp?.close();
});

let address = 0;
/** A client speaking from its own address (each has its own THROTTLE_AUTH window). */
function fresh(base = server.base) {
  const c = new Client(base);
  address += 1;
  const ip = `198.51.100.${address}`;
  const request = c.request.bind(c);
  c.ip = ip;
  c.request = (method, path, opts = {}) =>
    request(method, path, { ...opts, headers: { 'CF-Connecting-IP': ip, ...(opts.headers ?? {}) } });
  return c;
}

async function person(prefix, base = server.base) {
  const client = fresh(base);
  const email = uniqueEmail(prefix);
  const me = await client.register(prefix, email);
  return { client, email, me };
}

async function setPreference(p, name, value) {
  const res = await p.client.request('PUT', `/api/v1/user/preferences/${name}`, { json: { value } });
  assert.equal(res.status, 201, res.text);
}

async function login(email, password, { ip, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } = {}) {
  const c = fresh();
  await c.csrf();
  const headers = { 'User-Agent': userAgent, ...(ip ? { 'CF-Connecting-IP': ip } : {}) };
  return c.post('/user/login', { email, password }, { headers });
}

test('a lost password mails the reset link, which resets it once; a second ask within the minute waits', async () => {
  const p = await person('mail-reset');
  const c = fresh();
  await c.csrf();
  const res = await c.post('/user/password/lost', { email: p.email });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { message: 'We have emailed your password reset link!' });
  const mail = await smtp.waitFor(p.email);
  // The message as sent: our headers, the name in encoded words, AUTH by the configured user.
  assert.equal(mail.user, SMTP_USER);
  assert.equal(mail.envelope.mailFrom.address, 'vault@twofold.test');
  assert.deepEqual(mail.parsed.from.value, [{ address: 'vault@twofold.test', name: 'Twofold — coffre' }]);
  assert.equal(mail.parsed.subject, 'Reset your Twofold password');
  assert.match(mail.parsed.messageId, /^<[0-9a-f]{32}@twofold\.test>$/);
  assert.ok(mail.parsed.date instanceof Date && Math.abs(mail.parsed.date - Date.now()) < 120_000);
  assert.equal(mail.parsed.headers.get('auto-submitted'), 'auto-generated');
  assert.match(mail.parsed.text, /^Hello mail-reset,/);
  const link = linkIn(mail);
  assert.equal(link.origin, server.base, 'without APP_URL, the origin asked');
  assert.equal(link.pathname, '/user/password/reset');
  assert.equal(link.searchParams.get('email'), p.email);

  const again = await c.post('/user/password/lost', { email: p.email });
  assert.equal(again.status, 422);
  assert.deepEqual(again.body.errors, { email: ['Please wait before retrying.'] });
  assert.equal(smtp.to(p.email).length, 1, 'no second mail');

  const reset = { token: link.searchParams.get('token'), email: p.email, password: 'a new password', password_confirmation: 'a new password' };
  const done = await c.post('/user/password/reset', reset);
  assert.equal(done.status, 200, done.text);
  assert.equal((await login(p.email, 'a new password')).status, 200);
  assert.equal((await c.post('/user/password/reset', { ...reset, password: 'third one!', password_confirmation: 'third one!' })).status, 422, 'used once');

  const unknown = await c.post('/user/password/lost', { email: 'nobody-here@example.com' });
  assert.equal(unknown.status, 422);
});

/** A user with a passkey who chose passkeys only. */
async function passkeyOnly(prefix) {
  const p = await person(prefix);
  const device = new Authenticator(new URL(server.base).origin);
  for (const alg of ['ES256', 'EdDSA']) {
    const options = await p.client.post('/webauthn/register/options', {});
    const { body } = device.create(options.body, { alg });
    assert.equal((await p.client.post('/webauthn/register', body)).status, 204);
  }
  await setPreference(p, 'useWebauthnOnly', true);
  assert.equal((await login(p.email, 'password123')).status, 401);
  return p;
}

async function recoveryLink(p, c) {
  const before = smtp.to(p.email).length;
  const res = await c.post('/webauthn/lost', { email: p.email });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { message: 'Account recovery email sent!' });
  const mail = await smtp.waitFor(p.email, { count: before + 1 });
  assert.equal(mail.parsed.subject, 'Sign in to Twofold without your passkey');
  const link = linkIn(mail);
  assert.equal(link.pathname, '/webauthn/recover');
  assert.equal(link.searchParams.get('email'), p.email);
  return link.searchParams.get('token');
}

test('a lost passkey: the recovery link with the password turns password sign-in back on, once', async () => {
  const p = await passkeyOnly('mail-recover');
  const c = fresh();
  await c.csrf();
  const token = await recoveryLink(p, c);
  // The link page is the web app's.
  const page = await fetch(`${server.base}/webauthn/recover?token=${token}&email=${encodeURIComponent(p.email)}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);

  const wrongPassword = await c.post('/webauthn/recover', { token, email: p.email, password: 'not it' });
  assert.equal(wrongPassword.status, 401);
  const wrongToken = await c.post('/webauthn/recover', { token: 'x'.repeat(43), email: p.email, password: 'password123' });
  assert.equal(wrongToken.status, 422);
  assert.ok(wrongToken.body.errors.token);
  const otherEmail = await c.post('/webauthn/recover', { token, email: admin.email, password: 'password123' });
  assert.equal(otherEmail.status, 422, 'a link is its own e-mail\'s');
  const missing = await c.post('/webauthn/recover', {});
  assert.deepEqual(Object.keys(missing.body.errors).sort(), ['email', 'password', 'token']);

  const ok = await c.post('/webauthn/recover', { token, email: p.email, password: 'password123' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body, { message: 'Webauthn login disabled' });
  assert.equal((await p.client.get('/api/v1/user/preferences/useWebauthnOnly')).body.value, false);
  assert.equal((await p.client.get('/webauthn/credentials')).body.length, 2, 'passkeys kept');
  assert.equal((await login(p.email, 'password123')).status, 200);
  const replay = await c.post('/webauthn/recover', { token, email: p.email, password: 'password123' });
  assert.equal(replay.status, 422, 'used once');
});

test('revokeAll, or the header WebAuthn-Unique: true, also removes every passkey', async () => {
  for (const how of ['body', 'header']) {
    const p = await passkeyOnly(`mail-revoke-${how}`);
    const c = fresh();
    await c.csrf();
    const token = await recoveryLink(p, c);
    const body = { token, email: p.email, password: 'password123', ...(how === 'body' ? { revokeAll: true } : {}) };
    const headers = how === 'header' ? { 'WebAuthn-Unique': 'true' } : {};
    const ok = await c.post('/webauthn/recover', body, { headers });
    assert.equal(ok.status, 200, `${how}: ${ok.text}`);
    assert.equal((await p.client.get('/webauthn/credentials')).body.length, 0, how);
    const rows = d1Sql(server.state, `SELECT COUNT(*) AS n FROM webauthn_credentials WHERE user_id = ${p.me.id}`);
    assert.equal(rows[0].n, 0);
  }
});

test('passkey recovery throttles: one mail a minute, ten recover attempts a minute from one address', async () => {
  const p = await passkeyOnly('mail-recover-throttle');
  const c = fresh();
  await c.csrf();
  await recoveryLink(p, c);
  const again = await c.post('/webauthn/lost', { email: p.email });
  assert.equal(again.status, 422);
  assert.deepEqual(again.body.errors, { email: ['Please wait before retrying.'] });
  assert.equal((await c.post('/webauthn/lost', { email: 'nobody-here@example.com' })).status, 422);
  const statuses = [];
  for (let i = 0; i < 11; i += 1) {
    statuses.push((await c.post('/webauthn/recover', { token: 'nope', email: p.email, password: 'x' })).status);
  }
  assert.deepEqual(statuses, [...Array(10).fill(422), 429]);
});

test('notifyOnNewAuthDevice: a mail for a sign-in from a new address or browser, none for a known one or a fresh account', async () => {
  const p = await person('mail-device');
  // Fresh account: even with the preference on, its first sign-ins are not news.
  await setPreference(p, 'notifyOnNewAuthDevice', true);
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.7' })).status, 200);
  assert.equal(smtp.to(p.email).length, 0, 'account younger than a minute');
  d1Sql(server.state, `UPDATE users SET created_at = created_at - 120 WHERE id = ${p.me.id}`);
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.7' })).status, 200);
  assert.equal(smtp.to(p.email).length, 0, 'same address and browser as before');
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.8' })).status, 200);
  const mail = await smtp.waitFor(p.email);
  assert.equal(mail.parsed.subject, 'New sign-in to your Twofold account');
  assert.match(mail.parsed.text, /203\.0\.113\.8/);
  assert.match(mail.parsed.text, /Firefox on Linux/);
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.8', userAgent: 'curl/8.5' })).status, 200);
  await smtp.waitFor(p.email, { count: 2 });
  // Off: no mail.
  await setPreference(p, 'notifyOnNewAuthDevice', false);
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.9' })).status, 200);
  assert.equal(smtp.to(p.email).length, 2);
});

test('notifyOnFailedLogin: a mail for a wrong password when on, none when off', async () => {
  const p = await person('mail-failed');
  assert.equal((await login(p.email, 'Tr0ub4dor&3-guess', { ip: '203.0.113.20' })).status, 401);
  assert.equal(smtp.to(p.email).length, 0, 'off by default');
  await setPreference(p, 'notifyOnFailedLogin', true);
  assert.equal((await login(p.email, 'Tr0ub4dor&3-guess', { ip: '203.0.113.21' })).status, 401);
  const mail = await smtp.waitFor(p.email);
  assert.equal(mail.parsed.subject, 'Failed sign-in to your Twofold account');
  assert.match(mail.parsed.text, /203\.0\.113\.21/);
  assert.ok(!mail.parsed.text.includes('Tr0ub4dor&3-guess'), 'the password tried is never mailed');
  assert.equal((await login(p.email, 'password123', { ip: '203.0.113.22' })).status, 200);
  assert.equal(smtp.to(p.email).length, 1, 'a right password is no failure');
});

test('share, unshare and ownership transfer notify each recipient as his preferences say', async () => {
  const settings = await admin.client.request('PUT', '/api/v1/settings/enableSharing', { json: { value: true } });
  assert.equal(settings.status, 200, settings.text);
  const owner = await person('mail-owner');
  const bob = await person('mail-bob');
  const carol = await person('mail-carol');
  await setPreference(carol, 'notifyOnShare', false);
  const created = await owner.client.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/GitHub:octo?secret=A4GRFHVVRBGY7UIW&issuer=GitHub' });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  const shared = await owner.client.post(`/api/v1/twofaccounts/${id}/shares`, { user_ids: [bob.me.id, carol.me.id] });
  assert.equal(shared.status, 201, shared.text);
  const mail = await smtp.waitFor(bob.email);
  assert.equal(mail.parsed.subject, 'An account was shared with you on Twofold');
  assert.match(mail.parsed.text, /mail-owner shared the account "GitHub \(octo\)" with you/);
  assert.equal(smtp.to(carol.email).length, 0, 'notifyOnShare off');
  // Sharing again with Bob is no news.
  assert.equal((await owner.client.post(`/api/v1/twofaccounts/${id}/shares`, { user_ids: [bob.me.id] })).status, 200);
  assert.equal(smtp.to(bob.email).length, 1);

  assert.equal((await owner.client.delete(`/api/v1/twofaccounts/${id}/shares/${bob.me.id}`)).status, 204);
  const unshared = await smtp.waitFor(bob.email, { count: 2 });
  assert.equal(unshared.parsed.subject, 'An account is no longer shared with you on Twofold');
  // Revoking a share that is not there tells nobody anything.
  assert.equal((await owner.client.delete(`/api/v1/twofaccounts/${id}/shares/${bob.me.id}`)).status, 204);
  assert.equal(smtp.to(bob.email).length, 2);

  const transfer = await owner.client.request('PATCH', `/api/v1/twofaccounts/${id}/owner`, { json: { new_owner_id: bob.me.id, confirm_password: 'password123' } });
  assert.equal(transfer.status, 200, transfer.text);
  const handed = await smtp.waitFor(bob.email, { count: 3 });
  assert.equal(handed.parsed.subject, 'You now own an account on Twofold');
  // notifyOnOwnershipTransfer off: Carol gets nothing when Bob hands it on.
  await setPreference(carol, 'notifyOnOwnershipTransfer', false);
  const again = await bob.client.request('PATCH', `/api/v1/twofaccounts/${id}/owner`, { json: { new_owner_id: carol.me.id, confirm_password: 'password123' } });
  assert.equal(again.status, 200, again.text);
  assert.equal(smtp.to(carol.email).length, 0);
});

test('POST /system/test-email: the admin gets a test message; others 403', async () => {
  const res = await admin.client.post('/system/test-email', {});
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { message: 'Ok' });
  const mail = await smtp.waitFor(admin.email);
  assert.equal(mail.parsed.subject, 'Twofold test e-mail');
  const other = await person('mail-nonadmin');
  assert.equal((await other.client.post('/system/test-email', {})).status, 403);
  assert.equal((await fresh().post('/system/test-email', {}, { csrf: false })).status, 419);
  // Nothing of the SMTP password reaches the worker's log.
  assert.ok(!server.log().split('\n').filter((l) => !l.includes('MAIL_PASSWORD')).some((l) => l.includes(SMTP_PASSWORD)));
});

/** A server whose runtime trusts `caFile` (workerd reads SSL_CERT_FILE, as OpenSSL does). */
async function serverTrusting(caFile, vars) {
  const saved = process.env.SSL_CERT_FILE;
  process.env.SSL_CERT_FILE = caFile;
  try {
    return await startServer({ vars: { ...SUITE_VARS, ...vars } });
  } finally {
    if (saved === undefined) delete process.env.SSL_CERT_FILE;
    else process.env.SSL_CERT_FILE = saved;
  }
}

test('STARTTLS: refused when not offered or with an untrusted certificate (no AUTH sent), delivered over TLS with a trusted one', async (t) => {
  const tls = testCertificates();
  const reserved = await reservePort();
  const { port } = reserved;
  const tlsServer = await serverTrusting(tls.caFile, mailVars(port, { MAIL_ENCRYPTION: 'tls' }));
  await reserved.release();
  try {
    const a = await person('mail-tls', tlsServer.base);
    const cases = [
      ['not offered', { starttls: false }, /does not offer STARTTLS/],
      ["smtp-server's own self-signed certificate", { starttls: true }, /connection to the mail server failed/],
    ];
    let seen = 0;
    for (const [name, options, why] of cases) {
      const smtpServer = await startMailServer({ port, ...options });
      try {
        const res = await a.client.post('/system/test-email', {});
        assert.equal(res.status, 424, `${name}: ${res.text}`);
        assert.deepEqual(res.body, { message: 'The e-mail could not be sent.' });
        assert.equal(smtpServer.sessions.length, 1, 'the worker did connect');
        assert.deepEqual(smtpServer.auths, [], `${name}: no AUTH, in clear or otherwise`);
        assert.equal(smtpServer.messages.length, 0);
        const asked = smtpServer.log.some((l) => / C: STARTTLS/.test(l));
        assert.equal(asked, options.starttls, `${name}: STARTTLS asked only when offered`);
        // wrangler passes the worker's log on a moment later.
        const reasons = () => tlsServer.log().split('\n').filter((l) => l.includes('mail not sent'));
        for (const end = Date.now() + 5000; reasons().length < seen + 1 && Date.now() < end;) {
          await new Promise((r) => setTimeout(r, 100));
        }
        seen += 1;
        const reason = reasons().at(-1) ?? '';
        assert.match(reason, why);
        assert.ok(!reason.includes(SMTP_PASSWORD));
        t.diagnostic(`${name}: ${reason.replace(/\x1b\[[0-9;]*m/g, '').trim()}`);
      } finally {
        await smtpServer.close();
      }
    }
    const trusted = await startMailServer({ port, starttls: true, key: tls.key, cert: tls.cert });
    try {
      const res = await a.client.post('/system/test-email', {});
      assert.equal(res.status, 200, res.text);
      const mail = await trusted.waitFor(a.email);
      assert.equal(mail.secure, true, 'delivered inside TLS');
      assert.deepEqual(trusted.auths, [{ method: 'PLAIN', username: SMTP_USER, secure: true }]);
    } finally {
      await trusted.close();
    }
  } finally {
    await tlsServer.stop();
  }
});

test('implicit TLS (MAIL_ENCRYPTION=ssl): delivered to a trusted server, refused by an untrusted one', async () => {
  const tls = testCertificates();
  const reserved = await reservePort();
  const { port } = reserved;
  const tlsServer = await serverTrusting(tls.caFile, mailVars(port, { MAIL_ENCRYPTION: 'ssl' }));
  await reserved.release();
  try {
    const a = await person('mail-ssl', tlsServer.base);
    const trusted = await startMailServer({ port, secure: true, key: tls.key, cert: tls.cert });
    try {
      const res = await a.client.post('/system/test-email', {});
      assert.equal(res.status, 200, res.text);
      const mail = await trusted.waitFor(a.email);
      assert.equal(mail.secure, true);
      assert.deepEqual(trusted.auths, [{ method: 'PLAIN', username: SMTP_USER, secure: true }]);
    } finally {
      await trusted.close();
    }
    const untrusted = await startMailServer({ port, secure: true });
    try {
      assert.equal((await a.client.post('/system/test-email', {})).status, 424);
      assert.deepEqual(untrusted.auths, []);
    } finally {
      await untrusted.close();
    }
  } finally {
    await tlsServer.stop();
  }
});

test('the mail server down: test-email 424, the reset 424, sign-ins unaffected', async () => {
  const p = await person('mail-down');
  await setPreference(p, 'notifyOnFailedLogin', true);
  await smtp.close();
  const res = await admin.client.post('/system/test-email', {});
  assert.equal(res.status, 424, res.text);
  const c = fresh();
  await c.csrf();
  assert.equal((await c.post('/user/password/lost', { email: p.email })).status, 424);
  assert.equal((await login(p.email, 'wrong password')).status, 401, 'not a 500');
  assert.equal((await login(p.email, 'password123')).status, 200);
});

test('without mail (MAIL_MAILER unset): the admin-handed link as before, no passkey recovery mail, test-email 424', async () => {
  const plain = await useServer();
  try {
    const c = new Client(plain.base);
    const email = uniqueEmail('mail-none');
    await c.register('mail-none', email);
    const anon = new Client(plain.base);
    await anon.csrf();
    const lost = await anon.post('/user/password/lost', { email });
    assert.equal(lost.status, 200, lost.text);
    const pending = d1Sql(plain.state, `SELECT token_hash FROM password_resets WHERE user_id = (SELECT id FROM users WHERE email = '${email}')`);
    assert.deepEqual(pending, [{ token_hash: null }], 'a request awaiting an admin, no link made');
    const webauthn = await anon.post('/webauthn/lost', { email });
    assert.equal(webauthn.status, 422);
    assert.match(webauthn.body.errors.email[0], /administrator/);
    // Made admin here: on the shared server the first user may be another suite's.
    d1Sql(plain.state, `UPDATE users SET is_admin = 1 WHERE email = '${email}'`);
    const test = await c.post('/system/test-email', {});
    assert.equal(test.status, 424, test.text);
  } finally {
    await plain.stop();
  }
});
