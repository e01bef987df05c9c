// The web app's mail screens, against a real SMTP server (npm smtp-server): a lost passkey
// (*Lost your passkey?* on the sign-in page, the mailed link's page with the password and "remove
// every passkey"), and the admin's "Send a test e-mail"; each screen passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, signUp, scan, setPreference, preference } from '../support/browser.mjs';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { startMailServer, mailVars, linkIn } from '../support/smtp.mjs';

let smtp; let server; let browser; let admin;

before(async () => {
  smtp = await startMailServer();
  server = await startServer({ vars: { ...SUITE_VARS, ...mailVars(smtp.port) } });
  browser = await launchChromium();
  admin = await signUp(browser, server.base, 'Mail Admin');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function emailOf(page, base = server.base) {
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const res = await page.request.get(`${base}/api/v1/user`, { headers: { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' } });
  const { email } = await res.json();
  assert.match(email, /@/);
  return email;
}

test('the admin sends a test e-mail from the application settings', async () => {
  const email = await emailOf(admin);
  await admin.goto(`${server.base}/admin/app`);
  await admin.getByRole('button', { name: 'Send a test e-mail' }).click();
  await admin.getByRole('status').filter({ hasText: 'Test e-mail sent' }).waitFor();
  const mail = await smtp.waitFor(email);
  assert.equal(mail.parsed.subject, 'Twofold test e-mail');
  await scan(admin, '/admin/app (mail)', 'admin-app-mail');
});

test('a lost passkey: ask for the link from the sign-in page, open it, confirm the password, remove every passkey', async () => {
  // A user who signs in with a passkey only (a passkey's RP id must be a name: localhost).
  const local = server.base.replace('127.0.0.1', 'localhost');
  const user = await signUp(browser, local, 'Passkey Loser');
  const email = await emailOf(user, local);
  const cdp = await user.context().newCDPSession(user);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  await user.goto(`${local}/settings/webauthn`);
  await user.getByRole('button', { name: 'Add a passkey' }).click();
  await user.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
  await setPreference(user, local, 'useWebauthnOnly', true);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByRole('link', { name: 'Lost your passkey?' }).click();
  await page.waitForURL('**/webauthn/lost');
  await scan(page, '/webauthn/lost', 'webauthn-lost');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the recovery link' }).click();
  await page.getByRole('status').filter({ hasText: 'A recovery link is on its way' }).waitFor();
  const link = linkIn(await smtp.waitFor(email));

  await page.goto(link.href);
  assert.equal(await page.getByLabel('Email').inputValue(), email, 'the link fills the e-mail');
  await scan(page, '/webauthn/recover', 'webauthn-recover');
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Turn password sign-in back on' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('Password').fill('browser-password');
  await page.getByLabel('Also remove every passkey of my account').check();
  await page.getByRole('button', { name: 'Turn password sign-in back on' }).click();
  await page.getByRole('status').filter({ hasText: 'you can sign in with your password' }).waitFor();
  assert.equal(await preference(user, local, 'useWebauthnOnly'), false);
  const left = await user.request.get(`${local}/webauthn/credentials`, { headers: { Accept: 'application/json' } });
  assert.deepEqual(await left.json(), [], 'every passkey removed');

  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('browser-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/accounts');
  await context.close();
});
