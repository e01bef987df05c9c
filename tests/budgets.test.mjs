// Size budgets of the built .wasm files and of the API reference's viewer (raw and gzip printed; the
// run fails past a budget). Build first: scripts/build-worker.sh, scripts/build-web.sh and
// scripts/build-npm.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from './support/server.mjs';

const KiB = 1024;
const budgets = [
  // The worker: 453.1 KiB gzip when set (494.4 before core's float and lower-case tables, the XML
  // tokenizer and serde's buffering readers left it; README says where the bytes went).
  { name: 'worker', file: 'build/index_bg.wasm', gzipMax: 457 * KiB },
  // Its tools module (QR codes read and drawn, importers, the registration rule, the SVG
  // sanitiser), loaded by the routes that need it (438 KiB gzip when set).
  { name: "worker's tools module", file: 'build/tools/twofold_core_bg.wasm', gzipMax: 450 * KiB },
  // The four web apps: their sizes when set (the everyday app 221.1 KiB gzip once adding and
  // editing went to the editor app, 215.4 once its search lower-cased with the core's `case`
  // tables, 139.5 for the editor app; settings 256.7 and administration 144.9
  // once our own router replaced leptos_router) and about 3 KiB of headroom.
  { name: 'web app', file: 'web/dist/pkg/twofold_web_bg.wasm', gzipMax: 218 * KiB },
  { name: 'web app, adding and editing', file: 'web/dist/pkg/twofold_editor_bg.wasm', gzipMax: 143 * KiB },
  { name: 'web app, settings', file: 'web/dist/pkg/twofold_settings_bg.wasm', gzipMax: 260 * KiB },
  { name: 'web app, administration', file: 'web/dist/pkg/twofold_admin_bg.wasm', gzipMax: 148 * KiB },
  // The one stylesheet of the four apps, loaded before the first paint (4.3 KiB gzip when set,
  // 5.3 KiB with every screen in the design system).
  { name: 'stylesheet', file: 'web/dist/style.css', gzipMax: 6 * KiB },
  { name: 'npm package', file: 'core/npm/dist/main/web/twofold_core_bg.wasm', gzipMax: 200 * KiB },
  // The web app loads it for its tools (scanning an image, imports) on demand.
  { name: 'npm package with QR decoding', file: 'core/npm/dist/qr-decode/web/twofold_core_bg.wasm', gzipMax: 400 * KiB },
  // RapiDoc as /api/docs loads it (npm rapidoc 9.3.8: 213 KiB gzip).
  { name: 'API reference viewer', file: 'web/dist/api-docs/rapidoc-min.js', gzipMax: 230 * KiB },
];

for (const { name, file, gzipMax } of budgets) {
  test(`${name} (${file.split('/').pop()}) stays within ${gzipMax / KiB} KiB gzip`, () => {
    const raw = readFileSync(join(ROOT, file));
    const gz = gzipSync(raw, { level: 9 }).length;
    console.log(`[budget] ${name}: ${(raw.length / KiB).toFixed(1)} KiB raw, ${(gz / KiB).toFixed(1)} KiB gzip (budget ${gzipMax / KiB} KiB)`);
    assert.ok(gz <= gzipMax, `${name} is ${(gz / KiB).toFixed(1)} KiB gzip, over its ${gzipMax / KiB} KiB budget`);
  });
}

// The benchmark's build (feature `cpu-bench`, bench/list-work.mjs) adds a route that repeats a
// list's work thousands of times in one request: the deployed worker must not have it. Its path
// would be in the data of the .wasm; the bench build's own copy shows that the check can see it.
test('the deployed worker has no benchmark route', () => {
  const marker = Buffer.from('__cpu-bench');
  assert.equal(readFileSync(join(ROOT, 'build/index_bg.wasm')).includes(marker), false);
  const bench = join(ROOT, 'bench/list-work/build/index_bg.wasm');
  if (existsSync(bench)) assert.equal(readFileSync(bench).includes(marker), true, 'the check no longer finds the route in the bench build');
  else console.log('[budget] no bench build here (make bench makes one): the check ran on the deployed worker only');
});
