// Grey-scale PNGs written by hand with node:zlib (signature, IHDR, one IDAT, IEND): from rows of
// pixel values, or from Twofold's QR code SVG (one path of `M x y h8v8h-8z` squares), so that a
// test can read back through the decoder what the encoder drew.
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

/** A PNG of `rows` (arrays of grey values 0–255, all of one length). */
export function pngOf(rows) {
  const [height, width] = [rows.length, rows[0].length];
  const raw = Buffer.alloc(height * (width + 1));
  rows.forEach((row, y) => Buffer.from(row).copy(raw, y * (width + 1) + 1));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The grey rows Twofold's QR code SVG draws. */
export function svgToRows(svg) {
  const size = Number(svg.match(/width="(\d+)"/)[1]);
  const rows = Array.from({ length: size }, () => new Array(size).fill(255));
  for (const [, x, y, s] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let dy = 0; dy < Number(s); dy += 1) rows[Number(y) + dy].fill(0, Number(x), Number(x) + Number(s));
  }
  return rows;
}

export function svgToPng(svg) {
  return pngOf(svgToRows(svg));
}

/** A one-frame Y4M video of `rows` (grey values), white-padded to even sizes: what Chromium's fake
 *  camera plays with --use-file-for-fake-video-capture. */
export function y4mOf(rows) {
  const width = rows[0].length + (rows[0].length % 2);
  const height = rows.length + (rows.length % 2);
  const luma = Buffer.alloc(width * height, 255);
  rows.forEach((row, y) => Buffer.from(row).copy(luma, y * width));
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]);
}
