// Accounts for the benchmarks, made through the API as a user would (the same TOTP secret, one
// service per account).

/** Creates `count` TOTP accounts named `${prefix}${i}` with `api` (a token client); answers the
 *  first one's id. */
export async function seed(api, count, prefix) {
  let first;
  for (let i = 0; i < count; i += 1) {
    const res = await api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/${prefix}${i}:user${i}@example.com?secret=A4GRFHVVRBGY7UIW&issuer=${prefix}${i}` });
    if (res.status !== 201) throw new Error(`seeding: ${res.status} ${res.text}`);
    first ??= res.body.id;
  }
  return first;
}
