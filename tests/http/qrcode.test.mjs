// §3.7 QR codes: what GET /twofaccounts/{id}/qrcode draws, POST /qrcode/decode reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { svgToPng } from '../support/png.mjs';

let server; let me;
before(async () => {
  server = await useServer();
  const c = new Client(server.base);
  await c.register(`QR ${uniqueEmail()}`, uniqueEmail('qr'));
  me = await c.tokenClient();
});
after(() => server.stop());

function upload(bytes, name = 'qr.png', type = 'image/png') {
  const form = new FormData();
  form.append('qrcode', new Blob([bytes], { type }), name);
  return me.request('POST', '/api/v1/qrcode/decode', { body: form });
}

test("an account's QR code decodes back to its (URL-decoded) URI", async () => {
  const a = (await me.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/My%20Site:john@example.com?secret=A4GRFHVVRBGY7UIW&issuer=My%20Site&digits=7' })).body;
  const qr = await me.get(`/api/v1/twofaccounts/${a.id}/qrcode`);
  const svg = Buffer.from(qr.body.qrcode.split(',')[1], 'base64').toString();
  const res = await upload(svgToPng(svg));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { data: 'otpauth://totp/My Site:john@example.com?digits=7&issuer=My Site&secret=A4GRFHVVRBGY7UIW' });
  // And the decoded text describes the same account again.
  const again = await me.post('/api/v1/twofaccounts/preview', { uri: res.body.data });
  assert.deepEqual([again.body.service, again.body.account, again.body.digits], ['My Site', 'john@example.com', 7]);
});

test('errors: missing file 422, not an image 422, no QR code 400', async () => {
  const none = await me.request('POST', '/api/v1/qrcode/decode', { body: new FormData() });
  assert.equal(none.status, 422);
  assert.deepEqual(none.body.errors, { qrcode: ['The qrcode field is required.'] });
  const text = await upload(Buffer.from('hello'), 'x.txt', 'text/plain');
  assert.equal(text.status, 422);
  const blank = svgToPng('<svg width="64" height="64"></svg>');
  const res = await upload(blank);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { message: 'Cannot detect a QR code in the image, try to crop the image' });
});
