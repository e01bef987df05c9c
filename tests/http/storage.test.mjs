// Security, encryption at rest: after real traffic, the local D1 files hold no secret, account name,
// service, password or token in plain text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { d1Blobs } from '../support/d1.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

test('no plaintext secret, label, password or token in the D1 files', async () => {
  assert.ok(server.state, 'the server under test runs on a local state folder');
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const password = 'Plaintext-Password-Marker-42';
  const c = new Client(server.base);
  await c.register('Storage Marker User', uniqueEmail('storage'), password);
  const api = await c.tokenClient('storage-token');
  const created = await api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/MarkerService:marker.account@example.com?secret=${secret}&issuer=MarkerService` });
  assert.equal(created.status, 201);
  // D1 writes through SQLite's WAL: read every file, including -wal and -shm.
  const needles = [secret, secret.replace(/=+$/, ''), 'MarkerService', 'marker.account', password, api.token];
  const blobs = d1Blobs(server.state);
  assert.ok(blobs.length > 0, 'found the D1 files');
  for (const needle of needles) {
    assert.ok(!blobs.some((b) => b.includes(needle)), `plaintext found in D1: ${needle.slice(0, 6)}…`);
  }
  // And the proof that the scan sees data at all: the (non-secret) otp_type column is there.
  assert.ok(blobs.some((b) => b.includes('sha1')), 'the scan reads the database content');
});
