// The local D1 (wrangler's --persist-to folder) as an attacker with the database but no Worker secret
// sees it: its raw bytes, for scans of what is stored, and SQL straight on its file.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

/** The SQLite file of the local D1 database under `state` (wrangler's --persist-to folder). */
export function d1File(state) {
  const found = files(join(state, 'v3', 'd1')).filter((f) => f.endsWith('.sqlite') && !f.endsWith('metadata.sqlite'));
  if (found.length !== 1) throw new Error(`expected one D1 SQLite file under ${state}, found ${found.length}`);
  return found[0];
}

/** Runs SQL straight on the local D1 file, as someone with write access to the database but no
 *  Worker secret would: the rows of the last statement, as objects. Needs the sqlite3 CLI. */
export function d1Sql(state, sql) {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', d1File(state), sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}
