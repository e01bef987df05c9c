// Runs the black-box suites against `wrangler dev` servers started here (fresh local D1s,
// migrations applied), then stops them by PID. Usage: node tests/run.mjs [test files...]
//
// A whole run goes in two lanes side by side, each one file at a time against a server of its
// own: the HTTP suites (then schemathesis) and the browser suites. Within a lane one file runs at
// a time because some suites write their server's D1 file directly (tests/support/d1.mjs), which
// locks it under another file's requests (they would fail with 500); two lanes never share a
// server, so they never meet there. The HTTP lane prints as it goes; the browser lane's output
// follows once the HTTP lane is done. TEST_LANES=1 runs everything in one lane, as a run of
// named files always does.
//
// Lighthouse's figures start from the tasks this machine observed, so the suite that asserts them
// (ALONE) runs after the lanes, with the machine to itself: beside the other lane its runs lost up
// to 7 points to the machine's load, not to the app.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, migratedTemplate, ROOT, SUITE_VARS } from './support/server.mjs';
import { runSchemathesis } from './schemathesis.mjs';

const named = process.argv.slice(2);
const ALONE = [join('tests', 'browser', 'lighthouse.test.mjs')];
const inDir = (dir) => readdirSync(join(ROOT, 'tests', dir)).filter((f) => f.endsWith('.test.mjs')).sort()
  .map((f) => join('tests', dir, f)).filter((f) => !ALONE.includes(f));
const lanes = named.length ? [{ name: 'suites', files: named }]
  : process.env.TEST_LANES === '1' ? [{ name: 'suites', files: [...inDir('http'), ...inDir('browser')], schemathesis: true }]
    : [{ name: 'http', files: inDir('http'), schemathesis: true }, { name: 'browser', files: inDir('browser') }];
const alone = named.length ? [] : [{ name: 'alone', files: ALONE }];

/** Runs `node --test` on `files` against `server`; the first lane writes to this process's
 *  output, the others into a buffer printed later. Answers the exit status and the buffer. */
function runFiles(files, server, live) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
      cwd: ROOT,
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TWOFOLD_URL: server.base, TWOFOLD_STATE: server.state },
    });
    let out = '';
    if (!live) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => { out += d; });
    child.on('close', (status) => resolve({ status: status ?? 1, out }));
  });
}

async function runLane(lane, live) {
  const started = Date.now();
  const server = await startServer({ vars: SUITE_VARS });
  const say = (text) => (live ? console.log(text) : (lane.notes += `${text}\n`));
  lane.notes = '';
  say(`[tests] ${lane.name}: wrangler dev ready on ${server.base} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  let status = 1;
  try {
    const run = await runFiles(lane.files, server, live);
    lane.output = run.out;
    status = run.status;
    if (lane.schemathesis) {
      say('\n[tests] schemathesis against the same server');
      const st = await runSchemathesis(server.base);
      status = status || st;
    }
  } finally {
    // wrangler dev's own log, for what the suites cannot see (a worker reload, a runtime error).
    writeFileSync(join(ROOT, 'test-output', `wrangler-dev-${lane.name}.log`), server.log());
    if (status !== 0) lane.tail = `\n[tests] ${lane.name}: wrangler dev, last lines:\n${server.log().split('\n').slice(-40).join('\n')}`;
    await server.stop();
  }
  say(`[tests] ${lane.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return status;
}

mkdirSync(join(ROOT, 'test-output'), { recursive: true });
// Every server of the run copies one migrated D1 (made here, removed when this process exits).
process.env.TWOFOLD_D1_TEMPLATE = migratedTemplate();
const failed = (lane) => (error) => {
  lane.notes = `${lane.notes ?? ''}[tests] ${lane.name}: ${error.stack}\n`;
  return 1;
};
const statuses = await Promise.all(lanes.map((lane, i) => runLane(lane, i === 0).catch(failed(lane))));
for (const [i, lane] of lanes.entries()) {
  if (i > 0) process.stdout.write(`\n[tests] ${lane.name} lane's output\n${lane.output ?? ''}`);
  process.stdout.write(lane.notes ?? '');
  if (lane.tail) console.log(lane.tail);
}
for (const lane of alone) {
  console.log(`\n[tests] ${lane.files.join(', ')}: after the lanes, alone on the machine`);
  statuses.push(await runLane(lane, true).catch(failed(lane)));
  process.stdout.write(lane.notes ?? '');
  if (lane.tail) console.log(lane.tail);
}
process.exit(statuses.find((s) => s !== 0) ?? 0);
