// API benchmark (a command, not a test): seeds 500 accounts on `wrangler dev` with a fresh local
// D1, then measures with wrk (Debian) at 1 and 8 connections:
//   - the floor: a public route that touches no D1 (GET /api/v1/user/name);
//   - a trivial authenticated request (GET /api/v1/user);
//   - the list of 500 accounts with codes (GET /api/v1/twofaccounts?withOtp=1);
//   - one code (GET /api/v1/twofaccounts/{id}/otp, which also writes its log row).
// It prints p50 / p99 latency and requests/s, each run's median of RUNS, and ratios against the
// floor measured in the same run and against the peers' figures of shared/reference/performance.md.
// Usage: node bench/api.mjs [seconds per run, default 10] [runs, default 3]
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/support/server.mjs';
import { Client, uniqueEmail } from '../tests/support/client.mjs';

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
  if (non2xx) throw new Error(`${url}: ${non2xx} non-2xx answers`);
  return { p50: p(50), p99: p(99), rps };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = await startServer({ vars: { THROTTLE_API: '0' } });
  try {
    const c = new Client(server.base);
    await c.register('Bench', uniqueEmail('bench'));
    const api = await c.tokenClient('bench');
    const started = Date.now();
    let firstId;
    for (let i = 0; i < 500; i += 1) {
      const res = await api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/Service${i}:user${i}@example.com?secret=A4GRFHVVRBGY7UIW&issuer=Service${i}` });
      if (res.status !== 201) throw new Error(`seeding: ${res.status} ${res.text}`);
      firstId ??= res.body.id;
    }
    console.log(`seeded 500 accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const list = await api.get('/api/v1/twofaccounts?withOtp=1');
    if (list.body.length !== 500 || !list.body.every((a) => a.otp)) throw new Error('the list is not 500 accounts with codes');

    const targets = {
      floor: `${server.base}/api/v1/user/name`,
      user: `${server.base}/api/v1/user`,
      list: `${server.base}/api/v1/twofaccounts?withOtp=1`,
      otp: `${server.base}/api/v1/twofaccounts/${firstId}/otp`,
    };
    wrk(targets.list, api.token, 1); // warm-up
    const results = {};
    for (const [name, url] of Object.entries(targets).filter(([n]) => !process.env.ONLY || n === process.env.ONLY)) {
      for (const connections of [1, 8]) {
        const runs = Array.from({ length: RUNS }, () => wrk(url, api.token, connections));
        results[`${name}@${connections}`] = {
          p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), rps: median(runs.map((r) => r.rps)),
        };
      }
    }
    console.log(`\nwrk, ${RUNS} × ${SECONDS} s per line, medians; wrangler dev ${process.env.npm_package_devDependencies_wrangler ?? '4.86.0'}, local D1`);
    console.log('endpoint                              c   p50 ms   p99 ms    req/s');
    for (const [key, r] of Object.entries(results)) {
      const [name, conns] = key.split('@');
      console.log(`${name.padEnd(36)} ${conns.padStart(2)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.rps.toFixed(0).padStart(8)}`);
    }
    console.log('\nratios (higher is better for us)');
    for (const name of ['user', 'list', 'otp']) {
      const ours = results[`${name}@1`]; const ours8 = results[`${name}@8`];
      console.log(`${name.padEnd(5)} p50 vs peer ${(PEER[name].p50 / ours.p50).toFixed(2)}x, c=8 throughput vs peer ${(ours8.rps / PEER[name].rps8).toFixed(2)}x, p50 over the no-D1 floor ${(ours.p50 / results['floor@1'].p50).toFixed(2)}x`);
    }
  } finally {
    await server.stop();
  }
}

await main();
