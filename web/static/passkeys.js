// Passkeys in the browser (web/src/passkeys.rs): the worker's options (JSON, binary values in
// base64url) become navigator.credentials' arguments, and the credential it returns becomes JSON
// again for the worker. Loaded on demand by app.js, so the everyday app carries none of this.
const b64url = {
  decode: (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  encode: (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
};
const failure = (code, message) => Object.assign(new Error(message), { code });

// The PRF input of the offline copy: with it, a passkey whose authenticator has the PRF extension
// gives a secret of its own (after user verification) that opens the copy on this device without
// a password and without the server (web/static/vault.js). Never sent to the server.
const PRF_INPUT = new TextEncoder().encode('Twofold offline copy v1');
let pendingPrf = null;

/** The PRF secret of the last sign-in with a passkey, once (`{id, rpId, prf}`), or null. */
export function takePrf() {
  const taken = pendingPrf;
  pendingPrf = null;
  return taken;
}

/** The PRF secret of the passkey `id` (base64url) of `rpId`, asked of the authenticator alone —
 *  no server: what opens the offline copy when the network is gone. */
export async function prfOf(id, rpId) {
  if (!supported()) throw failure('UNSUPPORTED', 'This browser has no passkeys.');
  let credential;
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)), rpId, timeout: 60000,
        allowCredentials: [{ type: 'public-key', id: b64url.decode(id) }], userVerification: 'required',
        extensions: { prf: { eval: { first: PRF_INPUT } } },
      },
    });
  } catch (error) {
    throw refused(error);
  }
  const prf = credential.getClientExtensionResults?.().prf?.results?.first;
  if (!prf) throw failure('NO_PRF', 'This passkey cannot open the offline copy.');
  return new Uint8Array(prf);
}

/** Whether this browser can use passkeys at all. */
export function supported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

const descriptors = (list) => (list ?? []).map((d) => ({ ...d, id: b64url.decode(d.id) }));

/** The browser's refusal as a code the app words: cancelled, not allowed here, or other. */
function refused(error) {
  if (error?.name === 'NotAllowedError' || error?.name === 'AbortError') return failure('CANCELLED', error.message);
  if (error?.name === 'SecurityError') return failure('NOT_HERE', error.message);
  if (error?.name === 'InvalidStateError') return failure('ALREADY_REGISTERED', error.message);
  return failure('FAILED', String(error?.message ?? error));
}

/** Registers a passkey with the worker's creation options (JSON text), asking for the PRF extension
 *  (the offline copy's unlock); the credential as JSON text. */
export async function create(optionsText) {
  if (!supported()) throw failure('UNSUPPORTED', 'This browser has no passkeys.');
  const options = JSON.parse(optionsText);
  const publicKey = {
    ...options,
    challenge: b64url.decode(options.challenge),
    user: { ...options.user, id: b64url.decode(options.user.id) },
    excludeCredentials: descriptors(options.excludeCredentials),
    extensions: { ...options.extensions, prf: {} },
  };
  let credential;
  try {
    credential = await navigator.credentials.create({ publicKey });
  } catch (error) {
    throw refused(error);
  }
  const response = credential.response;
  return JSON.stringify({
    id: credential.id,
    rawId: b64url.encode(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: b64url.encode(response.clientDataJSON),
      attestationObject: b64url.encode(response.attestationObject),
      transports: typeof response.getTransports === 'function' ? response.getTransports() : [],
    },
  });
}

/** Signs in with the worker's request options (JSON text); the assertion as JSON text. The PRF
 *  secret, when the authenticator gives one, stays here for `takePrf` (never in the answer). */
export async function get(optionsText) {
  if (!supported()) throw failure('UNSUPPORTED', 'This browser has no passkeys.');
  const options = JSON.parse(optionsText);
  const publicKey = {
    ...options,
    challenge: b64url.decode(options.challenge),
    allowCredentials: descriptors(options.allowCredentials),
    extensions: { ...options.extensions, prf: { eval: { first: PRF_INPUT } } },
  };
  pendingPrf = null;
  let credential;
  try {
    credential = await navigator.credentials.get({ publicKey });
  } catch (error) {
    throw refused(error);
  }
  const prf = credential.getClientExtensionResults?.().prf?.results?.first;
  if (prf) pendingPrf = { id: b64url.encode(credential.rawId), rpId: options.rpId, prf: new Uint8Array(prf) };
  const response = credential.response;
  return JSON.stringify({
    id: credential.id,
    rawId: b64url.encode(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: b64url.encode(response.clientDataJSON),
      authenticatorData: b64url.encode(response.authenticatorData),
      signature: b64url.encode(response.signature),
      userHandle: response.userHandle ? b64url.encode(response.userHandle) : null,
    },
  });
}
