// Turns Twofold's QR code SVG (one path of `M x y h8v8h-8z` squares) into a grey-scale PNG, so
// that a test can read back through the decoder what the encoder drew. PNG written by hand with
// node:zlib: signature, IHDR, one IDAT, IEND.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function svgToPng(svg) {
  const size = Number(svg.match(/width="(\d+)"/)[1]);
  const pixels = Buffer.alloc(size * size, 255);
  for (const [, x, y, s] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let dy = 0; dy < Number(s); dy += 1) {
      pixels.fill(0, (Number(y) + dy) * size + Number(x), (Number(y) + dy) * size + Number(x) + Number(s));
    }
  }
  const raw = Buffer.alloc(size * (size + 1));
  for (let row = 0; row < size; row += 1) pixels.copy(raw, row * (size + 1) + 1, row * size, (row + 1) * size);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
