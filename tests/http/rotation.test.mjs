// APP_KEY rotation as the README tells it: the old key moves to APP_PREVIOUS_KEYS, the new one
// becomes APP_KEY, scripts/rotate-key.sh re-encrypts in batches, then the old key is dropped —
// and nothing is lost. Three servers in turn on one local D1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Blobs } from '../support/d1.mjs';

const key = () => `base64:${randomBytes(32).toString('base64')}`;
const OLD = key();
const NEW = key();
let state;
after(() => state?.remove());

test('rotating APP_KEY re-encrypts every account in batches and loses nothing', async () => {
  const first = await startServer({ vars: { ...SUITE_VARS, APP_KEY: OLD }, keepState: true });
  state = first;
  let token; let before;
  try {
    const c = new Client(first.base);
    await c.register('Rotator', uniqueEmail('rotate'));
    const api = await c.tokenClient();
    token = api.token;
    // More than one batch (100), with a service, an account, a secret and the original URI each.
    const lines = Array.from({ length: 130 }, (_, i) => `otpauth://totp/Svc${i}:user${i}?secret=A4GRFHVVRBGY7UIW&issuer=Svc${i}`);
    const preview = await api.post('/api/v1/twofaccounts/migration', { payload: lines.join('\n'), withSecret: true });
    for (const a of preview.body) await api.post('/api/v1/twofaccounts', { ...a, id: undefined, group_id: undefined, icon: undefined });
    before = (await api.get('/api/v1/twofaccounts?withSecret=1')).body;
    assert.equal(before.length, 130);
  } finally {
    await first.stop();
  }

  const rotating = await startServer({ vars: { ...SUITE_VARS, APP_KEY: NEW, APP_PREVIOUS_KEYS: OLD }, state: state.state, keepState: true });
  try {
    const api = new Client(rotating.base);
    api.token = token;
    assert.deepEqual((await api.get('/api/v1/twofaccounts?withSecret=1')).body, before, 'readable through the previous key');
    const out = execFileSync('sh', [join(ROOT, 'scripts', 'rotate-key.sh'), rotating.base, token], { encoding: 'utf8' });
    assert.match(out, /done: 130 account\(s\) re-encrypted/);
    const again = execFileSync('sh', [join(ROOT, 'scripts', 'rotate-key.sh'), rotating.base, token], { encoding: 'utf8' });
    assert.match(again, /done: 0 account\(s\)/, 'idempotent');
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
  } finally {
    await rotated.stop();
  }
  const blob = d1Blobs(state.state).join('');
  assert.doesNotMatch(blob, /Svc12[0-9]:|user12[0-9]/, 'no plaintext left behind');
});

test('only an admin may re-encrypt', async () => {
  const s = await startServer({ vars: SUITE_VARS });
  try {
    const admin = new Client(s.base);
    await admin.register('Admin', uniqueEmail('a'));
    const user = new Client(s.base);
    await user.register('User', uniqueEmail('u'));
    const api = await user.tokenClient();
    const res = await api.post('/api/v1/system/reencrypt');
    assert.equal(res.status, 403);
  } finally {
    await s.stop();
  }
});
