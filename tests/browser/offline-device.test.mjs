// The offline copy against someone who takes the device: its user signed in with the box checked,
// let the copy fill and closed the browser WITHOUT signing out; later the session ended on the
// server. With the same browser profile and no network, nothing the device keeps (IndexedDB,
// local storage, Cache Storage, cookies readable by script) opens the copy: every stored key and
// every stored byte string taken as a key fails on every stored ciphertext, and no secret, service
// or e-mail address is stored in clear. The account's password still opens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, eventually, addByUri } from '../support/browser.mjs';
import { useServer, ROOT, toolEnv } from '../support/server.mjs';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SERVICE = 'Persistent Bank';
const PASSWORD = 'device-password';

let server;
let profile;
before(async () => {
  server = await useServer();
  profile = mkdtempSync(join(tmpdir(), 'twofold-profile-'));
});
after(async () => {
  rmSync(profile, { recursive: true, force: true });
  await server?.stop();
});

/** Runs SQL on the server's local D1, as an operator would with wrangler (asynchronously, so the
 *  other tests of the run go on meanwhile). */
const sql = async (command) => JSON.parse((await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'),
  ['d1', 'execute', 'DB', '--local', '--persist-to', server.state, '--json', '--command', command],
  { cwd: ROOT, env: toolEnv(), encoding: 'utf8' })).stdout)[0].results;

const open = () => chromium.launchPersistentContext(profile, CHROMIUM);
const page = async (context) => context.pages()[0] ?? context.newPage();

/** In the page: everything this origin keeps (IndexedDB, local and session storage, Cache Storage,
 *  script-readable cookies), then every attempt to decrypt with it. Answers what decrypted and
 *  all stored bytes as text. */
const attack = (p) => p.evaluate(async () => {
  const keys = [];
  const bytes = [];
  const texts = [];
  const latin1 = (b) => Array.from(b, (c) => String.fromCharCode(c)).join('');
  const fromBase64 = (s) => {
    try {
      return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  };
  const walk = (v, where) => {
    if (v instanceof CryptoKey) keys.push({ key: v, where });
    else if (v instanceof ArrayBuffer) walk(new Uint8Array(v), where);
    else if (ArrayBuffer.isView(v)) {
      const b = new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      bytes.push({ b, where });
      texts.push(latin1(b));
    } else if (typeof v === 'string') {
      texts.push(v);
      bytes.push({ b: new TextEncoder().encode(v), where });
      const decoded = fromBase64(v);
      if (decoded) bytes.push({ b: decoded, where: `${where} (base64)` });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
    } else texts.push(String(v));
  };
  const request = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const stores = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const s = db.transaction(store).objectStore(store);
      const [ids, values] = [await request(s.getAllKeys()), await request(s.getAll())];
      ids.forEach((id, i) => {
        stores.push(`${name}/${store}/${id}`);
        walk(id, `${name}/${store}/${id}#key`);
        walk(values[i], `${name}/${store}/${id}`);
      });
    }
    db.close();
  }
  for (const [area, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
    for (let i = 0; i < storage.length; i += 1) {
      const k = storage.key(i);
      walk(k, `${area}#key`);
      walk(storage.getItem(k), `${area}/${k}`);
    }
  }
  for (const cookie of document.cookie.split('; ').filter(Boolean)) {
    const [k, ...v] = cookie.split('=');
    walk(decodeURIComponent(v.join('=')), `cookie/${k}`);
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      texts.push(req.url, latin1(new Uint8Array(await (await cache.match(req)).arrayBuffer())));
    }
  }

  // Every stored key, and every stored byte string of an AES key's length taken as one, against
  // every stored byte string as an initialisation vector with every other as a ciphertext; what
  // decrypts to a key's length is tried as a key in turn (a wrapped key).
  const candidates = [...keys];
  const tried = new Set();
  const asKey = async (b, where) => {
    if (![16, 24, 32].includes(b.length) || tried.has(latin1(b))) return;
    tried.add(latin1(b));
    candidates.push({ key: await crypto.subtle.importKey('raw', b, 'AES-GCM', false, ['decrypt', 'unwrapKey']), where });
  };
  for (const { b, where } of bytes) await asKey(b, where);
  const ivs = bytes.filter(({ b }) => b.length >= 1 && b.length <= 16);
  const ciphertexts = bytes.filter(({ b }) => b.length >= 16);
  const opened = [];
  for (let i = 0; i < candidates.length; i += 1) {
    const { key, where } = candidates[i];
    if (key.algorithm.name !== 'AES-GCM') continue;
    for (const iv of ivs) {
      for (const ct of ciphertexts) {
        if (iv === ct) continue;
        const params = { name: 'AES-GCM', iv: iv.b };
        let plain = null;
        if (key.usages.includes('decrypt')) {
          plain = await crypto.subtle.decrypt(params, key, ct.b).catch(() => null);
        }
        if (!plain && key.usages.includes('unwrapKey')) {
          const unwrapped = await crypto.subtle.unwrapKey('raw', ct.b, key, params, 'AES-GCM', true, ['decrypt'])
            .catch(() => null);
          plain = unwrapped && await crypto.subtle.exportKey('raw', unwrapped);
        }
        if (plain) {
          const b = new Uint8Array(plain);
          opened.push(`${where} opens ${ct.where} (iv ${iv.where}): ${b.length} bytes`);
          await asKey(b, `${where} → ${ct.where}`);
        }
      }
    }
  }
  return { stores, keys: keys.map((k) => `${k.where}: ${k.key.algorithm.name} [${k.key.usages}]`),
    candidates: candidates.length, ciphertexts: ciphertexts.length, opened, text: texts.join('\n') };
});

test('a device closed while signed in: once the session is over, only the password opens its copy', async () => {
  let context = await open();
  let p = await page(context);
  const email = `device-${Date.now()}@example.com`;
  try {
    await p.goto(`${server.base}/register`);
    await p.getByLabel('Name').fill(`Device ${Date.now()}`);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel(/^Password/).fill(PASSWORD);
    await p.getByRole('button', { name: 'Register' }).click();
    await p.waitForURL('**/accounts');
    await addByUri(p, server.base, `otpauth://totp/${encodeURIComponent(SERVICE)}:me@example.com?secret=${SECRET}&issuer=${encodeURIComponent(SERVICE)}`);
    await p.locator('.account .service').filter({ hasText: SERVICE }).waitFor();
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForURL('**/login');
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByLabel('Keep an encrypted copy on this device for offline use').check();
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL('**/accounts');
    await p.locator('.account .service').filter({ hasText: SERVICE }).waitFor();
    const saved = await eventually(p, () => p.evaluate(() => import('/vault.js').then((v) => v.status())), (s) => s !== null, 10000);
    assert.notEqual(saved, null, 'the copy is saved');
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
  } finally {
    // Closed as a user closes the browser: without signing out.
    await context.close();
  }

  // Later, the session is over on the server (here: expired; logout, the inactivity kick or a new
  // password end it too), and the device's holder has no network to the server.
  const [{ id }] = await sql(`SELECT id FROM users WHERE email = '${email}'`);
  assert.equal((await sql(`SELECT COUNT(*) AS n FROM sessions WHERE user_id = ${id}`))[0].n, 1, 'the session was left open');
  await sql(`UPDATE sessions SET expires_at = 1 WHERE user_id = ${id}`);

  context = await open();
  try {
    await context.setOffline(true);
    p = await page(context);
    await p.goto(`${server.base}/accounts`);
    const password = p.getByLabel(/to open this device's copy/);
    await password.waitFor();

    const found = await attack(p);
    console.log(`[offline-device] records: ${found.stores.join(', ')}; stored keys: ${found.keys.join('; ') || 'none'}; `
      + `${found.candidates} keys tried on ${found.ciphertexts} ciphertexts`);
    assert.ok(found.stores.some((s) => s.includes('data')), `the copy is on the device: ${found.stores}`);
    assert.deepEqual(found.opened, [], 'nothing stored on the device decrypts anything');
    for (const clear of [SECRET, SERVICE, email, PASSWORD]) {
      assert.ok(!found.text.includes(clear), `${clear} is stored in clear`);
    }
    assert.ok(!(await p.locator('body').textContent()).includes(email), 'the unlock screen does not show the address');

    // The account's password still opens it.
    await password.fill('not the password');
    await p.getByRole('button', { name: 'Open' }).click();
    await p.getByRole('alert').filter({ hasText: 'does not open the offline copy' }).waitFor();
    await password.fill(PASSWORD);
    await p.getByRole('button', { name: 'Open' }).click();
    await p.locator('.account .service').filter({ hasText: SERVICE }).waitFor();
  } finally {
    await context.close();
  }
});

test("a copy left by the previous version (a usable session key, the address in clear) is removed at the first look", async () => {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const p = await (await browser.newContext()).newPage();
    await p.goto(`${server.base}/login`);
    // What vault.js version 1 kept: a non-extractable key that decrypts the data, and the address.
    await p.evaluate(async ({ email }) => {
      const request = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      const open = indexedDB.open('twofold-offline', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('vault');
      const db = await request(open);
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('{"accounts":[]}')));
      const store = db.transaction('vault', 'readwrite').objectStore('vault');
      store.put({ email, salt: new Uint8Array(16), iv, wrapped: new Uint8Array(48) }, 'lock');
      store.put(key, 'session');
      await request(store.put({ iv, data, savedAt: Date.now() }, 'data'));
      db.close();
    }, { email: 'earlier@example.com' });
    assert.equal(await p.evaluate(() => import('/vault.js').then((v) => v.status())), null);
    const found = await attack(p);
    assert.deepEqual(found.keys, [], 'no stored key is left');
    assert.deepEqual(found.stores, [], 'nothing of that copy is left');
    assert.ok(!found.text.includes('earlier@example.com'));
  } finally {
    await browser.close();
  }
});
