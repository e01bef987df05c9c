// API benchmark (a command, not a test): seeds 500 accounts on `wrangler dev` with a fresh local
// D1, starts beside it the floor worker of bench/floor on the same D1, then measures with wrk
// (Debian) at 1 and 8 connections, every target once per round so that all see the same noise:
//   - the floor: bench/floor's list of the same 500 rows (one D1 statement, no auth, no crypto),
//     and its two small answers: one statement that reads no row, and none at all (their
//     difference is what one D1 statement costs);
//   - a public route that touches no D1 (GET /api/v1/user/name);
//   - a trivial authenticated request (GET /api/v1/user);
//   - the list of 500 accounts with codes (GET /api/v1/twofaccounts?withOtp=1);
//   - one code (GET /api/v1/twofaccounts/{id}/otp, which also writes its log row).
// It prints p50 / p99 latency and requests/s, each the median of RUNS rounds, with the floor's
// figures and the ratios to them, and ratios against the peers' figures of
// shared/reference/performance.md.
// Usage: node bench/api.mjs [seconds per run, default 10] [runs, default 3]
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/support/server.mjs';
import { Client, uniqueEmail } from '../tests/support/client.mjs';
import { record } from './verdicts.mjs';
import { seed } from './seed.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const RUNS = Number(process.argv[3] ?? 3);
// dengrb1/2Fauth-Cloudflare (JS) on this kind of machine, from performance.md.
const PEER = { list: { p50: 13.6, rps8: 84 }, otp: { p50: 10.7, rps8: 113 }, user: { p50: 8.2, rps8: 140 } };

function ms(text) {
  const m = text.match(/^([\d.]+)(us|ms|s)$/);
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
}

function wrk(url, token, connections) {
  const out = execFileSync('wrk', ['-t', String(Math.min(connections, 2)), '-c', String(connections), '-d', `${SECONDS}s`,
    '--latency', '-H', `Authorization: Bearer ${token}`, url], { encoding: 'utf8' });
  const p = (q) => ms(out.match(new RegExp(`^\\s+${q}%\\s+(\\S+)`, 'm'))?.[1] ?? '');
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  // Failed answers are counted and shown, not hidden in the throughput (the floor's local D1
  // answers a few 500s under sustained load at c=8).
  return { p50: p(50), p99: p(99), rps, non2xx };
}

/** Issue 15's targets for the routes measured here (bench/verdicts.mjs). */
function verdicts(results) {
  const ms = (x) => `${x.toFixed(2)} ms`;
  const list1 = results['list@1'];
  const floor1 = results['floor@1'];
  if (list1) {
    const ratio = list1.p50 / floor1.p50;
    record({ measure: 'list of 500 with codes, p50 at c=1', twofold: ms(list1.p50), floor: ms(floor1.p50), ratio, target: '≤ 1.4× the floor', met: ratio <= 1.4 });
    const [list8, floor8] = [results['list@8'], results['floor@8']];
    const rps = list8.rps / floor8.rps;
    record({ measure: 'list of 500 with codes, req/s at c=8', twofold: `${list8.rps.toFixed(0)} req/s`, floor: `${floor8.rps.toFixed(0)} req/s`, ratio: rps, target: '≥ 0.7× the floor', met: rps >= 0.7 });
  }
  // A small route's floor: the floor's one statement, plus one more statement.
  const one = results['floor1@1'].p50;
  const statement = Math.max(0, one - results['floor0@1'].p50);
  for (const [key, measure] of [['otp', 'one code by id, p50 at c=1'], ['user', 'GET /api/v1/user, p50 at c=1']]) {
    const r = results[`${key}@1`];
    if (!r) continue;
    const allowed = one + statement;
    record({ measure, twofold: ms(r.p50), floor: `${ms(one)} + ${ms(statement)}`, ratio: r.p50 / allowed, target: '≤ the floor + one D1 statement', met: r.p50 <= allowed });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = await startServer({ vars: { THROTTLE_API: '0' } });
  try {
    const c = new Client(server.base);
    await c.register('Bench', uniqueEmail('bench'));
    const api = await c.tokenClient('bench');
    const started = Date.now();
    const firstId = await seed(api, 500, 'Service');
    console.log(`seeded 500 accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const list = await api.get('/api/v1/twofaccounts?withOtp=1');
    if (list.body.length !== 500 || !list.body.every((a) => a.otp)) throw new Error('the list is not 500 accounts with codes');

    const uid = (await api.get('/api/v1/user')).body.id;
    const floor = await startServer({ config: 'bench/floor/wrangler.toml', state: server.state, keepState: true, ready: '/?user=0' });
    try {
      const rows = await (await fetch(`${floor.base}/?user=${uid}`)).json();
      if (rows.length !== 500) throw new Error(`the floor reads ${rows.length} rows, not 500`);
      const targets = {
        floor: `${floor.base}/?user=${uid}`,
        floor1: `${floor.base}/?user=0`,
        floor0: `${floor.base}/?none`,
        noop: `${server.base}/api/v1/user/name`,
        user: `${server.base}/api/v1/user`,
        list: `${server.base}/api/v1/twofaccounts?withOtp=1`,
        otp: `${server.base}/api/v1/twofaccounts/${firstId}/otp`,
      };
      const chosen = Object.entries(targets).filter(([n]) => !process.env.ONLY || n === process.env.ONLY || n.startsWith('floor'));
      wrk(targets.list, api.token, 1); // warm-up
      wrk(targets.floor, api.token, 1);
      const runs = {};
      for (const connections of [1, 8]) {
        for (let round = 0; round < RUNS; round += 1) {
          for (const [name, url] of chosen) (runs[`${name}@${connections}`] ??= []).push(wrk(url, api.token, connections));
        }
      }
      const results = Object.fromEntries(Object.entries(runs).map(([key, list]) => [key,
        { p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)), rps: median(list.map((r) => r.rps)),
          failed: list.reduce((n, r) => n + r.non2xx, 0) }]));
      console.log(`\nwrk, ${RUNS} interleaved rounds × ${SECONDS} s per line, medians; wrangler dev ${process.env.npm_package_devDependencies_wrangler ?? '4.86.0'}, local D1`);
      console.log('endpoint   c   p50 ms   p99 ms    req/s   p50 / floor   req/s / floor   non-2xx');
      for (const [key, r] of Object.entries(results)) {
        const [name, conns] = key.split('@');
        const f = results[`floor@${conns}`];
        console.log(`${name.padEnd(8)} ${conns.padStart(2)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.rps.toFixed(0).padStart(8)} ${(r.p50 / f.p50).toFixed(2).padStart(12)}x ${(r.rps / f.rps).toFixed(2).padStart(14)}x ${String(r.failed).padStart(9)}`);
      }
      verdicts(results);
      console.log('\nagainst the peer (higher is better for us)');
      for (const name of ['user', 'list', 'otp'].filter((n) => results[`${n}@1`])) {
        const ours = results[`${name}@1`]; const ours8 = results[`${name}@8`];
        console.log(`${name.padEnd(5)} p50 vs peer ${(PEER[name].p50 / ours.p50).toFixed(2)}x, c=8 throughput vs peer ${(ours8.rps / PEER[name].rps8).toFixed(2)}x`);
      }
    } finally {
      await floor.stop();
    }
  } finally {
    await server.stop();
  }
}

await main();
