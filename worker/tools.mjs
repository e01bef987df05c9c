// The worker's tools module (worker/src/tools.rs): the core's browser build with every feature
// (scripts/build-npm.sh worker-tools), which scripts/build-worker.sh copies into build/tools/. wasm-bindgen copies
// this file into build/snippets/<crate>/, hence the paths. The module is instantiated on the
// first call an isolate makes, so requests that need none of it never pay for it.
import source module from '../../tools/twofold_core_bg.wasm';
import { initSync, rawImportWire, rawQrDecode, rawRuleMatches } from '../../tools/twofold_core.js';

// Instantiates the module on the first call (initSync does nothing once it has).
const tools = () => initSync({ module });

export function decodeQr(image) {
  tools();
  return rawQrDecode(image);
}

export function importWire(payload, password, kdfMemory, kdfWork) {
  tools();
  return rawImportWire(payload, password, kdfMemory, kdfWork);
}

export function ruleMatches(rule, text) {
  tools();
  return rawRuleMatches(rule, text);
}
