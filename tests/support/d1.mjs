// The local D1 (wrangler's --persist-to folder) as an attacker with the database but no Worker secret
// sees it: its raw bytes, for scans of what is stored, and SQL on it through wrangler.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, toolEnv } from './server.mjs';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Every file of the D1 databases under `state` (SQLite main file, -wal and -shm) as latin1 text. */
export function d1Blobs(state) {
  return files(join(state, 'v3', 'd1')).map((f) => readFileSync(f).toString('latin1'));
}

/** Runs SQL on the local D1 under `state` through wrangler, as someone with write access to the
 *  database but no Worker secret would (the server may be running): the rows of the last
 *  statement, as objects. */
export function d1Sql(state, sql) {
  const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--json', '--command', sql],
    { cwd: ROOT, env: toolEnv(), encoding: 'utf8' });
  return JSON.parse(out).at(-1).results;
}
