// One D1 batch of authentication's lookup and a read of the caller's rows
// (worker/src/store/mod.rs, `lookup_and_read`), answered as one JSON text:
// `[the lookup's first row or null, [the read's rows, each an array of its values]]`.
// A batch has no raw mode: its rows come as objects, built column by column, so their values are
// in the statement's column order; read as arrays they spare the module half the text and a name
// to match per value, as every other list's rows (store::Rows::rows_in_order).
export async function lookupAndRead(db, lookup, read) {
  const [found, rows] = await db.batch([lookup, read]);
  return JSON.stringify([found.results[0] ?? null, rows.results.map((row) => Object.values(row))]);
}
