// 2FAuth's QR code routes: what GET /twofaccounts/{id}/qrcode draws, POST /qrcode/decode reads back.
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

// Images that declare 20000×20000 pixels (16000×16000 for VP8/VP8L, 14-bit sizes) in a few
// bytes: refused from their headers before any decoder allocates 1.6 GB for them.
const be32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const le24 = (n) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]);
function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return be32(~crc >>> 0);
}
const ihdr = Buffer.concat([Buffer.from('IHDR'), be32(20000), be32(20000), Buffer.from([8, 0, 0, 0, 0])]);
const riff = (chunk) => {
  const size = Buffer.alloc(4); size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunk]);
};
const vp8l = Buffer.alloc(4); vp8l.writeUInt32LE((15999 | (15999 << 14)) >>> 0);
const HUGE = {
  png: ['image/png', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), be32(13), ihdr, crc32(ihdr)])],
  // Two-colour palette, then one valid 1×1 frame painted on the declared screen.
  gif: ['image/gif', Buffer.from([...Buffer.from('GIF89a'), 0x20, 0x4e, 0x20, 0x4e, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b])],
  'gif frame': ['image/gif', Buffer.from([...Buffer.from('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
    0x2c, 0, 0, 0, 0, 0x20, 0x4e, 0x20, 0x4e, 0, 2, 2, 0x44, 0x01, 0, 0x3b])],
  'webp VP8X': ['image/webp', riff(Buffer.concat([Buffer.from('VP8X\x0a\0\0\0\0\0\0\0', 'latin1'), le24(19999), le24(19999)]))],
  'webp VP8L': ['image/webp', riff(Buffer.concat([Buffer.from('VP8L\x05\0\0\0\x2f', 'latin1'), vp8l, Buffer.from([0])]))],
  'webp VP8': ['image/webp', riff(Buffer.from([...Buffer.from('VP8 '), 10, 0, 0, 0, 0x10, 0x02, 0, 0x9d, 0x01, 0x2a, 0x80, 0x3e, 0x80, 0x3e]))],
  jpeg: ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 1, 1, 0x11, 0,
    0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9])],
  'jpeg progressive': ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xc2, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 1, 1, 0x11, 0,
    0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9])],
};

for (const [format, [type, bytes]] of Object.entries(HUGE)) {
  test(`a ${format} declaring too many pixels is refused (422) from its header, and the worker stays up`, async () => {
    assert.ok(bytes.length < 100);
    const res = await upload(bytes, 'huge', type);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors, { qrcode: ['The qrcode field has invalid image dimensions.'] });
    const after = await upload(svgToPng('<svg width="64" height="64"></svg>'));
    assert.equal(after.status, 400, 'a normal request right after still works');
  });
}
