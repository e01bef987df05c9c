// Sizes against issue 15's targets (a command, not a test; tests/budgets.test.mjs holds the
// budgets that fail `make test`): the worker's `.wasm` and the everyday web app's, gzip as
// tests/budgets.test.mjs counts. Build first (scripts/build-app.sh). The first accounts screen's
// bytes on the wire are bench/first-code.mjs's.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { record } from './verdicts.mjs';

const KiB = 1024;
for (const [measure, file, target] of [
  ["the worker's .wasm", 'build/index_bg.wasm', 400],
  ["the everyday web app's .wasm", 'web/dist/pkg/twofold_web_bg.wasm', 150],
]) {
  const gz = gzipSync(readFileSync(new URL(`../${file}`, import.meta.url)), { level: 9 }).length / KiB;
  console.log(`${measure}: ${gz.toFixed(1)} KiB gzip (target ${target} KiB)`);
  record({ measure: `${measure}, gzip`, twofold: `${gz.toFixed(1)} KiB`, target: `≤ ${target} KiB`, met: gz <= target });
}
