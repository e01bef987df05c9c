// Passkeys in the web app, in Chromium with the DevTools virtual authenticator (a platform
// authenticator with resident keys and user verification): add one under My account, sign out,
// sign in with it without typing anything, then "passkeys only" refusing the password. Served as
// http://localhost (a passkey's RP id must be a domain name, not an IP address).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, signUp, scan, eventually, addByUri } from '../support/browser.mjs';
import { useServer } from '../support/server.mjs';

let server; let browser; let base;

before(async () => {
  server = await useServer();
  base = server.base.replace('127.0.0.1', 'localhost');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A virtual authenticator on `page`'s tab: what the passkeys of this test live in. */
async function virtualAuthenticator(page, { prf = false } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasPrf: prf,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('add a passkey, sign out, sign in with it (no e-mail typed), then passkeys only', async () => {
  const page = await signUp(browser, base, 'Passkey User');
  const email = (await (await page.request.get(`${base}/api/v1/user`, {
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value) },
  })).json()).email;
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  await page.goto(`${base}/settings/account`);
  await page.getByRole('link', { name: 'Manage your passkeys' }).click();
  await page.waitForURL('**/settings/webauthn');
  await page.getByLabel('Passkey name').first().fill('Laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
  const row = page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.first().getByRole('textbox').inputValue(), 'Laptop');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true);
  await scan(page, 'passkeys', 'passkeys');

  // Signed out, the passkey alone signs in: the authenticator names the user.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.waitForURL('**/accounts');
  assert.equal((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount >= 1, true);

  // Passkeys only: the password no longer signs in.
  await page.goto(`${base}/settings/webauthn`);
  const only = page.getByLabel('Sign in with passkeys only (the password no longer signs in)');
  await only.check();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('browser-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'unauthorized' }).waitFor();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.waitForURL('**/accounts');
});

test('a cancelled passkey request says so and leaves the sign-in page usable', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  // No passkey on this authenticator and none offered: the browser gives up.
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.getByRole('alert').filter({ hasText: /passkey request/ }).waitFor({ timeout: 90_000 });
  assert.match(page.url(), /\/login$/);
  await context.close();
});

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** This device's offline copy as IndexedDB holds it: the lock's field names and whether data is saved. */
const copyOnDevice = (page) => page.evaluate(async () => {
  const request = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  if (!(await indexedDB.databases()).some((d) => d.name === 'twofold-offline')) return null;
  const db = await request(indexedDB.open('twofold-offline'));
  const store = db.transaction('vault').objectStore('vault');
  const [lock, data] = [await request(store.get('lock')), await request(store.get('data'))];
  db.close();
  return lock ? { lock: Object.keys(lock).sort(), passkey: lock.passkey ?? null, saved: Boolean(data) } : null;
});

test('offline, the passkey opens the device\'s copy (PRF, user verified): no password typed, no server', async () => {
  const page = await signUp(browser, base, 'Offline Passkey', { liveCodes: true });
  await addByUri(page, base, `otpauth://totp/Passkey%20Bank:me@example.com?secret=${SECRET}`);
  await page.locator('.account .code').first().filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
  const { cdp, authenticatorId } = await virtualAuthenticator(page, { prf: true });
  await page.goto(`${base}/settings/webauthn`);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');

  await page.getByLabel('Keep an encrypted copy on this device for offline use').check();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.waitForURL('**/accounts');
  await page.locator('.account .service').filter({ hasText: 'Passkey Bank' }).waitFor();
  const copy = await eventually(page, () => copyOnDevice(page), (c) => c?.saved === true, 10000);
  assert.ok(copy?.saved, JSON.stringify(copy));
  // Wrapped by the passkey's secret and the session's key only: no password wrapping, no secret kept.
  assert.deepEqual(copy.lock, ['id', 'iv', 'owner', 'ownerSalt', 'passkey', 'wrapped']);
  assert.deepEqual(Object.keys(copy.passkey).sort(), ['id', 'rpId']);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await page.context().setOffline(true);
  try {
    await page.reload();
    await page.getByRole('button', { name: 'Open with your passkey' }).click();
    await page.getByRole('status').filter({ hasText: "Offline: this device's copy" }).waitFor();
    await page.locator('.account .code').first().filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
    // A thief holding the device, who cannot pass the authenticator's user verification, gets nothing.
    await page.reload();
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    const asked = Date.now();
    await page.getByRole('button', { name: 'Open with your passkey' }).click();
    await page.getByRole('alert').filter({ hasText: /passkey/ }).waitFor({ timeout: 75_000 });
    console.log(`[passkeys] an unverified user was refused in ${Date.now() - asked} ms`);
    assert.equal(await page.locator('.account .code').count(), 0);
  } finally {
    await page.context().setOffline(false);
  }
});
