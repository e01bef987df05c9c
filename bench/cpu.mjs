// CPU per request (a command, not a test): the worker's own CPU time on the hot routes and for a
// backup, read from CPU profiles of its V8 isolate through the DevTools protocol that `wrangler
// dev` serves (every sample but the idle ones: JavaScript, the wasm, the engine's own work and
// garbage collection), against the free plan's 10 ms of CPU per invocation and issue 15's 3 ms for
// the list. Requests go one at a time, ROUNDS per route after a warm-up; the figure is the profile's
// busy time divided by ROUNDS. D1 and R2 run outside the isolate (workerd's own threads and
// SQLite), so they are not in it — as they are not in Cloudflare's CPU limit.
// Usage: node bench/cpu.mjs [rounds, default 20]
import { startServer, freePort } from '../tests/support/server.mjs';
import { Client, uniqueEmail } from '../tests/support/client.mjs';
import { Inspector } from '../tests/support/inspector.mjs';
import { d1Sql } from '../tests/support/d1.mjs';

const ROUNDS = Number(process.argv[2] ?? 20);
const ACCOUNTS = 500;
const FREE_PLAN_MS = 10;

/** The busy time of a CPU profile, in ms (samples outside the idle node). */
function busyMs(profile) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let busy = 0;
  profile.samples.forEach((node, i) => { if (!idle.has(node)) busy += profile.timeDeltas[i] ?? 0; });
  return busy / 1000;
}

const inspectorPort = await freePort();
const server = await startServer({ vars: { THROTTLE_API: '0' }, inspectorPort });
try {
  const c = new Client(server.base);
  await c.register('Bench', uniqueEmail('cpu'));
  const api = await c.tokenClient('bench');
  let firstId;
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const res = await api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/Service${i}:user${i}@example.com?secret=A4GRFHVVRBGY7UIW&issuer=Service${i}` });
    if (res.status !== 201) throw new Error(`seeding: ${res.status} ${res.text}`);
    firstId ??= res.body.id;
  }
  const me = (await api.get('/api/v1/user')).body;
  const setUp = await api.request('PUT', '/api/v1/backup', { json: { schedule: 'daily', retention: 2, destination: 'r2', password: 'correct horse battery', enabled: false } });
  if (setUp.status !== 200) throw new Error(`backup setup: ${setUp.status} ${setUp.text}`);

  const send = async (method, path) => {
    const res = await fetch(server.base + path, { method, headers: { Authorization: `Bearer ${api.token}`, Accept: 'application/json' } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${body}`);
  };
  const measures = [
    [`list of ${ACCOUNTS} with codes`, () => send('GET', '/api/v1/twofaccounts?withOtp=1')],
    ['one code (and its log row)', () => send('GET', `/api/v1/twofaccounts/${firstId}/otp`)],
    ['GET /api/v1/user', () => send('GET', '/api/v1/user')],
    // The cool-down of "back up now" is moved back before each, as the suites do.
    [`a backup of ${ACCOUNTS} accounts to R2`, () => {
      d1Sql(server.state, `UPDATE backups SET last_run_at = last_run_at - 60 WHERE user_id = ${Number(me.id)}`);
      return send('POST', '/api/v1/backup/run');
    }],
  ];

  const inspector = await Inspector.connect(inspectorPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 50 });
  console.log(`worker CPU per request on wrangler dev, ${ROUNDS} requests each, one at a time`);
  console.log('route                                  CPU ms   wall ms   free plan (10 ms)');
  for (const [label, run] of measures) {
    for (let i = 0; i < 3; i += 1) await run();
    await inspector.send('Profiler.start');
    const started = performance.now();
    for (let i = 0; i < ROUNDS; i += 1) await run();
    const wall = (performance.now() - started) / ROUNDS;
    const { profile } = await inspector.send('Profiler.stop');
    const cpu = busyMs(profile) / ROUNDS;
    console.log(`${label.padEnd(38)} ${cpu.toFixed(2).padStart(6)} ${wall.toFixed(1).padStart(9)}   ${cpu <= FREE_PLAN_MS ? 'within' : 'OVER'}`);
  }
} finally {
  await server.stop();
}
process.exit(0);
