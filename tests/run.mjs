// Runs the black-box suites against one `wrangler dev` started here (fresh local D1, migrations
// applied), then stops it by PID. Usage: node tests/run.mjs [test files...]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, migratedTemplate, ROOT, SUITE_VARS } from './support/server.mjs';
import { runSchemathesis } from './schemathesis.mjs';

const suites = process.argv.slice(2);
const files = suites.length ? suites : ['http', 'browser'].flatMap((dir) =>
  readdirSync(join(ROOT, 'tests', dir)).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join('tests', dir, f)));

const started = Date.now();
// Every server of the run copies one migrated D1 (made here, removed when this process exits).
process.env.TWOFOLD_D1_TEMPLATE = migratedTemplate();
const server = await startServer({ vars: SUITE_VARS });
console.log(`[tests] wrangler dev ready on ${server.base} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
let status = 1;
try {
  // One file at a time (node's default on CI's two cores, said here): with two, the suites that
  // write the shared server's D1 file directly (tests/support/d1.mjs) lock it under the other
  // file's requests, which then fail with 500. TEST_CONCURRENCY=2 is faster where that is known.
  const concurrency = process.env.TEST_CONCURRENCY ?? '1';
  const run = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TWOFOLD_URL: server.base, TWOFOLD_STATE: server.state },
  });
  status = run.status ?? 1;
  if (!suites.length) {
    console.log('\n[tests] schemathesis against the same server');
    const st = await runSchemathesis(server.base);
    if (st !== 0) status = status || st;
  }
} finally {
  // wrangler dev's own log, for what the suites cannot see (a worker reload, a runtime error).
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output', 'wrangler-dev.log'), server.log());
  if (status !== 0) console.log(`\n[tests] wrangler dev, last lines:\n${server.log().split('\n').slice(-40).join('\n')}`);
  await server.stop();
}
process.exit(status);
