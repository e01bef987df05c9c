// Offline use, which 2FAuth does not offer: a device keeps an encrypted copy of the accounts when
// its user asks at sign-in; without a network the app still opens (its service worker) and the
// account's password opens the copy, whose codes are computed in the browser. Nothing readable
// is stored (not even the address), signing out leaves only what the password opens, a new
// password replaces the old one with a new vault key (nothing saved after the change opens with
// the old one, changed on this device or another), and a deleted account takes its copy with it.
// offline-device.test.mjs attacks the copy of a browser closed without signing out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSuite, signUp, eventually, addByUri } from '../support/browser.mjs';
import { ROOT } from '../support/server.mjs';
import { totp } from '../support/otp.mjs';

const OUT = join(ROOT, 'test-output', 'screenshots');
const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TFOQ';
const PASSWORD = 'browser-password';
const NEW_PASSWORD = 'second-password';
const THIRD_PASSWORD = 'third-password';

const suite = browserSuite();

/** Everything this origin keeps in IndexedDB, as text (bytes as their characters). */
const storedText = (page) => page.evaluate(async () => {
  const text = (v) => (v instanceof Uint8Array ? String.fromCharCode(...v) : v instanceof CryptoKey ? '[key]'
    : v && typeof v === 'object' ? Object.values(v).map(text).join(' ') : String(v));
  const out = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
      out.push(...all.map(text));
    }
    db.close();
  }
  return out.join('\n') + JSON.stringify(localStorage);
});

const vaultStatus = (page) => page.evaluate(() => import('/vault.js').then((v) => v.status()));

/** The copy's records as stored (bytes as arrays), as someone imaging the device would keep them. */
const records = (page) => page.evaluate(async () => {
  const request = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const db = await request(indexedDB.open('twofold-offline'));
  const store = db.transaction('vault').objectStore('vault');
  const plain = (v) => (v instanceof Uint8Array ? Array.from(v) : v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v);
  const out = { lock: plain(await request(store.get('lock'))), data: plain(await request(store.get('data'))) };
  db.close();
  return out;
});

/** Whether `password` opens `data` through `lock` (records as `records` gives them). */
const opens = (page, lock, data, password) => page.evaluate(async ({ lock, data, password }) => {
  const bytes = (a) => new Uint8Array(a);
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
  const wrapping = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: bytes(lock.salt), iterations: 600000 },
    base, { name: 'AES-GCM', length: 256 }, false, ['unwrapKey']);
  try {
    const key = await crypto.subtle.unwrapKey('raw', bytes(lock.wrapped), wrapping, { name: 'AES-GCM', iv: bytes(lock.iv) },
      'AES-GCM', false, ['decrypt']);
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(data.iv) }, key, bytes(data.data));
    return true;
  } catch {
    return false;
  }
}, { lock, data, password });

/** Waits (up to 10 s) for the device's copy to satisfy `wanted`. */
async function until(page, wanted, what) {
  const status = await eventually(page, () => vaultStatus(page), wanted, 10000);
  assert.ok(wanted(status), `${what}: ${JSON.stringify(status)}`);
}

test('offline: the copy made at sign-in opens with the password and gives the codes without a network; it follows a password change and goes with the account', async () => {
  // Someone registered first, so this user is not the only admin and may delete their account.
  await (await signUp(suite.browser, suite.server.base, 'Offline Neighbour')).context().close();
  const page = await signUp(suite.browser, suite.server.base, 'Offline User', { liveCodes: true });
  await addByUri(page, suite.server.base, `otpauth://totp/Offline:me@example.com?secret=${SECRET}`);
  await page.locator('.account .code').first().filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
  // A group, so the copy has one to offer offline.
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const api = (method, path, data) => page.request.fetch(`${suite.server.base}/api/v1${path}`, { method, data, headers: { 'X-XSRF-TOKEN': xsrf } });
  const group = await (await api('POST', '/groups', { name: 'Work', show_in_chips: true })).json();
  const [account] = await (await api('GET', '/twofaccounts')).json();
  assert.equal((await api('POST', `/groups/${group.id}/assign`, { ids: [account.id] })).status(), 200);
  await page.waitForFunction(() => document.querySelector('footer .email')?.textContent.includes('@'));
  const email = await page.locator('footer .email').textContent();
  assert.equal(await vaultStatus(page), null, 'no copy unless asked');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Keep an encrypted copy on this device for offline use').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/accounts');
  await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
  await until(page, (s) => s !== null, 'a copy is saved');
  const stored = await storedText(page);
  assert.ok(!stored.includes(SECRET) && !stored.includes('Offline') && !stored.includes(PASSWORD), 'only ciphertext is stored');
  assert.ok(!stored.includes(email), 'nor the address');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // No network: the app opens from the service worker's copy; the password opens the accounts.
  await page.context().setOffline(true);
  try {
    await page.reload();
    const password = page.getByLabel(/^Your account's password, to open this device's copy/);
    await password.fill('not the password');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not open the offline copy' }).waitFor();
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('status').filter({ hasText: "Offline: this device's copy" }).waitFor();
    const code = page.locator('.account .code').first();
    await code.filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
    // Right after a period ends, the tile may still show the last code for a moment (its timer
    // has not ticked yet): the current code must show within a few seconds.
    const deadline = Date.now() + 5000;
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      const shown = (await code.textContent()).replace(/\s/g, '');
      if (shown === totp(SECRET, now)) break;
      assert.ok(Date.now() < deadline, `the offline copy shows ${shown}, not the current code ${totp(SECRET, now)}`);
      await page.waitForTimeout(200);
    }
    await page.locator('.chips button', { hasText: 'Work' }).click();
    await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^Edit / }).count(), 0, 'no edit link offline');
    await page.screenshot({ path: join(OUT, 'accounts-offline-1280.png') });
    // A screen of another app cannot load offline (the service worker keeps only the everyday
    // app): the accounts open instead, New (the editor app) included.
    for (const elsewhere of ['/settings/options', '/accounts/create']) {
      await page.goto(`${suite.server.base}${elsewhere}`).catch(() => {});
      await page.waitForURL('**/accounts');
      await page.getByLabel(/^Your account's password, to open this device's copy/).waitFor();
    }
  } finally {
    await page.context().setOffline(false);
  }

  // A new password: the copy follows it, and the old one no longer opens it.
  await page.goto(`${suite.server.base}/settings/account`);
  const before = (await vaultStatus(page)).savedAt;
  const old = await records(page);
  assert.ok(await opens(page, old.lock, old.data, PASSWORD), 'the old password opens what was saved before');
  await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('New password (8 characters or more)').fill(NEW_PASSWORD);
  await page.getByLabel('New password again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change the password' }).click();
  await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
  await until(page, (s) => s && s.savedAt > before, 'the copy is renewed');
  // A new vault key: even the old lock, kept from before the change, does not open what is saved now.
  const renewed = await records(page);
  assert.ok(await opens(page, renewed.lock, renewed.data, NEW_PASSWORD));
  assert.equal(await opens(page, old.lock, renewed.data, PASSWORD), false, 'the old password opens data saved after the change');
  await page.goto(`${suite.server.base}/accounts`);
  await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
  await page.context().setOffline(true);
  try {
    await page.reload();
    const password = page.getByLabel(/^Your account's password, to open this device's copy/);
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /does not open the offline copy/);
    await password.fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
  } finally {
    await page.context().setOffline(false);
  }

  // The password changed on another device: this device's session no longer refreshes the copy
  // (the old password would open it), whether the change ended the session or not.
  const loaded = (await vaultStatus(page)).savedAt;
  await page.reload();
  await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
  await until(page, (s) => s && s.savedAt > loaded, 'each load refreshes the copy while signed in');
  const kept = await records(page);
  const other = await suite.browser.newContext();
  const elsewhere = await other.newPage();
  await elsewhere.goto(`${suite.server.base}/login`);
  await elsewhere.getByLabel('Email').fill(email);
  await elsewhere.getByLabel('Password').fill(NEW_PASSWORD);
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await elsewhere.waitForURL('**/accounts');
  await elsewhere.goto(`${suite.server.base}/settings/account`);
  await elsewhere.getByLabel('Current password', { exact: true }).fill(NEW_PASSWORD);
  await elsewhere.getByLabel('New password (8 characters or more)').fill(THIRD_PASSWORD);
  await elsewhere.getByLabel('New password again').fill(THIRD_PASSWORD);
  await elsewhere.getByRole('button', { name: 'Change the password' }).click();
  await elsewhere.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
  await other.close();
  await page.goto(`${suite.server.base}/accounts`);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.evaluate(() => import('/vault.js').then((v) => v.save('{"accounts":[]}'))), false,
    'a save after a password change elsewhere');
  assert.deepEqual((await records(page)).data, kept.data, 'nothing new is saved under the key the old password opens');

  // Signed out, the session's key is gone: the copy is not refreshed any more, only opened.
  if (!page.url().endsWith('/login')) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  }
  await page.waitForURL('**/login');
  assert.equal(await page.evaluate(() => import('/vault.js').then((v) => v.save('{}'))), false);
  assert.notEqual(await vaultStatus(page), null);
  // Signing in without the choice removes the copy.
  const signIn = async (offline) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(THIRD_PASSWORD);
    await page.getByLabel('Keep an encrypted copy on this device for offline use').setChecked(offline);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/accounts');
    await page.locator('.account .service').filter({ hasText: 'Offline' }).waitFor();
  };
  await signIn(false);
  await until(page, (s) => s === null, 'the copy is removed');
  // Deleting the account removes its copy too.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await signIn(true);
  await until(page, (s) => s !== null, 'a copy is saved');
  await page.goto(`${suite.server.base}/settings/account`);
  page.once('dialog', (d) => d.accept());
  await page.getByLabel('Your password').fill(THIRD_PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL('**/login');
  assert.equal(await vaultStatus(page), null);
  await page.context().close();
});
