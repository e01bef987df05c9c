// The QR decoder's own WebAssembly module (worker/src/qr_decoder.rs): the npm package's browser
// build of the core with QR decoding, which scripts/build-worker.sh copies into build/qr-decoder/.
// wasm-bindgen copies this file into build/snippets/<crate>/, hence the paths. The module is
// instantiated on the first image an isolate reads, so no other request pays for it.
import source module from '../../qr-decoder/twofold_core_bg.wasm';
import { initSync, rawQrDecode } from '../../qr-decoder/twofold_core.js';

let ready = false;

export function decodeQr(image) {
  if (!ready) {
    initSync({ module });
    ready = true;
  }
  return rawQrDecode(image);
}
