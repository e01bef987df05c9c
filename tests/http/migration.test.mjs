// 2FAuth's migration route (the import preview) over other apps' exports: the payloads of 2FAuth's
// own test data, the real export files of shared/fixtures/imports, duplicates, invalid entries and
// every error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServer, ROOT } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { IMPORT_FIXTURES, FIXTURES, FIXTURE_SECRETS, fixtureFiles, secretKey } from '../support/import-fixtures.mjs';
import { SECRET, STEAM_SECRET, TOTP_FULL_CUSTOM_URI_NO_IMG, HOTP_FULL_CUSTOM_URI_NO_IMG, STEAM_TOTP_URI } from '../support/fixtures.mjs';

const TOTP = { id: 0, group_id: null, otp_type: 'totp', account: 'account', service: 'service', icon: null, secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null };
const HOTP = { ...TOTP, otp_type: 'hotp', period: null, counter: 5 };
const STEAM = { id: 0, group_id: null, otp_type: 'steamtotp', account: 'account', service: 'Steam', icon: null, secret: STEAM_SECRET, digits: 5, algorithm: 'sha1', period: 30, counter: null };
const GOOGLE = 'otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY2UgASgBMAIKLAoKBw0SnrWITY/RFhILYWNjb3VudF9iaXMaC3NlcnZpY2VfYmlzIAEoATACEAEYASAA';

let server; let me;
before(async () => {
  server = await useServer();
  const c = new Client(server.base);
  await c.register(`Migrator ${uniqueEmail()}`, uniqueEmail('migrate'));
  me = await c.tokenClient();
});
after(() => server.stop());

const migrate = (payload, extra = {}) => me.post('/api/v1/twofaccounts/migration', { payload, withSecret: true, ...extra });

test('plain otpauth list (blank lines allowed) → 3 importable items', async () => {
  const res = await migrate(`${TOTP_FULL_CUSTOM_URI_NO_IMG}\n${HOTP_FULL_CUSTOM_URI_NO_IMG}\n\n${STEAM_TOTP_URI}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, [TOTP, HOTP, STEAM]);
});

test('the payloads of 2FAuth\'s test data: 2FAuth, Aegis, 2FAS, Bitwarden and Google', async () => {
  const aegis = JSON.stringify({ version: 1, header: { slots: null, params: null }, db: { version: 2, entries: [
    { type: 'totp', uuid: 'x', name: 'account', issuer: 'service', note: '', icon: null, info: { secret: SECRET, algo: 'sha256', digits: 7, period: 40 } },
    { type: 'hotp', name: 'account', issuer: 'service', icon: null, info: { secret: SECRET, algo: 'sha256', digits: 7, counter: 5 } },
    { type: 'steamtotp', name: 'account', issuer: 'Steam', icon: 'null', info: { secret: STEAM_SECRET, algo: 'sha1', digits: 5, period: 30 } }] } });
  assert.deepEqual((await migrate(aegis)).body, [TOTP, HOTP, STEAM]);
  const twofas = JSON.stringify({ schemaVersion: 2, appOrigin: 'ios', services: [
    { secret: SECRET, name: 'service', otp: { account: 'account', digits: 7, counter: 0, period: 40, algorithm: 'sha256', tokenType: 'TOTP' }, type: 'ManuallyAdded' },
    { secret: SECRET, name: 'service', otp: { account: 'account', digits: 7, counter: 5, period: 30, algorithm: 'sha256', tokenType: 'HOTP' } }] });
  assert.deepEqual((await migrate(twofas)).body, [TOTP, HOTP]);
  const twofauth = JSON.stringify({ app: '2fauth_v3.4.1', schema: 1, datetime: '2022-12-14T14:53:06.173939Z', data: [
    { otp_type: 'totp', account: 'account', service: 'service', icon: null, icon_mime: null, icon_file: null, secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null, legacy_uri: TOTP_FULL_CUSTOM_URI_NO_IMG },
    { otp_type: 'hotp', account: 'account', service: 'service', icon: null, icon_mime: null, icon_file: null, secret: SECRET, digits: 7, algorithm: 'sha256', period: null, counter: 5, legacy_uri: HOTP_FULL_CUSTOM_URI_NO_IMG },
    { otp_type: 'steamtotp', account: 'account', service: 'Steam', icon: null, icon_mime: null, icon_file: null, secret: STEAM_SECRET, digits: 5, algorithm: 'sha256', period: 40, counter: null, legacy_uri: STEAM_TOTP_URI }] });
  assert.deepEqual((await migrate(twofauth)).body, [TOTP, HOTP, STEAM], "the Steam entry is forced to Steam's values");
  const bitwarden = JSON.stringify({ encrypted: false, items: [
    { id: 'a', name: 'service', type: 1, login: { totp: TOTP_FULL_CUSTOM_URI_NO_IMG, username: 'account' } },
    { id: 'b', name: 'service', type: 1, login: { totp: HOTP_FULL_CUSTOM_URI_NO_IMG, username: 'account' } },
    { id: 'c', name: 'Steam', login: { totp: `steam://${STEAM_SECRET}`, username: 'account' } }] });
  assert.deepEqual((await migrate(bitwarden)).body, [TOTP, HOTP, STEAM]);
  const google = (await migrate(GOOGLE)).body;
  assert.deepEqual(google.map((i) => [i.id, i.service, i.account, i.secret, i.digits, i.algorithm, i.period]),
    [[0, 'service', 'account', SECRET, 6, 'sha1', 30], [0, 'service_bis', 'account_bis', SECRET, 6, 'sha1', 30]]);
});

test('duplicates of the caller\'s own accounts are -1; other users\' accounts do not count', async () => {
  await me.post('/api/v1/twofaccounts', { uri: TOTP_FULL_CUSTOM_URI_NO_IMG });
  const other = new Client(server.base);
  await other.register(`Other ${uniqueEmail()}`, uniqueEmail('other'));
  const theirs = await other.tokenClient();
  await theirs.post('/api/v1/twofaccounts', { uri: HOTP_FULL_CUSTOM_URI_NO_IMG });
  const res = await migrate(`${TOTP_FULL_CUSTOM_URI_NO_IMG}\n${HOTP_FULL_CUSTOM_URI_NO_IMG}`);
  assert.deepEqual(res.body.map((i) => i.id), [-1, 0]);
  assert.equal((await me.get('/api/v1/twofaccounts')).body.length, 1, 'migration stores nothing');
});

test('invalid entries are -2 with the error in secret; the batch survives', async () => {
  const twofas = JSON.stringify({ schemaVersion: 2, services: [
    { secret: SECRET, name: 'fresh service', otp: { account: 'fresh', digits: 8, period: 40, algorithm: 'sha256', tokenType: 'TOTP' } },
    { secret: SECRET, name: 'service', otp: { account: 'account', tokenType: 'XOTP' } }] });
  const res = await migrate(twofas);
  assert.equal(res.status, 200);
  assert.equal(res.body[0].id, 0);
  assert.equal(res.body[1].id, -2);
  assert.equal(res.body[1].secret, 'The otp type field is not supported.');
});

test('secrets are hidden unless withSecret is true', async () => {
  const res = await me.post('/api/v1/twofaccounts/migration', { payload: TOTP_FULL_CUSTOM_URI_NO_IMG });
  assert.ok(!('secret' in res.body[0]));
});

test('errors: unsupported, encrypted, unreadable, missing keys, missing payload', async () => {
  const cases = [
    ['lorem ipsum', 400, { message: 'Data do not match any supported format' }],
    [`${TOTP_FULL_CUSTOM_URI_NO_IMG}\nlorem ipsum`, 400, { message: 'Data do not match any supported format' }],
    ['otpauthmigration://offline?data=CiQK', 400, { message: 'Data do not match any supported format' }],
    ['otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY', 400, { message: 'Invalid or unreadable Google Authenticator data' }],
    ['{"version":1,"header":{"slots":[{"type":1}],"params":{}},"db":"1rX0ajzs"}', 400, { message: 'Unreadable, the data seem encrypted' }],
    ['{"schemaVersion":4,"services":[],"servicesEncrypted":"abc"}', 400, { message: 'Unreadable, the data seem encrypted' }],
    ['{"encrypted":true,"items":[]}', 400, { message: 'Unreadable, the data seem encrypted' }],
  ];
  for (const [payload, status, body] of cases) {
    const res = await migrate(payload);
    assert.equal(res.status, status, payload);
    assert.deepEqual(res.body, body, payload);
  }
  const missingKeys = await migrate('{"app":"2fauth_v8","schema":1,"data":[{"otp_type":"totp"}]}');
  assert.equal(missingKeys.status, 422);
  assert.ok(missingKeys.body.errors['data.0.secret']);
  const none = await me.post('/api/v1/twofaccounts/migration', {});
  assert.equal(none.status, 422);
  assert.ok(none.body.errors.payload);
  assert.equal((await me.post('/api/v1/twofaccounts/migration', { payload: '' })).status, 422);
});

test('a multipart file upload is read like a payload', async () => {
  const form = new FormData();
  form.append('file', new Blob([`${TOTP_FULL_CUSTOM_URI_NO_IMG}\n${STEAM_TOTP_URI}`], { type: 'text/plain' }), 'export.txt');
  form.append('withSecret', '1');
  const res = await me.request('POST', '/api/v1/twofaccounts/migration', { body: form });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.map((i) => [i.otp_type, i.secret]), [['totp', SECRET], ['steamtotp', STEAM_SECRET]]);
});

test('the real export files of other apps (shared/fixtures/imports)', async () => {
  const dir = join(ROOT, '..', 'shared', 'fixtures', 'imports');
  // The real files are part of the contract (CI has ../shared): their absence fails, never passes.
  assert.ok(existsSync(dir), `${dir} is missing: the real export files cannot be checked`);
  const expected = { 'plain.txt': 7, 'aegis_plain.json': 7, '2fas_authenticator_plain_v4.2fas': 5, 'ente_auth.txt': 7,
    'andotp_plain.json': 7, 'freeotp_plus.json': 6, 'proton_authenticator.json': 3, 'bitwarden.json': 4 };
  const reference = (await migrate(readFileSync(join(dir, 'plain.txt'), 'utf8'))).body;
  for (const [file, count] of Object.entries(expected)) {
    const res = await migrate(readFileSync(join(dir, file), 'utf8'));
    assert.equal(res.status, 200, file);
    assert.equal(res.body.length, count, `${file}: entries lost`);
    for (const item of res.body) {
      assert.equal(item.id, 0, `${file}: ${JSON.stringify(item)}`);
      assert.ok(reference.some((r) => r.secret === item.secret && r.otp_type === item.otp_type && r.digits === item.digits
        && r.algorithm === item.algorithm && r.period === item.period && r.counter === item.counter), `${file}: ${JSON.stringify(item)}`);
    }
  }
  for (const [file, count] of [['aegis_encrypted.json', 7], ['2fas_authenticator_encrypted_v4.2fas', 5]]) {
    const payload = readFileSync(join(dir, file), 'utf8');
    assert.deepEqual((await migrate(payload)).body, { message: 'Unreadable, the data seem encrypted' }, file);
    const opened = await migrate(payload, { password: 'test' });
    assert.equal(opened.status, 200, file);
    assert.equal(opened.body.length, count, file);
    const wrong = await migrate(payload, { password: 'not the password' });
    assert.equal(wrong.status, 422, file);
    assert.deepEqual(wrong.body.errors, { password: ['The password cannot decrypt the data.'] });
  }
});

test('every real file of other apps, uploaded as a file (SQLite, ZIP, Java serialization, XML, binaries), needs and checks its password', async () => {
  assert.deepEqual(IMPORT_FIXTURES.map((f) => f.file).sort(), fixtureFiles(), 'one row per file of the folder');
  const upload = (file, password) => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(FIXTURES, file))]), file);
    form.append('withSecret', '1');
    if (password) form.append('password', password);
    return me.request('POST', '/api/v1/twofaccounts/migration', { body: form });
  };
  for (const { file, password, count, tooCostlyForWorker } of IMPORT_FIXTURES) {
    const res = await upload(file, password);
    if (tooCostlyForWorker) {
      // Refused before any work, with the way out.
      assert.equal(res.status, 400, file);
      assert.match(res.body.message, / export .* web app/, file);
      continue;
    }
    assert.equal(res.status, 200, `${file}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.length, count, `${file}: entries lost`);
    for (const item of res.body) {
      assert.notEqual(item.id, -2, `${file}: ${JSON.stringify(item)}`);
      assert.ok(FIXTURE_SECRETS.has(secretKey(item.secret)), `${file}: ${item.secret}`);
    }
    if (password) {
      assert.deepEqual((await upload(file)).body, { message: 'Unreadable, the data seem encrypted' }, file);
      const wrong = await upload(file, 'not the password');
      assert.equal(wrong.status, 422, file);
      assert.deepEqual(wrong.body.errors, { password: ['The password cannot decrypt the data.'] }, file);
    }
  }
});

test('an Ente Auth encrypted export (sealed by libsodium) opens with its password, within a Worker\'s memory', async () => {
  const { sealEnte } = await import('../../core/src/import/samples/make-ente-encrypted.mjs');
  const text = `${TOTP_FULL_CUSTOM_URI_NO_IMG}\n${HOTP_FULL_CUSTOM_URI_NO_IMG}\n`;
  // libsodium's "interactive" limits (64 MiB, 2 passes): the most a Worker is allowed to run.
  const payload = await sealEnte(text, 'ente pass', { memLimit: 64 * 1024 * 1024, opsLimit: 2 });
  assert.deepEqual((await migrate(payload)).body, { message: 'Unreadable, the data seem encrypted' });
  const opened = await migrate(payload, { password: 'ente pass' });
  assert.equal(opened.status, 200);
  const withoutId = ({ id, ...fields }) => fields;
  assert.deepEqual(opened.body.map(withoutId), [TOTP, HOTP].map(withoutId), 'ids tell duplicates of earlier tests');
  const wrong = await migrate(payload, { password: 'not it' });
  assert.equal(wrong.status, 422);
  assert.deepEqual(wrong.body.errors, { password: ['The password cannot decrypt the data.'] });
  // Ente's stronger settings would exhaust an isolate's 128 MB: refused before any work, with the way out.
  const strong = JSON.parse(payload);
  strong.kdfParams.memLimit = 256 * 1024 * 1024;
  const refused = await migrate(JSON.stringify(strong), { password: 'ente pass' });
  assert.equal(refused.status, 400);
  assert.match(refused.body.message, /Ente Auth export .* web app/);
});
