// Issue 15's targets, gathered from the benches that measure them: each bench records its
// figures here as it ends, and `make bench` closes with one table (bench/table.mjs) of measure,
// Twofold, floor, ratio, target and whether it is met. A bench run alone records too; the table
// shows what the last runs recorded, each row with its time.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../target/bench/verdicts.jsonl', import.meta.url));

/**
 * Records one measure: `twofold` and `floor` as printed (strings with units), `ratio` a number or
 * null, `target` as worded, `met` a boolean. A later record of the same measure replaces it.
 */
export function record({ measure, twofold, floor = '', ratio = null, target, met }) {
  mkdirSync(dirname(FILE), { recursive: true });
  appendFileSync(FILE, `${JSON.stringify({ measure, twofold, floor, ratio, target, met, at: new Date().toISOString() })}\n`);
}

/** The latest record of each measure, in the order they were first recorded. */
export function latest() {
  let text = '';
  try {
    text = readFileSync(FILE, 'utf8');
  } catch {
    return [];
  }
  const rows = new Map();
  for (const line of text.split('\n').filter(Boolean)) {
    const row = JSON.parse(line);
    rows.set(row.measure, row);
  }
  return [...rows.values()];
}

/** Forgets every record (`make bench` starts with this). */
export function clear() {
  rmSync(FILE, { force: true });
}
