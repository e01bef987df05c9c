// One D1 batch of authentication's lookup and a read of the caller's rows
// (worker/src/store/mod.rs, `lookup_and_read`), answered as two JSON texts: the lookup's first
// row or null, and the read's rows, each an array of its values. Two texts, so the module reads
// the rows only once the lookup's row has found the caller.
// A batch has no raw mode: its rows come as objects, built column by column, so their values are
// in the statement's column order; read as arrays they spare the module half the text and a name
// to match per value, as every other list's rows (store::Rows::rows_in_order).
export async function lookupAndRead(db, lookup, read) {
  const [found, rows] = await db.batch([lookup, read]);
  // D1 fails a whole batch today; a statement's own failure is refused all the same, never
  // read as "no such caller" or "no rows".
  for (const answer of [found, rows]) {
    if (!answer.success) throw new Error(`D1_ERROR: ${answer.error ?? 'a statement of the batch failed'}`);
  }
  return [JSON.stringify(found.results[0] ?? null), JSON.stringify(rows.results.map((row) => Object.values(row)))];
}
