// Starts `wrangler dev` on a free port with a fresh local D1 (migrations applied) and stops it by
// PID. The test runner (tests/run.mjs) starts one for the whole run and passes its URL in
// TWOFOLD_URL / TWOFOLD_STATE; a test file run on its own starts its own.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

export function toolEnv(extra = {}) {
  const bin = join(ROOT, 'node_modules', '.bin');
  const cargoBin = join(process.env.CARGO_HOME ?? join(process.env.HOME, '.cargo'), 'bin');
  return {
    ...process.env,
    PATH: `${bin}:${cargoBin}:${process.env.PATH}`,
    WRANGLER_SEND_METRICS: 'false',
    ...extra,
  };
}

/** A free loopback port kept listening until `release()`: for a server that must be told its
 *  port before another process starts (wrangler dev, which takes ports of its own at start, once
 *  took the one `freePort` had answered before the test listened on it). */
export async function reservePort() {
  const srv = createServer();
  srv.unref();
  await new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  return { port: srv.address().port, release: () => new Promise((resolve) => srv.close(resolve)) };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A local D1 with every migration applied and nothing else, made once per run: `wrangler d1
 *  migrations apply` takes seconds (a wrangler process each time), copying its folder a few
 *  milliseconds. tests/run.mjs makes it for the whole run and passes it to the suites in
 *  TWOFOLD_D1_TEMPLATE; a process without one makes its own, removed when it exits. */
let ownTemplate;
export function migratedTemplate() {
  if (process.env.TWOFOLD_D1_TEMPLATE) return process.env.TWOFOLD_D1_TEMPLATE;
  if (!ownTemplate) {
    ownTemplate = mkdtempSync(join(tmpdir(), 'twofold-d1-template-'));
    process.on('exit', () => rmSync(ownTemplate, { recursive: true, force: true }));
    execFileSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', ownTemplate],
      { cwd: ROOT, env: toolEnv(), stdio: 'ignore' });
  }
  return ownTemplate;
}

/** Starts a server; `vars` become `--var NAME:VALUE` (2FAuth's settings). A fresh local D1 unless
 *  `state` names one to reuse; `keepState` leaves it in place on stop (then call `remove()`).
 *  `https` serves over TLS with wrangler's self-signed certificate (the caller must accept it).
 *  `inspectorPort` puts wrangler's DevTools endpoint for the worker's isolate on that port
 *  (tests/http/memory.test.mjs reads the isolate's heap there); left unset, a free one.
 *  `config` starts another worker (its wrangler.toml) on an existing `state`, ready when `ready`
 *  answers 200. */
export async function startServer(options = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      // wrangler dev's restart (its watcher fires as it starts) sometimes binds before the
      // process it replaces has let go of the port: "Address already in use", and it exits.
      if (attempt === 3 || !/Address already in use/.test(error.message)) throw error;
      console.log('[server] wrangler dev exited on "Address already in use": started again on other ports');
    }
  }
}

async function startOnce({ vars = {}, timeoutMs = 180_000, state: reuse, keepState = false, https = false, inspectorPort, config, ready = '/api/v1/user/name' } = {}) {
  const port = await freePort();
  const state = reuse ?? mkdtempSync(join(tmpdir(), 'twofold-d1-'));
  const env = toolEnv();
  // A reused state was migrated by the server that made it; another worker's config (the
  // benchmark's floor) reads the D1 Twofold's migrations made.
  if (!reuse && !config) cpSync(migratedTemplate(), state, { recursive: true });
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state,
    '--show-interactive-dev-session=false', '--test-scheduled'];
  if (config) args.push('--config', config);
  if (https) args.push('--local-protocol', 'https');
  // A port of its own even when nobody reads it: wrangler's default one is taken by the first
  // server, and a suite's own server runs beside the shared one (tests/run.mjs).
  args.push('--inspector-port', String(inspectorPort ?? await freePort()));
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child = spawn(WRANGLER, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const base = `${https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  /** Gives up on this server: its processes stopped, a D1 made for it removed. */
  const fail = (why) => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (!reuse) rmSync(state, { recursive: true, force: true });
    throw new Error(`wrangler dev ${why}:\n${log}`);
  };
  for (;;) {
    if (child.exitCode !== null) fail('exited early');
    try {
      const res = await fetch(`${base}${ready}`);
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) fail(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // wrangler's watcher (Twofold's wrangler.toml watches the worker's sources; another config may
  // watch nothing) fires once as the server becomes ready and restarts the worker ("The file …
  // changed, restarting build"): a request caught by that restart is answered 503 or never. The
  // server is handed over once the restarted worker is ready.
  const settle = config ? 0 : Date.now() + 5_000;
  while (Date.now() < settle && !log.includes('restarting build')) await new Promise((r) => setTimeout(r, 50));
  if (log.includes('restarting build')) {
    while (!log.split('restarting build').at(-1).includes('Ready on')) {
      if (Date.now() > deadline || child.exitCode !== null) fail('did not come back');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    state,
    /** wrangler's PID, the leader of the process group its workerd runs in (bench/cpu.mjs). */
    pid: child.pid,
    log: () => log,
    async stop() {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 300));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      if (!keepState) rmSync(state, { recursive: true, force: true });
    },
    remove() {
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** The shared server of this run (tests/run.mjs), or else a server of this file's own. */
/** The shared server's settings: the suites send hundreds of requests a minute from one address,
 *  so THROTTLE_API and THROTTLE_AUTH are off there; tests/http/throttle.test.mjs and
 *  tests/http/login-guard.test.mjs start their own limited servers. */
// Hermetic: the official logo libraries point to a closed local port (icons.test.mjs serves its own).
const NO_LOGOS = 'http://127.0.0.1:9/';
export const SUITE_VARS = {
  THROTTLE_API: '0',
  THROTTLE_AUTH: '0',
  LOGOLIB_SELFH_URL: NO_LOGOS,
  LOGOLIB_DASHBOARDICONS_URL: NO_LOGOS,
  LOGOLIB_TFA_URL: NO_LOGOS,
  LOGOLIB_TFA_IMG_URL: NO_LOGOS,
};

export async function useServer() {
  if (process.env.TWOFOLD_URL) {
    return { base: process.env.TWOFOLD_URL, state: process.env.TWOFOLD_STATE, stop: async () => {} };
  }
  return startServer({ vars: SUITE_VARS });
}
