// The list of 500's own CPU in the worker's own `.wasm` under workerd's V8 (issue 15, item 4): a
// command, not a test. Builds the worker with feature `cpu-bench` (bench/list-work/build), seeds
// 500 accounts through a Twofold server, starts the bench build on the same local D1 and asks its
// `GET /__cpu-bench/list`, which reads the rows once and does the list's work — rows decoded from
// D1's JSON text, values decrypted, codes computed, the answer serialised — `rounds` times in one
// request. The CPU of ROUNDS rounds less that of one, over ROUNDS − 1, is one list's work without
// D1, HTTP or authentication: what the free plan's 10 ms per invocation counts of it.
// Usage: node bench/list-work.mjs [rounds, default 200]
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync } from 'node:fs';
import { startServer, ROOT, toolEnv } from '../tests/support/server.mjs';
import { Client, uniqueEmail } from '../tests/support/client.mjs';
import { workerdStats } from './workerd.mjs';
import { record } from './verdicts.mjs';
import { seed } from './seed.mjs';

const ROUNDS = Number(process.argv[2] ?? 200);
const TRIES = 5;
const TARGET_MS = 3;

/** The bench build, once the Twofold server has built the worker's tools module, which it shares. */
function buildBench() {
  execFileSync('sh', ['scripts/wasm-worker.sh', 'twofold-worker', 'bench/list-work/build', 'cpu-bench'],
    { cwd: ROOT, env: toolEnv(), stdio: 'inherit' });
  cpSync(`${ROOT}/build/tools`, `${ROOT}/bench/list-work/build/tools`, { recursive: true });
  // wrangler reads the secrets (APP_KEY) beside the config it is given.
  copyFileSync(`${ROOT}/.dev.vars`, `${ROOT}/bench/list-work/.dev.vars`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** workerd's CPU milliseconds for one `GET /__cpu-bench/list` of `rounds` rounds. */
async function cpuOfRounds(bench, token, rounds, query) {
  const before = workerdStats(bench.pid).cpuMs;
  const res = await fetch(`${bench.base}/__cpu-bench/list?${query}&rounds=${rounds}`, { headers: { authorization: `Bearer ${token}` } });
  const done = await res.json();
  const cpu = workerdStats(bench.pid).cpuMs - before;
  const output = /stage=(rows|reads)/.test(query) ? done.bytes === 500 : done.bytes > 50_000;
  if (res.status !== 200 || done.rounds !== rounds || done.accounts !== 500 || !output) {
    throw new Error(`the bench route did not do the work: ${res.status} ${JSON.stringify(done)}`);
  }
  return cpu;
}

const server = await startServer({ vars: { THROTTLE_API: '0' } });
try {
  const c = new Client(server.base);
  await c.register('Bench', uniqueEmail('bench'));
  const api = await c.tokenClient('bench');
  await seed(api, 500, 'Service');
  buildBench();
  const bench = await startServer({ config: 'bench/list-work/wrangler.toml', state: server.state, keepState: true, ready: '/api/v1/user/name' });
  try {
    /** One list's CPU (ms), the median of TRIES pairs of runs. */
    const measure = async (query) => {
      await cpuOfRounds(bench, api.token, 20, query); // warm-up: compiled and tiered up
      const perList = [];
      for (let t = 0; t < TRIES; t += 1) {
        const one = await cpuOfRounds(bench, api.token, 1, query);
        const many = await cpuOfRounds(bench, api.token, ROUNDS, query);
        perList.push((many - one) / (ROUNDS - 1));
      }
      return { ms: median(perList), tries: perList };
    };
    const rows = await measure('stage=rows');
    const reads = await measure('stage=reads');
    const plain = await measure('plain=1');
    const readsWithCodes = await measure('stage=reads&withOtp=1');
    const codes = await measure('withOtp=1');
    console.log(`list of 500, the worker's own CPU per list (${TRIES} tries of ${ROUNDS} rounds, medians):`);
    console.log(`  rows decoded from D1's JSON text:               ${rows.ms.toFixed(2)} ms`);
    console.log(`  + values decrypted:                             ${reads.ms.toFixed(2)} ms`);
    console.log(`  + answer serialised (no codes):                 ${plain.ms.toFixed(2)} ms`);
    console.log(`  rows, values decrypted, codes (not serialised): ${readsWithCodes.ms.toFixed(2)} ms`);
    console.log(`  the whole list's work (withOtp=1):              ${codes.ms.toFixed(2)} ms  (tries: ${codes.tries.map((x) => x.toFixed(2)).join(', ')})`);
    record({ measure: "list of 500 with codes, the worker's own CPU", twofold: `${codes.ms.toFixed(2)} ms`, target: `≤ ${TARGET_MS} ms`, met: codes.ms <= TARGET_MS });
  } finally {
    await bench.stop();
  }
} finally {
  await server.stop();
}
