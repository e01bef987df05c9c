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

/** The SQLite file of the local D1 database under `state`. */
function d1File(state) {
  const found = files(join(state, 'v3', 'd1'))
    .filter((f) => f.endsWith('.sqlite') && !f.endsWith('metadata.sqlite'));
  if (found.length !== 1) throw new Error(`expected one D1 SQLite file under ${state}, found ${found.length}`);
  return found[0];
}

// Python's own sqlite3 module (python3 is already a tool of the project): the write lock is held
// for milliseconds. `wrangler d1 execute` holds it for a second or more, and a request of a
// parallel suite meeting it saw its connection closed.
const RUN_SQL = `import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
db.row_factory = sqlite3.Row
rows = [dict(row) for row in db.execute(sys.argv[2]).fetchall()]
db.commit()
print(json.dumps(rows))`;

/** Runs one SQL statement straight on the local D1 file under `state` (the server may be
 *  running), as someone with write access to the database but no Worker secret would: the rows
 *  it returns, as objects. */
export function d1Sql(state, sql) {
  return JSON.parse(execFileSync('python3', ['-c', RUN_SQL, d1File(state), sql], { encoding: 'utf8' }));
}

/** An object of the local R2 bucket `bucket` under `state`, read from wrangler's files (the
 *  object index is SQLite, the bytes a blob file), or null. `wrangler r2 object get` would do, but
 *  it makes a running `wrangler dev` on the same folder restart. */
export function r2Object(state, bucket, key) {
  const index = files(join(state, 'v3', 'r2', 'miniflare-R2BucketObject'))
    .filter((f) => f.endsWith('.sqlite') && !f.endsWith('metadata.sqlite'));
  for (const file of index) {
    const sql = `SELECT blob_id FROM _mf_objects WHERE key = '${key.replace(/'/g, "''")}'`;
    const [row] = JSON.parse(execFileSync('python3', ['-c', RUN_SQL, file, sql], { encoding: 'utf8' }));
    if (row?.blob_id) return readFileSync(join(state, 'v3', 'r2', bucket, 'blobs', row.blob_id));
  }
  return null;
}
