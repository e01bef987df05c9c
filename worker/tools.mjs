// The worker's tools module (worker/src/tools.rs): the core's browser build with every feature
// (scripts/build-npm.sh worker-tools), which scripts/build-worker.sh copies into build/tools/.
// wasm-bindgen copies this file into build/snippets/<crate>/, hence the paths. The module is
// instantiated on the first call an isolate makes, so requests that need none of it never pay
// for it.
import source module from '../../tools/twofold_core_bg.wasm';
import {
  __wbg_reset_state as fresh, initSync, rawBackupListing, rawImportWire, rawQrDecode, rawQrSvg, rawRuleMatches,
  rawSanitizeSvg,
} from '../../tools/twofold_core.js';

// A WebAssembly memory never shrinks: after an import (a key derivation may have taken 64 MiB)
// the instance is dropped for a fresh one, so the isolate does not carry that memory beside the
// worker's own. After a trap (a panic aborts) too: its stack and allocations are left in no
// known state. Refusals (Errors with a `code`) keep the instance.
function call(tool, args, dropAfter = false) {
  initSync({ module });
  let drop = dropAfter;
  try {
    return tool(...args);
  } catch (error) {
    drop ||= error instanceof WebAssembly.RuntimeError;
    throw error;
  } finally {
    if (drop) fresh();
  }
}

export const decodeQr = (image) => call(rawQrDecode, [image]);
export const importWire = (payload, password, kdfMemory, kdfWork) =>
  call(rawImportWire, [payload, password, kdfMemory, kdfWork], true);
export const ruleMatches = (rule, text) => call(rawRuleMatches, [rule, text]);
export const qrSvg = (text) => call(rawQrSvg, [text]);
export const sanitizeSvg = (text) => call(rawSanitizeSvg, [text]);
export const backupListing = (xml, webdavFolder) => call(rawBackupListing, [xml, webdavFolder]);
