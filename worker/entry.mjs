// The worker's entry module (wrangler's `main`, copied beside the wasm-bindgen output by
// scripts/wasm-worker.sh; bench/floor uses it too). Each event goes to the handler that workers-rs'
// `#[event(...)]` exports from Rust; wrangler bundles this file, the glue and its snippets.
//
// After a panic (panic = "abort": the instance traps), the glue marks the instance terminated and
// the worker crate's abort hook schedules a re-initialisation: wasm-bindgen's
// --force-enable-abort-handler and --experimental-reset-state-function make the next call start a
// fresh instance, so one request's panic does not break the isolate's later requests.
import { WorkerEntrypoint } from 'cloudflare:workers';
import * as rust from './index.js';

class Worker extends WorkerEntrypoint {}

// Only the events the crate handles (the floor has no `scheduled`).
for (const event of ['fetch', 'scheduled']) {
  if (rust[event]) {
    Worker.prototype[event] = function (arg) {
      return rust[event](arg, this.env, this.ctx);
    };
  }
}

export default Worker;
