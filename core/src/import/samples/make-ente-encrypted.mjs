// Writes ente_encrypted.json the way Ente Auth seals an export, with libsodium itself
// (libsodium-wrappers-sumo): Argon2id crypto_pwhash, then one secretstream message tagged FINAL.
// The sample is committed so that `cargo test` checks the Rust reader against real libsodium
// output; run `node core/src/import/samples/make-ente-encrypted.mjs` to write it again.
import { writeFileSync } from 'node:fs';
import sodium from 'libsodium-wrappers-sumo';

export async function sealEnte(text, password, { memLimit, opsLimit }) {
  await sodium.ready;
  const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const key = sodium.crypto_pwhash(32, password, salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
    state, sodium.from_string(text), null, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  return JSON.stringify({
    version: 1,
    kdfParams: { memLimit, opsLimit, salt: b64(salt) },
    encryptedData: b64(sealed),
    encryptionNonce: b64(header),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = [
    'otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=SHA256&codeDisplay=%7B%22pinned%22%3Afalse%7D',
    'otpauth://hotp/Ente%20HOTP:me?secret=GEZDGNBVGY3TQOJQ&counter=5',
    'otpauth://steam/Steam:player?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE',
    'not an otpauth line',
  ].join('\n');
  const file = new URL('./ente_encrypted.json', import.meta.url);
  // Small KDF parameters keep the debug-build test fast; the npm test uses Ente's real ones.
  writeFileSync(file, await sealEnte(text, 'test', { memLimit: 1 << 20, opsLimit: 2 }) + '\n');
}
