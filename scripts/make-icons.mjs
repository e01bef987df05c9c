// Draws Twofold's app icons (web/static/icon-*.png) from the same shapes as web/static/icon.svg:
// a dark rounded square holding two overlapping cards, the back one dimmed — two factors, one
// vault. Run by hand when the design changes: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BACKGROUND = [0x10, 0x15, 0x1c];
const FRONT = [0x44, 0x93, 0xf8];
const BACK = [0x2b, 0x55, 0x8f];
const DIGITS = [0xe6, 0xed, 0xf3];

// Shapes on a 100×100 canvas, painted in order: [x, y, width, height, radius, colour].
const shapes = (maskable) => [
  ...(maskable ? [[0, 0, 100, 100, 0, BACKGROUND]] : [[0, 0, 100, 100, 22, BACKGROUND]]),
  [22, 20, 46, 58, 8, BACK],
  [34, 30, 46, 58, 8, FRONT],
  [41, 52, 9, 12, 3, DIGITS],
  [53, 52, 9, 12, 3, DIGITS],
  [65, 52, 9, 12, 3, DIGITS],
];

const inside = (px, py, [x, y, w, h, r]) => {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
};

/** RGBA pixels of the icon at `size` px, 4×4 supersampled. */
function draw(size, maskable) {
  const list = shapes(maskable);
  // A maskable icon keeps its drawing in the centre 80 % (the safe zone).
  const scale = maskable ? 0.8 : 1;
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy += 1) {
        for (let sx = 0; sx < 4; sx += 1) {
          const u = ((x + (sx + 0.5) / 4) / size) * 100;
          const v = ((y + (sy + 0.5) / 4) / size) * 100;
          let colour = null;
          for (const [i, shape] of list.entries()) {
            const drawn = maskable && i > 0
              ? [50 + (shape[0] - 50) * scale, 50 + (shape[1] - 50) * scale, shape[2] * scale, shape[3] * scale, shape[4] * scale]
              : shape;
            if (inside(u, v, drawn)) colour = shape[5];
          }
          if (colour) { sum[0] += colour[0]; sum[1] += colour[1]; sum[2] += colour[2]; sum[3] += 255; }
        }
      }
      const alpha = sum[3] / 16;
      const at = (y * size + x) * 4;
      const seen = sum[3] / 255 || 1;
      out[at] = Math.round(sum[0] / seen);
      out[at + 1] = Math.round(sum[1] / seen);
      out[at + 2] = Math.round(sum[2] / seen);
      out[at + 3] = Math.round(alpha);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** A PNG (8-bit RGBA) of `pixels`. */
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, size, maskable] of [['icon-180.png', 180, false], ['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]]) {
  writeFileSync(join(ROOT, 'web', 'static', name), png(size, draw(size, maskable)));
  console.log(`web/static/${name}`);
}
