// Tests of the npm package as a user gets it: packed with `npm pack`, installed into an empty
// project, imported by name. Run by `make test` after scripts/build-npm.sh.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { IMPORT_FIXTURES, FIXTURE_SECRETS, fixtureFiles, secretKey } from '../../../tests/support/import-fixtures.mjs';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(PKG, '..', '..', '..', 'shared', 'fixtures', 'imports');
let lib;
let scan;

before(async () => {
  const project = mkdtempSync(join(tmpdir(), 'twofold-npm-'));
  const tarball = execFileSync('npm', ['pack', PKG, '--pack-destination', project, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(project, tarball)], { cwd: project, stdio: 'ignore' });
  // Resolved by name, as a consumer's import would be (exports map, "node" condition).
  const resolve = (name) => createRequire(join(project, 'index.js')).resolve(name);
  lib = await import(resolve('@twofold/core'));
  scan = await import(resolve('@twofold/core/qr-decode'));
  await lib.init();
  await scan.init();
});

test('RFC 6238 and RFC 4226 vectors', () => {
  const sha1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  for (const [time, code] of [[59, '94287082'], [1111111109, '07081804'], [1234567890, '89005924'], [2000000000, '69279037']]) {
    assert.equal(lib.totp({ secret: sha1, digits: 8, time }), code);
  }
  const hotp = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  hotp.forEach((code, counter) => assert.equal(lib.hotp({ secret: sha1, counter }), code));
  assert.equal(lib.hotp({ secret: sha1, counter: 2n ** 64n - 1n }).length, 6, '64-bit counters');
});

test("the behaviour file's vectors: sha256/7/40, md5, sha512, HOTP, Steam", () => {
  const s = 'A4GRFHVVRBGY7UIW';
  assert.equal(lib.totp({ secret: s, algorithm: 'sha256', digits: 7, period: 40, time: 1234567890 }), '0982676');
  assert.equal(lib.totp({ secret: s, algorithm: 'md5', time: 1700000000 }), '611676');
  assert.equal(lib.totp({ secret: s, algorithm: 'sha512', digits: 8, time: 2000000000 }), '36922758');
  assert.equal(lib.hotp({ secret: s, counter: 5 }), '866384');
  assert.equal(lib.steam({ secret: 'XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE', time: 1700000000 }), 'RP245');
  assert.match(lib.totp({ secret: s }), /^\d{6}$/, 'time defaults to now');
  const generator = lib.createTotp({ secret: s, algorithm: 'sha256', digits: 7, period: 40 });
  assert.equal(generator.generate(0), '4076523');
  assert.equal(generator.generate(1234567890), '0982676');
  generator.free();
});

test('parseUri and toUri use 2FAuth field names and rules', () => {
  const a = lib.parseUri('otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256');
  assert.deepEqual(a, { otp_type: 'totp', service: 'service', account: 'account', secret: 'A4GRFHVVRBGY7UIW', digits: 7, algorithm: 'sha256', period: 40, counter: null });
  assert.equal(lib.toUri(a), 'otpauth://totp/service%3Aaccount?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW');
  assert.equal(lib.parseUri('otpauth://totp/Steam:me?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE&issuer=Steam').otp_type, 'steamtotp');
});

test('errors are Error objects with a stable code', () => {
  const code = (fn) => { try { fn(); } catch (e) { assert.ok(e instanceof Error); return e.code; } return 'no error'; };
  assert.equal(code(() => lib.totp({ secret: '1.0' })), 'INVALID_SECRET');
  assert.equal(code(() => lib.totp({ secret: 'A4GRFHVVRBGY7UIW', algorithm: 'sha3' })), 'INVALID_ALGORITHM');
  assert.equal(code(() => lib.parseUri('https://example.com')), 'INVALID_URI');
  assert.equal(code(() => lib.parseUri('otpauth://totp/?secret=A4GRFHVVRBGY7UIW')), 'MISSING_LABEL');
  assert.equal(code(() => lib.importData('lorem ipsum')), 'UNSUPPORTED_FORMAT');
  assert.equal(code(() => lib.hotp({ secret: 'A4GRFHVVRBGY7UIW', counter: -1 })), 'INVALID_ARGUMENT');
  assert.equal(code(() => lib.toUri({ account: 'a:b', otp_type: 'totp', secret: 'A4GRFHVVRBGY7UIW' })), 'INVALID_ACCOUNT');
});

test('every exporter round-trips through importData, encrypted Aegis included', () => {
  const accounts = [
    lib.parseUri('otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=8&period=40&algorithm=sha256'),
    lib.parseUri('otpauth://hotp/Bank:me%40example.com?secret=GJTGC5LUNA&issuer=Bank&counter=42'),
  ];
  for (const format of ['2fauth', 'aegis']) {
    const doc = lib.exportData(accounts, format);
    assert.deepEqual(lib.importData(JSON.stringify(doc)).accounts, accounts, format);
  }
  assert.deepEqual(lib.importData(lib.exportData(accounts, 'otpauth')).accounts, accounts);
  const google = lib.exportData(accounts, 'google');
  assert.deepEqual(lib.importData(google.uris.join('\n')).accounts, accounts);
  const locked = JSON.stringify(lib.exportData(accounts, 'aegis', { password: 'pw' }));
  assert.throws(() => lib.importData(locked), { code: 'PASSWORD_REQUIRED' });
  assert.throws(() => lib.importData(locked, 'nope'), { code: 'WRONG_PASSWORD' });
  assert.deepEqual(lib.importData(new TextEncoder().encode(locked), 'pw').accounts, accounts, 'bytes in, password');
});

test('real export files (shared/fixtures/imports)', () => {
  // The real files are part of the contract (CI has ../shared): their absence fails, never passes.
  assert.ok(existsSync(FIXTURES), `${FIXTURES} is missing: the real export files cannot be checked`);
  const read = (f) => readFileSync(join(FIXTURES, f), 'utf8');
  const reference = lib.importData(read('plain.txt')).accounts;
  assert.equal(reference.length, 7);
  for (const [file, count, password] of [['aegis_plain.json', 7], ['aegis_encrypted.json', 7, 'test'], ['2fas_authenticator_plain_v4.2fas', 5],
    ['2fas_authenticator_encrypted_v4.2fas', 5, 'test'], ['andotp_plain.json', 7], ['freeotp_plus.json', 6], ['proton_authenticator.json', 3],
    ['ente_auth.txt', 7], ['bitwarden.json', 4]]) {
    const { accounts, errors } = lib.importData(read(file), password);
    assert.equal(accounts.length, count, file);
    assert.deepEqual(errors, [], file);
    for (const a of accounts) assert.ok(reference.some((r) => r.secret === a.secret && r.otp_type === a.otp_type), `${file}: ${a.account}`);
  }
});

test('every real file of other apps, given as bytes, names its app and gives its accounts', () => {
  assert.deepEqual(IMPORT_FIXTURES.map((f) => f.file).sort(), fixtureFiles(), 'one row per file of the folder');
  for (const { file, password, app, count } of IMPORT_FIXTURES) {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
    const { app: named, accounts, errors } = lib.importData(bytes, password);
    assert.equal(named, app, file);
    assert.equal(accounts.length, count, file);
    assert.deepEqual(errors, [], file);
    for (const a of accounts) assert.ok(FIXTURE_SECRETS.has(secretKey(a.secret)), `${file}: ${a.secret}`);
    if (password) assert.throws(() => lib.importData(bytes, 'not the password'), { code: 'WRONG_PASSWORD' }, file);
  }
});

test("mOTP and Yandex codes: Aegis' published vectors", () => {
  assert.equal(lib.motp({ secret: '4MKSV7XGEWM4Q===', pin: '1234', time: 165892298 }), 'e7d8b6');
  assert.equal(lib.motp({ secret: '4MKSV7XGEWM4Q', pin: 1234, time: 123456789 }), '4ebfb2');
  assert.equal(lib.motp({ secret: 'XOYZCK5VYUK34===', pin: '9999', time: 1659539878 }), '1a14f8');
  assert.equal(lib.yandex({ secret: '6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY', pin: '5239', time: 1641559648 }), 'umozdicq');
  assert.equal(lib.yandex({ secret: 'JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M', pin: '5210481216086702', time: 1581093059 }), 'vunyprpd');
  assert.throws(() => lib.motp({ secret: '4MKSV7XGEWM4Q', pin: '1', period: 0 }), { code: 'INVALID_PERIOD' });
});

test('QR codes: encoded by the main entry point, read back by @twofold/core/qr-decode', () => {
  const uri = 'otpauth://totp/My%20Site:john?secret=A4GRFHVVRBGY7UIW&issuer=My%20Site';
  assert.match(lib.qrSvg(uri), /^<\?xml[^>]*\?><svg [^>]*>.*<\/svg>$/s);
  const png = lib.qrPng(uri);
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal(scan.decodeQr(png), 'otpauth://totp/My Site:john?secret=A4GRFHVVRBGY7UIW&issuer=My Site', "2FAuth's URL-decoding rule");
  assert.equal(lib.decodeQr, undefined, 'the main entry point stays small');
  assert.throws(() => scan.decodeQr(new Uint8Array([1, 2, 3])), { code: 'NOT_AN_IMAGE' });
  assert.throws(() => lib.qrSvg('x'.repeat(8000)), { code: 'TOO_LONG' });
});

test('Ente Auth encrypted export, sealed here by libsodium with Ente\'s own KDF settings', async () => {
  const { sealEnte } = await import('../../src/import/samples/make-ente-encrypted.mjs');
  const text = 'otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&codeDisplay=%7B%7D\n'
    + 'otpauth://hotp/Bank:me?secret=GJTGC5LUNA&issuer=Bank&counter=42\n';
  // libsodium's "interactive" limits, the floor of Ente's deriveSensitiveKey search.
  const file = await sealEnte(text, 'correct horse', { memLimit: 64 * 1024 * 1024, opsLimit: 2 });
  const started = performance.now();
  const { format, accounts, errors } = lib.importData(file, 'correct horse');
  console.log(`[ente] Argon2id 64 MiB × 2 passes + secretstream: ${(performance.now() - started).toFixed(0)} ms in the npm wasm`);
  assert.equal(format, 'EnteAuth');
  assert.deepEqual(errors, []);
  assert.deepEqual(accounts.map((a) => [a.otp_type, a.service, a.account, a.counter]), [['totp', 'service', 'account', null], ['hotp', 'Bank', 'me', 42]]);
  assert.throws(() => lib.importData(file), { code: 'PASSWORD_REQUIRED' });
  assert.throws(() => lib.importData(file, 'wrong'), { code: 'WRONG_PASSWORD' });
  const greedy = JSON.parse(file);
  greedy.kdfParams.memLimit = 2 ** 32;
  assert.throws(() => lib.importData(JSON.stringify(greedy), 'correct horse'), { code: 'TOO_COSTLY' });
});
