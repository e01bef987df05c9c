// Start-up benchmark (a command, not a test): what a fresh isolate pays for the worker's
// WebAssembly before its first request — compiling the module, then instantiating it — measured in
// V8 as headless Chromium ships it (workerd runs V8 too; Node 20's is too old for the exception
// handling the worker's .wasm uses), for the worker's .wasm and, apart, its QR decoder, which an
// isolate instantiates only when it first reads an image. Imports are stubbed: wasm-bindgen modules
// run nothing at instantiation (their start is an export the glue calls). Medians of ROUNDS.
// Usage: node bench/startup.mjs [rounds, default 20] [other .wasm files to compare...]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/support/browser.mjs';

const ROUNDS = Number(process.argv[2] ?? 20);
const files = [
  ['worker', 'build/index_bg.wasm'],
  ['tools module (first image, import or registration rule only)', 'build/tools/twofold_core_bg.wasm'],
  ...process.argv.slice(3).map((file) => [file, file]),
];

// Runs in the page: compiles and instantiates `rounds` times, returns the medians in ms.
async function measure({ base64, rounds }) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const stub = {
    function: () => () => {},
    table: () => new WebAssembly.Table({ initial: 0, element: 'externref' }),
    memory: () => new WebAssembly.Memory({ initial: 1 }),
    global: () => new WebAssembly.Global({ value: 'i32', mutable: true }, 0),
    // wasm-bindgen imports the engine's tag of JavaScript exceptions.
    tag: () => WebAssembly.JSTag,
  };
  const compile = [];
  const instantiate = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const module = await WebAssembly.compile(bytes);
    compile.push(performance.now() - t);
    const imports = {};
    for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
      imports[from] ??= {};
      imports[from][name] = stub[kind]();
    }
    t = performance.now();
    await WebAssembly.instantiate(module, imports);
    instantiate.push(performance.now() - t);
  }
  return { compile: median(compile), instantiate: median(instantiate) };
}

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  console.log(`V8 of ${browser.version()}, ${ROUNDS} rounds, medians`);
  console.log('module                          KiB gzip   compile ms   instantiate ms');
  for (const [label, file] of files) {
    const bytes = readFileSync(file);
    const { compile, instantiate } = await page.evaluate(measure, { base64: bytes.toString('base64'), rounds: ROUNDS });
    const gz = gzipSync(bytes).length / 1024;
    console.log(`${label.padEnd(30)} ${gz.toFixed(1).padStart(9)} ${compile.toFixed(2).padStart(12)} ${instantiate.toFixed(2).padStart(16)}`);
  }
} finally {
  await browser.close();
}
