// The raw bytes of a local D1 (wrangler's --persist-to folder), for scans of what is stored.
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
