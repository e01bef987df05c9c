// An Aegis encrypted vault opened as Aegis opens it, written from the format's description and
// independent of Twofold's Rust: a password slot (type 1) gives the master key (scrypt of the
// password with the slot's salt and cost, then AES-256-GCM of `key` with `key_params`), which
// opens `db` (base64 AES-256-GCM with `header.params`) into the plain database JSON.
import { createDecipheriv, scryptSync } from 'node:crypto';

const hex = (text) => Buffer.from(text, 'hex');

function open(key, nonce, tag, sealed) {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]);
}

/** The master key the vault's password slot seals; throws on a wrong password. */
export function masterKey(vault, password) {
  const slot = vault.header.slots.find((s) => s.type === 1);
  if (!slot) throw new Error('no password slot');
  const derived = scryptSync(Buffer.from(password, 'utf8'), hex(slot.salt), 32,
    { N: slot.n, r: slot.r, p: slot.p, maxmem: 256 * slot.n * slot.r });
  return open(derived, hex(slot.key_params.nonce), hex(slot.key_params.tag), hex(slot.key));
}

/** The vault's database (`{version, entries}`); throws on a wrong password or a tampered file. */
export function openVault(vault, password) {
  const master = masterKey(vault, password);
  const { nonce, tag } = vault.header.params;
  return JSON.parse(open(master, hex(nonce), hex(tag), Buffer.from(vault.db, 'base64')).toString('utf8'));
}
