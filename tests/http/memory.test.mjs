// Memory stays flat under load: after a warm-up, thousands of API requests (a mix of
// GET /api/v1/user with a personal access token and lists of 300 accounts with their codes) must
// not grow the memory of the workerd process that runs the worker by more than BOUND_MB.
//
// Why these numbers (measured on a loaded 2-core machine, wrangler dev 4.86, 2026-11-30):
// - The platform is not flat by itself: wrangler dev's workerd grows its RSS while V8 and the
//   allocator size their heaps, ≈ 20–35 KB per request over the first thousands of requests even for
//   a static file or a plain JavaScript worker with D1, decreasing later. After this warm-up the
//   current worker grew by 45–55 MB over the measured window (≈ 22–27 KB per request).
// - The worker's own memory does not grow per request: wasm linear memory stayed at 2.3 MB and
//   wasm-bindgen's externref table at 1284 slots over 6 000 requests, and the isolate's JS heap
//   (inspector's Runtime.getHeapUsage) fell back to ≈ 3.5 MB after each collection.
// - A leak of the size once suspected here (≈ 40 KB per request plus the body of each answer, kept
//   from the worker's JavaScript side) made the same window grow by 142 MB.
// BOUND_MB sits between the two: it catches a leak of tens of KB per request, not the platform's
// warm-up. A production isolate has 128 MB, so a smaller leak would still matter there: this test is
// a coarse guard, not a proof of flatness.
//
// It starts its own server: the shared one's RSS carries the other suites' load, and their requests
// would run during the measurement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const ACCOUNTS = 300;
const WARM_UP = { users: 1000, lists: 40 };
const MEASURED = { users: 2000, lists: 120 };
const BOUND_MB = 100;
const CONCURRENCY = 4;

let server; let token; let runtimePid;

/** The workerd process that runs the worker: in wrangler's process group, the one that does not
 *  own the public port (that one is wrangler's own proxy). */
function findRuntime(pgid, port) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'workerd') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(`entry=127.0.0.1:${port}`)) found.push(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  assert.equal(found.length, 1, `one workerd runs the worker in group ${pgid}, found ${found}`);
  return found[0];
}

const rssMb = () => Number(readFileSync(`/proc/${runtimePid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

/** Sends `users` GET /api/v1/user and `lists` list requests, interleaved, CONCURRENCY at a time. */
async function load({ users, lists }) {
  const paths = Array.from({ length: users + lists }, (_, i) =>
    (i % Math.ceil((users + lists) / lists) === 0 ? '/api/v1/twofaccounts?withOtp=1' : '/api/v1/user'));
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const res = await fetch(server.base + path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
      const body = await res.json();
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(body)}`);
      if (path.includes('twofaccounts')) assert.equal(body.length, ACCOUNTS);
    }
  }));
}

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  runtimePid = findRuntime(server.pid, new URL(server.base).port);
  const c = new Client(server.base);
  await c.register('Memory', uniqueEmail('memory'));
  const api = await c.tokenClient('memory');
  token = api.token;
  for (let i = 0; i < ACCOUNTS; i += 10) {
    await Promise.all(Array.from({ length: 10 }, async (_, j) => {
      const n = i + j;
      const res = await fetch(`${server.base}/api/v1/twofaccounts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ uri: `otpauth://totp/Service${n}:user${n}@example.com?secret=A4GRFHVVRBGY7UIW&issuer=Service${n}` }),
      });
      assert.equal(res.status, 201, await res.text());
    }));
  }
});
after(() => server?.stop());

test(`workerd's memory grows by less than ${BOUND_MB} MB over ${MEASURED.users} token requests and ${MEASURED.lists} lists of ${ACCOUNTS} accounts, after a warm-up`, async () => {
  await load(WARM_UP);
  const start = rssMb();
  await load(MEASURED);
  const end = rssMb();
  const growth = end - start;
  const perRequest = (growth * 1024) / (MEASURED.users + MEASURED.lists);
  console.log(`# workerd RSS ${start.toFixed(1)} → ${end.toFixed(1)} MB (+${growth.toFixed(1)} MB, ${perRequest.toFixed(1)} KB per request)`);
  assert.ok(growth < BOUND_MB, `workerd grew by ${growth.toFixed(1)} MB (${perRequest.toFixed(1)} KB per request)`);
});
