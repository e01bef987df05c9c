// CPU per request (a command, not a test): the CPU time workerd's process spends, read from
// /proc (user + system, every thread), over a run of sequential requests, divided by their
// number. That counts what waits do not: a request waiting on D1 or R2 costs nothing here, but
// everything workerd does for it does, including wrangler dev's local D1 (SQLite inside the same
// process) and HTTP, which production does not bill to the worker. So each route is set beside
// the floor (bench/floor: the same 500 rows read with one D1 statement, no auth, no crypto) and
// beside a public route that touches no D1: the difference is Twofold's own work and its extra
// D1 statements, an upper bound of what the free plan's 10 ms per invocation would count.
// Also the scheduled backups: the CPU of one user's backup (100 accounts, sealed as an Aegis
// vault, written to the local R2, pruned) in the cron's invocation, and of the setup that derives
// the backup password's key once.
// Usage: node bench/cpu.mjs [requests per route, default 200]
import { startServer } from '../tests/support/server.mjs';
import { Client, uniqueEmail } from '../tests/support/client.mjs';
import { workerdStats } from './workerd.mjs';
import { record } from './verdicts.mjs';
import { seed } from './seed.mjs';

const REQUESTS = Number(process.argv[2] ?? 200);
const USERS = 10;
const ACCOUNTS_PER_USER = 100;

const workerdCpuMs = (pgid) => workerdStats(pgid).cpuMs;

/** workerd's CPU while nothing is asked of it, per millisecond of wall time (its own timers). */
async function idleRate(pgid) {
  const [cpu, wall] = [workerdCpuMs(pgid), Date.now()];
  await new Promise((r) => setTimeout(r, 3000));
  return (workerdCpuMs(pgid) - cpu) / (Date.now() - wall);
}

/** Runs `work` and answers workerd's CPU milliseconds it took, idle time taken off. */
async function cpuOf(pgid, idle, work) {
  const [cpu, wall] = [workerdCpuMs(pgid), Date.now()];
  await work();
  return workerdCpuMs(pgid) - cpu - idle * (Date.now() - wall);
}

/** CPU milliseconds per request of `count` sequential GETs of `url`, each checked 200. */
async function perRequest(pgid, idle, url, headers = {}, count = REQUESTS) {
  const total = await cpuOf(pgid, idle, async () => {
    for (let i = 0; i < count; i += 1) {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      await res.arrayBuffer();
    }
  });
  return total / count;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = await startServer({ vars: { THROTTLE_API: '0', THROTTLE_AUTH: '0' } });
  const pgid = server.pid;
  try {
    const c = new Client(server.base);
    await c.register('Bench', uniqueEmail('cpu'));
    const api = await c.tokenClient('cpu');
    const firstId = await seed(api, 500, 'Service');
    const uid = (await api.get('/api/v1/user')).body.id;
    const floor = await startServer({ config: 'bench/floor/wrangler.toml', state: server.state, keepState: true, ready: '/?user=0' });
    try {
      const auth = { Authorization: `Bearer ${api.token}`, Accept: 'application/json' };
      const targets = {
        'floor: 500 rows, one D1 statement': [floor.pid, `${floor.base}/?user=${uid}`, {}],
        'GET /api/v1/user/name (no D1)': [pgid, `${server.base}/api/v1/user/name`, {}],
        'GET /api/v1/user': [pgid, `${server.base}/api/v1/user`, auth],
        'GET /api/v1/twofaccounts?withOtp=1 (500)': [pgid, `${server.base}/api/v1/twofaccounts?withOtp=1`, auth],
        'GET /api/v1/twofaccounts/{id}/otp': [pgid, `${server.base}/api/v1/twofaccounts/${firstId}/otp`, auth],
      };
      const idle = { [pgid]: await idleRate(pgid), [floor.pid]: await idleRate(floor.pid) };
      // Warm-up: each isolate compiled and its caches filled.
      for (const [p, url, headers] of Object.values(targets)) await perRequest(p, idle[p], url, headers, 20);
      const runs = {};
      for (let round = 0; round < 3; round += 1) {
        for (const [name, [p, url, headers]] of Object.entries(targets)) {
          (runs[name] ??= []).push(await perRequest(p, idle[p], url, headers));
        }
      }
      const floorMs = median(runs['floor: 500 rows, one D1 statement']);
      console.log(`\nworkerd's CPU per request (/proc, user + system), ${REQUESTS} sequential requests, median of 3 interleaved rounds`);
      console.log('route                                         CPU ms   − floor');
      for (const [name, list] of Object.entries(runs)) {
        const m = median(list);
        console.log(`${name.padEnd(44)} ${m.toFixed(2).padStart(7)} ${(m - floorMs).toFixed(2).padStart(9)}`);
      }
      const list = median(runs['GET /api/v1/twofaccounts?withOtp=1 (500)']);
      // Beyond the floor: Twofold's own work (decrypting, codes, JSON, its extra statements).
      record({ measure: 'CPU of the list of 500 beyond the floor', twofold: `${(list - floorMs).toFixed(2)} ms`, floor: `${floorMs.toFixed(2)} ms`, ratio: list / floorMs, target: '≤ 3 ms', met: list - floorMs <= 3 });
    } finally {
      await floor.stop();
    }

    // Scheduled backups: USERS users of ACCOUNTS_PER_USER accounts each, due at once.
    const people = [];
    for (let i = 0; i < USERS; i += 1) {
      const p = new Client(server.base);
      await p.register(`Backup ${i}`, uniqueEmail(`cpu-backup-${i}`));
      await seed(p, ACCOUNTS_PER_USER, `B${i}-`);
      people.push(p);
    }
    const idle = await idleRate(pgid);
    const setups = [];
    for (const p of people) {
      setups.push(await cpuOf(pgid, idle, async () => {
        const res = await p.request('PUT', '/api/v1/backup', { json: { enabled: true, schedule: 'daily', retention: 3, destination: 'r2', password: 'correct horse battery' } });
        if (res.status !== 200) throw new Error(`backup setup: ${res.status} ${res.text}`);
      }));
    }
    const trigger = async () => {
      const res = await fetch(`${server.base}/__scheduled?cron=47+*+*+*+*`);
      if (res.status !== 200) throw new Error(`scheduled run: ${res.status}`);
      await res.arrayBuffer();
    };
    let runsMade = 0;
    const busy = await cpuOf(pgid, idle, async () => {
      for (; runsMade < 10; runsMade += 1) {
        await trigger();
        const outcomes = await Promise.all(people.map(async (p) => (await p.get('/api/v1/backup')).body.last_outcome));
        if (outcomes.every((o) => o === 'success')) { runsMade += 1; break; }
      }
    });
    const outcomes = await Promise.all(people.map(async (p) => (await p.get('/api/v1/backup')).body.last_outcome));
    if (!outcomes.every((o) => o === 'success')) throw new Error(`backups not all made: ${outcomes}`);
    // The same runs and reads with nobody due: what is not the backups' own work.
    const empty = await cpuOf(pgid, idle, async () => {
      for (let i = 0; i < runsMade; i += 1) {
        await trigger();
        await Promise.all(people.map((p) => p.get('/api/v1/backup')));
      }
    });
    console.log(`\nscheduled backups to the local R2, ${USERS} users × ${ACCOUNTS_PER_USER} accounts, ${runsMade} runs of the cron`);
    console.log(`  one user's backup: ${((busy - empty) / USERS).toFixed(2)} ms CPU (the runs: ${busy.toFixed(0)} ms; the same runs with nobody due: ${empty.toFixed(0)} ms)`);
    console.log(`  one setup (the password's key derived once, scrypt N=32768): ${median(setups).toFixed(1)} ms CPU (median of ${USERS})`);
  } finally {
    await server.stop();
  }
}

await main();
