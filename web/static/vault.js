// This device's offline copy of the accounts, kept only when its user asks at sign-in, and only
// encrypted (WebCrypto, in IndexedDB):
//  - a random vault key encrypts the accounts (AES-256-GCM);
//  - the vault key is stored wrapped by a key derived from the account's password (PBKDF2-SHA-256,
//    600 000 iterations, random salt), so that offline the password opens it;
//  - it is also stored wrapped by the session's offline key, which the server hands only to a live
//    session (GET /user/offline-key, derived from the session and the password record) and which
//    is never stored here: while signed in, each load of the accounts asks for it and refreshes the
//    copy without the password; once the session is over (signed out, expired, kicked for
//    inactivity, or the password changed or reset) the server refuses it, and nothing left on the
//    device opens the copy but the password;
//  - after a sign-in with a passkey whose authenticator has the PRF extension, the vault key is
//    wrapped instead by a key derived (HKDF-SHA-256) from the passkey's PRF secret, which the
//    authenticator gives only after user verification: offline, the passkey opens the copy and no
//    password is typed; the secret never leaves this page (web/static/passkeys.js);
//  - whose copy it is is kept as a salted hash of the e-mail address, never the address.
// The server never sees the vault key nor the copy.
const DB = 'twofold-offline';
const STORE = 'vault';
const ITERATIONS = 600000;
const encoder = new TextEncoder();

const failure = (code, message) => Object.assign(new Error(message), { code });
const random = (n) => crypto.getRandomValues(new Uint8Array(n));
const same = (a, b) => a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length
  && a.every((x, i) => x === b[i]);

function database() {
  return new Promise((resolve, reject) => {
    // Version 2: a version-1 copy kept a usable key for the session and the address in clear;
    // it is removed (the next sign-in with the box makes a new one).
    const open = indexedDB.open(DB, 2);
    open.onupgradeneeded = (event) => {
      if (event.oldVersion < 1) open.result.createObjectStore(STORE);
      else open.transaction.objectStore(STORE).clear();
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Runs `act(store, answer)` in one transaction, so its reads and writes are seen together or not
 *  at all; resolves with what `act` passed to `answer` once the transaction is committed. */
async function transaction(mode, act) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let result;
      act(tx.objectStore(STORE), (value) => { result = value; });
      tx.oncomplete = () => resolve(result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}
const get = (key) => transaction('readonly', (s, answer) => {
  const request = s.get(key);
  request.onsuccess = () => answer(request.result);
});
const remove = (...keys) => transaction('readwrite', (s) => keys.forEach((k) => s.delete(k)));

async function passwordKey(password, salt) {
  const base = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS }, base,
    { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** The wrapping key of a passkey's PRF secret. */
async function prfKey(prf) {
  const base = await crypto.subtle.importKey('raw', prf, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode('twofold offline copy: vault key') },
    base, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** The offline key of the live session, from the server (kept in no variable beyond this call). */
async function sessionKey() {
  const ask = () => {
    const xsrf = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length);
    return fetch('/user/offline-key', {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': xsrf ?? '' },
    });
  };
  let response = await ask();
  if (response.status === 419) {
    await fetch('/refresh-csrf', { credentials: 'same-origin', cache: 'no-store' });
    response = await ask();
  }
  if (!response.ok) throw failure('NO_SESSION', 'Only a live session refreshes the offline copy.');
  const raw = Uint8Array.from(atob((await response.json()).key), (c) => c.charCodeAt(0));
  try {
    return await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
  } finally {
    raw.fill(0);
  }
}

/** Whose copy: a salted hash of the (lower-cased) address. */
async function ownerHash(email, salt) {
  const bytes = new Uint8Array([...salt, ...encoder.encode(email.trim().toLowerCase())]);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** After a sign-in (or a password change) with `password`: a new offline copy for `email`, under a
 *  new vault key (its accounts come with the next `save`). Fails, leaving no copy, when the
 *  session's offline key cannot be had. */
export async function enable(email, password) {
  const salt = random(16);
  await start(email, async (vaultKey, iv) => ({
    salt, wrapped: await crypto.subtle.wrapKey('raw', vaultKey, await passwordKey(password, salt), { name: 'AES-GCM', iv }),
  }));
}

/** After a sign-in with a passkey: a new offline copy for `email` that this passkey's PRF secret
 *  opens. Fails, leaving the previous copy as it was, when the authenticator gave no PRF secret. */
export async function enablePasskey(email) {
  const taken = (await import('/passkeys.js')).takePrf();
  if (!taken) throw failure('NO_PRF', 'This passkey cannot open the offline copy.');
  try {
    await start(email, async (vaultKey, iv) => ({
      passkey: { id: taken.id, rpId: taken.rpId },
      wrapped: await crypto.subtle.wrapKey('raw', vaultKey, await prfKey(taken.prf), { name: 'AES-GCM', iv }),
    }));
  } finally {
    taken.prf.fill(0);
  }
}

/** A new copy under a new vault key, wrapped by `wrap(vaultKey, iv)` (what opens it offline) and
 *  by the live session's offline key. Fails, leaving no copy, when the session's key cannot be had. */
async function start(email, wrap) {
  try {
    const server = await sessionKey();
    const [iv, sessionIv, ownerSalt, id] = [random(12), random(12), random(16), random(16)];
    const vaultKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    const { wrapped, ...how } = await wrap(vaultKey, iv);
    const forSession = await crypto.subtle.wrapKey('raw', vaultKey, server, { name: 'AES-GCM', iv: sessionIv });
    const owner = await ownerHash(email, ownerSalt);
    // One transaction: the new lock never stands beside the previous copy's data or session key.
    await transaction('readwrite', (s) => {
      s.delete('data');
      s.put({ id, owner, ownerSalt, iv, ...how, wrapped: new Uint8Array(wrapped) }, 'lock');
      s.put({ id, iv: sessionIv, wrapped: new Uint8Array(forSession) }, 'session');
    });
  } catch (error) {
    await forget();
    throw error;
  }
}

/** Saves the accounts (their JSON, secrets included) when this device keeps a copy that the live
 *  session may refresh; false otherwise (signed out, session over, password changed since). */
export async function save(json) {
  const session = await get('session');
  if (!session) return false;
  let server;
  try {
    server = await sessionKey();
  } catch {
    return false;
  }
  let key;
  try {
    key = await crypto.subtle.unwrapKey('raw', session.wrapped, server, { name: 'AES-GCM', iv: session.iv },
      'AES-GCM', false, ['encrypt']);
  } catch {
    // Another password (changed on another device) or another APP_KEY: this copy can no longer
    // be refreshed; the next sign-in with the box makes a new one.
    await transaction('readwrite', (s) => {
      const current = s.get('session');
      current.onsuccess = () => same(current.result?.id, session.id) && s.delete('session');
    });
    return false;
  }
  const iv = random(12);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(json)));
  // Written only if the copy is still the one this key belongs to: a copy renewed meanwhile (a
  // new password) never receives data under the previous vault key.
  return (await transaction('readwrite', (s, answer) => {
    const current = s.get('session');
    current.onsuccess = () => {
      if (!same(current.result?.id, session.id)) return;
      s.put({ id: session.id, iv, data, savedAt: Date.now() }, 'data');
      answer(true);
    };
  })) === true;
}

/** The offline copy on this device, `{savedAt, passkey}` (whether a passkey opens it rather than
 *  the password), or null. */
export async function status() {
  const [lock, data] = [await get('lock'), await get('data')];
  return lock && data && same(lock.id, data.id) ? { savedAt: data.savedAt, passkey: Boolean(lock.passkey) } : null;
}

/** Whether this device's copy belongs to `email`. */
export async function owns(email) {
  const lock = await get('lock');
  return Boolean(lock?.owner) && same(await ownerHash(email, lock.ownerSalt), lock.owner);
}

/** Opens the offline copy with what `unwrapping(lock)` derives (the password's key or the
 *  passkey's): the accounts' JSON; `refusal` when it does not open. */
async function openWith(unwrapping, refusal) {
  const [lock, data] = [await get('lock'), await get('data')];
  if (!lock || !data || !same(lock.id, data.id)) throw failure('NO_COPY', 'There is no offline copy on this device.');
  let key;
  try {
    key = await crypto.subtle.unwrapKey('raw', lock.wrapped, await unwrapping(lock),
      { name: 'AES-GCM', iv: lock.iv }, 'AES-GCM', false, ['decrypt']);
  } catch (error) {
    throw error?.code ? error : refusal;
  }
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: data.iv }, key, data.data));
}

/** Opens the offline copy with the account's password. */
export function open(password) {
  return openWith(async (lock) => {
    if (lock.passkey) throw failure('PASSKEY_COPY', 'A passkey opens this offline copy, not the password.');
    return passwordKey(password, lock.salt);
  }, failure('WRONG_PASSWORD', 'This password does not open the offline copy.'));
}

/** Opens the offline copy with the passkey it was made with (its PRF secret, asked of the
 *  authenticator with user verification; no server). */
export function openWithPasskey() {
  return openWith(async (lock) => {
    if (!lock.passkey) throw failure('PASSWORD_COPY', 'The password opens this offline copy.');
    const prf = await (await import('/passkeys.js')).prfOf(lock.passkey.id, lock.passkey.rpId);
    try {
      return await prfKey(prf);
    } finally {
      prf.fill(0);
    }
  }, failure('WRONG_PASSKEY', 'This passkey does not open the offline copy.'));
}

/** The session is over: its wrapping of the key goes; the copy stays, for the password only. */
export async function lock() {
  await remove('session');
}

/** Removes this device's offline copy entirely. */
export async function forget() {
  await remove('session', 'lock', 'data');
}
