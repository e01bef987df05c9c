// APP_KEY rotation as the README tells it: the old key moves to APP_PREVIOUS_KEYS, the new one
// becomes APP_KEY, scripts/rotate-key.sh re-encrypts in batches, then the old key is dropped —
// and nothing is lost, accounts and icons alike. Three servers in turn on one local D1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Blobs, d1Sql } from '../support/d1.mjs';
import { pngOf } from '../support/png.mjs';

const key = () => `base64:${randomBytes(32).toString('base64')}`;
const OLD = key();
const NEW = key();
let state;
after(() => state?.remove());

const PNG = pngOf([[0, 64, 128], [255, 32, 16], [8, 8, 200]]);
const uploadIcon = async (api) => {
  const form = new FormData();
  form.append('icon', new Blob([PNG], { type: 'image/png' }), 'icon');
  const res = await api.request('POST', '/api/v1/icons', { body: form });
  assert.equal(res.status, 201);
  return res.body.filename;
};
const iconBytes = async (base, filename) => {
  const res = await fetch(`${base}/storage/icons/${filename}`);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
};

test('rotating APP_KEY re-encrypts every account and icon in batches and loses nothing', async () => {
  const first = await startServer({ vars: { ...SUITE_VARS, APP_KEY: OLD }, keepState: true });
  state = first;
  let token; let before; let icons;
  try {
    const c = new Client(first.base);
    await c.register('Rotator', uniqueEmail('rotate'));
    const api = await c.tokenClient();
    token = api.token;
    // More than one batch (100), with a service, an account, a secret and the original URI each.
    const lines = Array.from({ length: 130 }, (_, i) => `otpauth://totp/Svc${i}:user${i}?secret=A4GRFHVVRBGY7UIW&issuer=Svc${i}`);
    const preview = await api.post('/api/v1/twofaccounts/migration', { payload: lines.join('\n'), withSecret: true });
    for (const a of preview.body) await api.post('/api/v1/twofaccounts', { ...a, id: undefined, group_id: undefined, icon: undefined });
    // More than one batch of icons (10) too; the first account shows one of them.
    icons = [];
    for (let i = 0; i < 12; i += 1) icons.push(await uploadIcon(api));
    const shown = (await api.get('/api/v1/twofaccounts')).body[0];
    const { status } = await api.request('PUT', `/api/v1/twofaccounts/${shown.id}`, { json: { ...shown, secret: 'A4GRFHVVRBGY7UIW', icon: icons[0] } });
    assert.equal(status, 200);
    before = (await api.get('/api/v1/twofaccounts?withSecret=1')).body;
    assert.equal(before.length, 130);
    // Backups: a master key and a destination password, sealed under APP_KEY too.
    const backup = await api.request('PUT', '/api/v1/backup', { json: { schedule: 'daily', retention: 1, destination: 'webdav',
      webdav_url: 'http://127.0.0.1:9/', webdav_username: 'me', webdav_password: 'dav password', password: 'backup password', enabled: false } });
    assert.equal(backup.status, 200, backup.text);
    assert.equal(before[0].icon, icons[0]);
  } finally {
    await first.stop();
  }

  const rotating = await startServer({ vars: { ...SUITE_VARS, APP_KEY: NEW, APP_PREVIOUS_KEYS: OLD }, state: state.state, keepState: true });
  try {
    const api = new Client(rotating.base);
    api.token = token;
    assert.deepEqual((await api.get('/api/v1/twofaccounts?withSecret=1')).body, before, 'readable through the previous key');
    const out = execFileSync('sh', [join(ROOT, 'scripts', 'rotate-key.sh'), rotating.base, token], { encoding: 'utf8' });
    assert.match(out, /done: 143 row\(s\) re-encrypted/, '130 accounts, 12 icons and the backup keys (the one user hashed with the pepper already)');
    const again = execFileSync('sh', [join(ROOT, 'scripts', 'rotate-key.sh'), rotating.base, token], { encoding: 'utf8' });
    assert.match(again, /done: 0 row\(s\)/, 'idempotent');
  } finally {
    await rotating.stop();
  }

  const rotated = await startServer({ vars: { ...SUITE_VARS, APP_KEY: NEW }, state: state.state, keepState: true });
  try {
    const api = new Client(rotated.base);
    api.token = token;
    assert.deepEqual((await api.get('/api/v1/twofaccounts?withSecret=1')).body, before, 'the new key alone reads everything');
    const otp = await api.get(`/api/v1/twofaccounts/${before[0].id}/otp`);
    assert.equal(otp.status, 200);
    // The backup's master key and WebDAV password open (the run gets as far as the network).
    const run = await api.post('/api/v1/backup/run');
    assert.equal(run.body.last_outcome, 'failure');
    assert.match(run.body.last_error, /could not be reached/);
    for (const filename of icons) {
      const icon = await iconBytes(rotated.base, filename);
      assert.equal(icon.status, 200, `icon ${filename} survives the rotation`);
      assert.deepEqual(icon.bytes, PNG);
    }
  } finally {
    await rotated.stop();
  }
  const blob = d1Blobs(state.state).join('');
  assert.doesNotMatch(blob, /Svc12[0-9]:|user12[0-9]/, 'no plaintext left behind');
});

// Values of the formats Twofold wrote before XChaCha20-Poly1305 (v3): AES-256-GCM under APP_KEY,
// `v<n>:<key id>:<base64(nonce‖sealed‖tag)>`, with as associated data the column name (v1, before
// values were bound to their row) or the cell — table, column, row, each length-prefixed (v2).
function aesValue(appKey, format, aad, plaintext) {
  const key = Buffer.from(appKey.replace(/^base64:/, ''), 'base64');
  const id = createHash('sha256').update(Buffer.concat([Buffer.from('twofold key id\0'), key])).digest('hex').slice(0, 8);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${format}:${id}:${Buffer.concat([nonce, sealed]).toString('base64')}`;
}

const v1Value = (appKey, column, plaintext) => aesValue(appKey, 'v1', Buffer.from(column), plaintext);

function v2Value(appKey, [table, column, row], plaintext) {
  const parts = [table, column, row].map((part) => {
    const bytes = Buffer.from(part);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  });
  return aesValue(appKey, 'v2', Buffer.concat([Buffer.from('twofold v2'), ...parts]), plaintext);
}

test('values of the older formats and rows of the older form (a value per column) still read, and the re-encryption reseals them as a card (bound to their row, XChaCha20-Poly1305) without a key change; it peppers old password records too', async () => {
  const s = await startServer({ vars: { ...SUITE_VARS, APP_KEY: OLD } });
  try {
    const c = new Client(s.base);
    await c.register('Upgrader', uniqueEmail('upgrade'));
    const api = await c.tokenClient();
    const made = await api.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/NewSvc:new@example.com?secret=A4GRFHVVRBGY7UIW&issuer=NewSvc' });
    const icon = await uploadIcon(api);
    // As the previous versions stored them: each value in its own column, the card NULL, two values
    // of each older format.
    const old = { secret: 'JBSWY3DPEHPK3PXP', account: 'old@example.com', service: 'OldSvc', legacy_uri: 'otpauth://totp/OldSvc:old@example.com?secret=JBSWY3DPEHPK3PXP' };
    const me = (await api.get('/api/v1/user')).body.id;
    const sealed = (column, value) => (['secret', 'service'].includes(column)
      ? v1Value(OLD, column, value)
      : v2Value(OLD, ['twofaccounts', column, `${me}/${made.body.id}`], value));
    const set = Object.entries(old).map(([column, value]) => `${column} = '${sealed(column, value)}'`).join(', ');
    d1Sql(s.state, `UPDATE twofaccounts SET card = NULL, ${set} WHERE id = ${Number(made.body.id)}`);
    d1Sql(s.state, `UPDATE icons SET data = '${v1Value(OLD, 'icon', PNG.toString('base64'))}' WHERE filename = '${icon}'`);
    const readBack = async () => {
      const got = (await api.get(`/api/v1/twofaccounts/${made.body.id}?withSecret=1`)).body;
      assert.deepEqual([got.secret, got.account, got.service], [old.secret, old.account, old.service]);
      assert.deepEqual((await iconBytes(s.base, icon)).bytes, PNG);
    };
    await readBack();
    // A user who has not logged in since PASSWORD_PEPPER: his record of the older scheme.
    const dormant = uniqueEmail('dormant');
    await new Client(s.base).register('Dormant', dormant, 'placeholder-password');
    const salt = randomBytes(16);
    const oldRecord = `pbkdf2-sha256$100000$${salt.toString('base64')}$${pbkdf2Sync('Dormant-Password-7', salt, 100000, 32, 'sha256').toString('base64')}`;
    d1Sql(s.state, `UPDATE users SET password = '${oldRecord}' WHERE email = '${dormant}'`);
    const out = execFileSync('sh', [join(ROOT, 'scripts', 'rotate-key.sh'), s.base, api.token], { encoding: 'utf8' });
    assert.match(out, /done: 3 row\(s\)/, 'the account and the icon under the same key, and the old password record');
    const peppered = d1Sql(s.state, `SELECT password FROM users WHERE email = '${dormant}'`)[0].password;
    assert.match(peppered, /^pbkdf2-sha256-hmac\$100000\$/, 'peppered without a login');
    assert.equal(peppered.split('$')[2], salt.toString('base64'), 'same salt and count: HMAC of the stored hash');
    const login = new Client(s.base);
    await login.csrf();
    assert.equal((await login.post('/user/login', { email: dormant, password: 'Dormant-Password-7' })).status, 200);
    const [row] = d1Sql(s.state, `SELECT card, service, account, secret, legacy_uri FROM twofaccounts WHERE id = ${Number(made.body.id)}`);
    assert.match(row.card, /^v3:/);
    assert.match(row.legacy_uri, /^v3:/);
    assert.deepEqual([row.service, row.account, row.secret], [null, '', ''], 'one form: the card alone');
    assert.throws(() => d1Sql(s.state, `UPDATE twofaccounts SET secret = 'half' WHERE id = ${Number(made.body.id)}`),
      /CHECK constraint failed/, 'D1 refuses a row half in each form');
    assert.match(d1Sql(s.state, `SELECT data FROM icons WHERE filename = '${icon}'`)[0].data, /^v3:/);
    await readBack();
    const exported = await api.get(`/api/v1/twofaccounts/export?ids=${made.body.id}`);
    assert.equal(exported.status, 200);
    assert.ok(exported.text.includes('JBSWY3DPEHPK3PXP'));
    // A v1 value of twofaccounts.secret copied by a D1 writer into the backup's secret (which
    // would go out as the WebDAV password) does not open there: backup cells have labels of their own.
    const set2 = await api.request('PUT', '/api/v1/backup', { json: { schedule: 'daily', retention: 1, destination: 'webdav',
      webdav_url: 'http://127.0.0.1:9/', webdav_username: 'me', webdav_password: 'dav password', password: 'backup password', enabled: false } });
    assert.equal(set2.status, 200, set2.text);
    d1Sql(s.state, `UPDATE backups SET secret = '${v1Value(OLD, 'secret', 'copied secret')}' WHERE user_id = ${Number(me)}`);
    const run = await api.post('/api/v1/backup/run');
    assert.equal(run.body.last_outcome, 'failure');
    assert.equal(run.body.last_error, 'the destination\'s stored secret cannot be deciphered');
  } finally {
    await s.stop();
  }
});

test('only an admin may re-encrypt, from a cursor the route gave', async () => {
  const s = await startServer({ vars: SUITE_VARS });
  try {
    const admin = new Client(s.base);
    await admin.register('Admin', uniqueEmail('a'));
    const bad = await (await admin.tokenClient()).post('/api/v1/system/reencrypt?after=elsewhere:1');
    assert.equal(bad.status, 422, 'a cursor that is not one is refused');
    assert.ok(bad.body.errors.after);
    const user = new Client(s.base);
    await user.register('User', uniqueEmail('u'));
    const api = await user.tokenClient();
    const res = await api.post('/api/v1/system/reencrypt');
    assert.equal(res.status, 403);
  } finally {
    await s.stop();
  }
});

test('the hourly clean-up moves a row of the older form and format into a card by itself, without the route', async () => {
  const s = await startServer({ vars: { ...SUITE_VARS, APP_KEY: OLD } });
  try {
    const c = new Client(s.base);
    await c.register('Upgraded by cron', uniqueEmail('cron'));
    const api = await c.tokenClient();
    const made = await api.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/CronSvc:cron@example.com?secret=A4GRFHVVRBGY7UIW&issuer=CronSvc' });
    const id = Number(made.body.id);
    const me = (await api.get('/api/v1/user')).body.id;
    d1Sql(s.state, `UPDATE twofaccounts SET card = NULL, service = NULL, secret = '${v1Value(OLD, 'secret', 'JBSWY3DPEHPK3PXP')}', \
      account = '${v2Value(OLD, ['twofaccounts', 'account', `${me}/${id}`], 'cron@example.com')}' WHERE id = ${id}`);
    assert.match(d1Sql(s.state, `SELECT secret FROM twofaccounts WHERE id = ${id}`)[0].secret, /^v1:/);
    const ran = await fetch(`${s.base}/__scheduled?cron=17+*+*+*+*`);
    assert.equal(ran.status, 200);
    const [row] = d1Sql(s.state, `SELECT card, service, account, secret FROM twofaccounts WHERE id = ${id}`);
    assert.match(row.card, /^v3:/);
    assert.deepEqual([row.service, row.account, row.secret], [null, '', '']);
    const read = (await api.get(`/api/v1/twofaccounts/${id}?withSecret=1`)).body;
    assert.deepEqual([read.service, read.account, read.secret], [null, 'cron@example.com', 'JBSWY3DPEHPK3PXP']);
  } finally {
    await s.stop();
  }
});
