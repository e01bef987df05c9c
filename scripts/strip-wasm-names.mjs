// Removes the `name` custom section (Rust function names) from a .wasm file, copying every other
// byte as it is: no re-encoding, so nothing the runtime reads can change.
// Usage: node scripts/strip-wasm-names.mjs file.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const bytes = readFileSync(file);
if (bytes.readUInt32BE(0) !== 0x0061736d) throw new Error(`${file} is not a .wasm file`);

/** An unsigned LEB128 at `at`: its value and the offset after it. */
function leb(at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

const kept = [bytes.subarray(0, 8)];
let removed = 0;
for (let at = 8; at < bytes.length;) {
  const start = at;
  const id = bytes[at];
  const [size, body] = leb(at + 1);
  at = body + size;
  if (id === 0) {
    const [length, name] = leb(body);
    if (bytes.subarray(name, name + length).toString() === 'name') {
      removed += at - start;
      continue;
    }
  }
  kept.push(bytes.subarray(start, at));
}
writeFileSync(file, Buffer.concat(kept));
console.log(`[build] ${file}: name section removed (${removed} bytes)`);
