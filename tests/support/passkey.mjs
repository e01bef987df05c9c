// A software authenticator for the black-box suites: it makes passkeys (ES256, EdDSA or RS256
// keys from node:crypto) and answers the worker's creation and request options as a browser with
// a platform authenticator would (CBOR, authenticator data, client data, signatures), so each rule
// of the worker can be attacked one field at a time.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

/** A CBOR encoding of unsigned/negative integers, byte and text strings, arrays and maps. */
export function cbor(value) {
  const head = (major, n) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
    const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (typeof value === 'string') { const t = Buffer.from(value); return Buffer.concat([head(3, t.length), t]); }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error(`cbor: ${typeof value}`);
}

const FLAGS = { UP: 0x01, UV: 0x04, AT: 0x40 };

/** A key pair of `alg` and its COSE public key. */
function keyPair(alg) {
  if (alg === 'ES256') {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]);
    return { privateKey, cose, signWith: (data) => sign('sha256', data, privateKey) };
  }
  if (alg === 'EdDSA') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map([[1, 1], [3, -8], [-1, 6], [-2, Buffer.from(jwk.x, 'base64url')]]);
    return { privateKey, cose, signWith: (data) => sign(null, data, privateKey) };
  }
  if (alg === 'RS256') {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map([[1, 3], [3, -257], [-1, Buffer.from(jwk.n, 'base64url')], [-2, Buffer.from(jwk.e, 'base64url')]]);
    return { privateKey, cose, signWith: (data) => sign('sha256', data, privateKey) };
  }
  throw new Error(`unknown alg ${alg}`);
}

export class Authenticator {
  /** `origin`: the page's origin (as the browser would write it in client data). */
  constructor(origin) {
    this.origin = origin;
    this.credentials = [];
  }

  clientData(type, challenge, overrides = {}) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false, ...overrides }));
  }

  /** Answers creation options: the body of POST /webauthn/register, and the passkey kept. Any
   *  `tamper` field changes one thing the worker checks. */
  create(options, { alg = 'ES256', tamper = {}, name } = {}) {
    const key = keyPair(alg);
    const id = randomBytes(16);
    const rpId = tamper.rpId ?? options.rp.id;
    const flags = tamper.flags ?? (FLAGS.UP | FLAGS.UV | FLAGS.AT);
    const counter = Buffer.alloc(4);
    const idLen = Buffer.alloc(2); idLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, Buffer.alloc(16), idLen, id, cbor(key.cose)]);
    const clientDataJSON = this.clientData(tamper.type ?? 'webauthn.create', tamper.challenge ?? options.challenge,
      tamper.origin ? { origin: tamper.origin } : {});
    const attestationObject = cbor(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const credential = { id, key, rpId: options.rp.id, userHandle: Buffer.from(options.user.id, 'base64url'), counter: 0, alg };
    if (!tamper.keep) this.credentials.push(credential);
    const body = {
      id: b64url(id), rawId: b64url(id), type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
    };
    if (name !== undefined) body.name = name;
    return { body, credential };
  }

  /** Answers request options with `credential` (by default the first one allowed, else the
   *  first held): the body of POST /webauthn/login. */
  get(options, { credential, email, tamper = {}, discoverable = false } = {}) {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const cred = credential ?? this.credentials.find((c) => !allowed.length || allowed.includes(b64url(c.id)));
    if (!cred) throw new Error('no credential to answer with');
    cred.counter += 1;
    const counter = Buffer.alloc(4); counter.writeUInt32BE(tamper.counter ?? cred.counter);
    const rpId = tamper.rpId ?? options.rpId;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([tamper.flags ?? (FLAGS.UP | FLAGS.UV)]), counter]);
    const clientDataJSON = this.clientData(tamper.type ?? 'webauthn.get', tamper.challenge ?? options.challenge,
      { ...(tamper.origin ? { origin: tamper.origin } : {}), ...(tamper.crossOrigin ? { crossOrigin: true } : {}) });
    let signature = cred.key.signWith(Buffer.concat([authData, sha256(clientDataJSON)]));
    if (tamper.signature) signature = tamper.signature(signature);
    const body = {
      id: b64url(cred.id), rawId: b64url(cred.id), type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData),
        signature: b64url(signature), userHandle: discoverable ? b64url(tamper.userHandle ?? cred.userHandle) : null,
      },
    };
    if (email) body.email = email;
    return body;
  }
}
