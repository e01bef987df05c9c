// This device's offline copy of the accounts, kept only when its user asks at sign-in, and only
// encrypted (WebCrypto, in IndexedDB):
//  - a random vault key encrypts the accounts (AES-256-GCM);
//  - the vault key is stored wrapped by a key derived from the account's password (PBKDF2-SHA-256,
//    600 000 iterations, random salt), so that offline the password opens it;
//  - while signed in, a non-extractable copy of the vault key lets the app refresh the copy each
//    time it loads the accounts; signing out (or the session ending) deletes that copy.
// Nothing in clear ever reaches the device's storage; the server never sees any of it.
const DB = 'twofold-offline';
const STORE = 'vault';
const ITERATIONS = 600000;
const encoder = new TextEncoder();

const failure = (code, message) => Object.assign(new Error(message), { code });

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function run(mode, act) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}
const get = (key) => run('readonly', (s) => s.get(key));
const put = (key, value) => run('readwrite', (s) => s.put(value, key));
const remove = (key) => run('readwrite', (s) => s.delete(key));

async function passwordKey(password, salt) {
  const base = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS }, base,
    { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** After a sign-in with `password`: a new offline copy for `email` (its accounts come with the next `save`). */
export async function enable(email, password) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const vaultKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const wrapped = await crypto.subtle.wrapKey('raw', vaultKey, await passwordKey(password, salt), { name: 'AES-GCM', iv });
  const raw = await crypto.subtle.exportKey('raw', vaultKey);
  const session = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  new Uint8Array(raw).fill(0);
  await remove('data');
  await put('lock', { email, salt, iv, wrapped: new Uint8Array(wrapped) });
  await put('session', session);
}

/** Saves the accounts (their JSON, secrets included) when this session keeps an offline copy. */
export async function save(json) {
  const key = await get('session');
  if (!key) return false;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(json));
  await put('data', { iv, data: new Uint8Array(data), savedAt: Date.now() });
  return true;
}

/** The offline copy on this device, `{email, savedAt}`, or null. */
export async function status() {
  const [lock, data] = [await get('lock'), await get('data')];
  return lock && data ? { email: lock.email, savedAt: data.savedAt } : null;
}

/** Opens the offline copy with the account's password: the accounts' JSON. */
export async function open(password) {
  const [lock, data] = [await get('lock'), await get('data')];
  if (!lock || !data) throw failure('NO_COPY', 'There is no offline copy on this device.');
  let key;
  try {
    key = await crypto.subtle.unwrapKey('raw', lock.wrapped, await passwordKey(password, lock.salt),
      { name: 'AES-GCM', iv: lock.iv }, 'AES-GCM', false, ['decrypt']);
  } catch {
    throw failure('WRONG_PASSWORD', 'This password does not open the offline copy.');
  }
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: data.iv }, key, data.data));
}

/** The session is over: its key goes; the copy stays, for the password only. */
export async function lock() {
  await remove('session');
}

/** Removes this device's offline copy entirely. */
export async function forget() {
  for (const key of ['session', 'lock', 'data']) await remove(key);
}
