// Security (2FAuth encrypts secrets at rest with APP_KEY; Twofold goes further): encryption at rest binds each value to its place: someone who can write D1 but has no
// APP_KEY moves ciphertexts between cells — another user's row, another row, another column,
// another table, or the row itself to another owner — and reads them back through the API. Every
// moved value must read as 2FAuth's `*indecipherable*` (never someone else's secret, never a 500).
// An account's service, account and secret are one sealed value, its card (`card`): moved, truncated
// or altered, all three read so; a row of the older form (one value per column, `card` NULL) binds
// each value to its column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useServer } from '../support/server.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { pngOf } from '../support/png.mjs';

const UNREADABLE = '*indecipherable*';
let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

const SECRET_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SECRET_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

async function userWithAccount(name, secret, label) {
  const c = new Client(server.base);
  // Names are unique on the shared server.
  const me = await c.register(`${name} ${randomUUID().slice(0, 8)}`, uniqueEmail(name.toLowerCase()));
  const api = await c.tokenClient();
  const created = await api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/${label}:${label}@example.com?secret=${secret}&issuer=${label}` });
  assert.equal(created.status, 201);
  return { api, id: created.body.id, userId: me.id };
}

const read = async (who, id) => {
  const res = await who.api.get(`/api/v1/twofaccounts/${id}?withSecret=1`);
  assert.equal(res.status, 200, `a moved value reads, it does not fail the request: ${res.text}`);
  return res.body;
};
/** Copies a cell of account `from` into column `column` of account `to`, in D1 directly. */
const copyCell = (from, to, column, fromColumn = column) => d1Sql(server.state,
  `UPDATE twofaccounts SET ${column} = (SELECT ${fromColumn} FROM twofaccounts WHERE id = ${Number(from)}) WHERE id = ${Number(to)}`);

/** The service, account and secret of an answered account all read as undecipherable. */
const allUnreadable = (body) => assert.deepEqual([body.service, body.account, body.secret], [UNREADABLE, UNREADABLE, UNREADABLE]);

test('cards swapped between two users read as undecipherable for both', async () => {
  const a = await userWithAccount('Alice', SECRET_A, 'AliceBank');
  const b = await userWithAccount('Bob', SECRET_B, 'BobBank');
  assert.equal((await read(a, a.id)).secret, SECRET_A);
  const sealed = Object.fromEntries(d1Sql(server.state, `SELECT id, card FROM twofaccounts WHERE id IN (${a.id}, ${b.id})`)
    .map((row) => [row.id, row.card]));
  assert.match(sealed[a.id], /^v3:/, 'the account is stored as a card');
  d1Sql(server.state, `UPDATE twofaccounts SET card = '${sealed[b.id]}' WHERE id = ${a.id}`);
  d1Sql(server.state, `UPDATE twofaccounts SET card = '${sealed[a.id]}' WHERE id = ${b.id}`);
  const [ra, rb] = [await read(a, a.id), await read(b, b.id)];
  allUnreadable(ra);
  allUnreadable(rb);
  for (const body of [JSON.stringify(ra), JSON.stringify(rb)]) {
    assert.ok(!body.includes(SECRET_A) && !body.includes(SECRET_B), 'no secret shows anywhere');
  }
  // 2FAuth's answer for a code from an undecipherable secret, not a 500 and not a code.
  const otp = await b.api.get(`/api/v1/twofaccounts/${b.id}/otp`);
  assert.equal(otp.status, 400);
  assert.ok(!JSON.stringify(await b.api.get('/api/v1/twofaccounts?withSecret=1')).includes(SECRET_A));
});

test('one user\'s card copied into another user\'s row reads as undecipherable there', async () => {
  const a = await userWithAccount('Carol', SECRET_A, 'CarolBank');
  const b = await userWithAccount('Dave', SECRET_B, 'DaveBank');
  copyCell(a.id, b.id, 'card');
  allUnreadable(await read(b, b.id));
  const exported = await b.api.get(`/api/v1/twofaccounts/export?ids=${b.id}`);
  assert.equal(exported.status, 200);
  assert.ok(!exported.text.includes(SECRET_A), 'nor through the export');
  assert.equal((await read(a, a.id)).secret, SECRET_A, 'the original is untouched');
});

test('a value moved to another row of the same user, or to another column, does not read', async () => {
  const a = await userWithAccount('Erin', SECRET_A, 'ErinBank');
  const second = await a.api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/ErinShop:erin@example.com?secret=${SECRET_B}&issuer=ErinShop` });
  assert.equal(second.status, 201);
  copyCell(a.id, second.body.id, 'card');
  allUnreadable(await read(a, second.body.id));
  // The sealed original URI (which holds the secret) put in the place of the card.
  copyCell(a.id, a.id, 'card', 'legacy_uri');
  const moved = await read(a, a.id);
  allUnreadable(moved);
  assert.ok(!JSON.stringify(moved).includes(SECRET_A));
  // Or, the card taken away, in the secret's column of the older form.
  d1Sql(server.state, `UPDATE twofaccounts SET card = NULL, account = 'x', secret = legacy_uri WHERE id = ${Number(a.id)}`);
  const older = await read(a, a.id);
  assert.equal(older.secret, UNREADABLE);
  assert.equal(older.account, UNREADABLE);
  assert.ok(!JSON.stringify(older).includes(SECRET_A));
});

test('a truncated or altered card reads as undecipherable, never a 500', async () => {
  const a = await userWithAccount('Ivan', SECRET_A, 'IvanBank');
  const [{ card }] = d1Sql(server.state, `SELECT card FROM twofaccounts WHERE id = ${Number(a.id)}`);
  const flip = (c) => (c === 'A' ? 'B' : 'A');
  const body = card.lastIndexOf(':') + 1;
  for (const broken of [card.slice(0, -8), card.slice(0, body + 10), card.slice(0, body),
    `${card.slice(0, body + 5)}${flip(card[body + 5])}${card.slice(body + 6)}`, `${card}AAAA`, 'v3:00000000:AAAA', 'not a card']) {
    d1Sql(server.state, `UPDATE twofaccounts SET card = '${broken}' WHERE id = ${Number(a.id)}`);
    allUnreadable(await read(a, a.id));
    const list = await a.api.get('/api/v1/twofaccounts?withSecret=1&withOtp=1');
    assert.equal(list.status, 200);
    allUnreadable(list.body.find((x) => x.id === a.id));
    assert.equal((await a.api.get(`/api/v1/twofaccounts/${a.id}/otp`)).status, 400);
  }
});

test('a whole row given to another user in D1 reads as undecipherable for him', async () => {
  const a = await userWithAccount('Frank', SECRET_A, 'FrankBank');
  const b = await userWithAccount('Grace', SECRET_B, 'GraceBank');
  d1Sql(server.state, `UPDATE twofaccounts SET user_id = ${Number(b.userId)} WHERE id = ${Number(a.id)}`);
  const stolen = await read(b, a.id);
  allUnreadable(stolen);
});

test('an icon\'s data copied under another icon\'s name is not served', async () => {
  const { api } = await userWithAccount('Heidi', SECRET_A, 'HeidiBank');
  const upload = async (bytes) => {
    const form = new FormData();
    form.append('icon', new Blob([bytes], { type: 'image/png' }), 'icon');
    const res = await api.request('POST', '/api/v1/icons', { body: form });
    assert.equal(res.status, 201);
    return res.body.filename;
  };
  const [one, two] = [await upload(pngOf([[0, 255], [255, 0]])), await upload(pngOf([[9, 9], [9, 9]]))];
  d1Sql(server.state, `UPDATE icons SET data = (SELECT data FROM icons WHERE filename = '${one}') WHERE filename = '${two}'`);
  assert.equal((await fetch(`${server.base}/storage/icons/${two}`)).status, 404);
  assert.equal((await fetch(`${server.base}/storage/icons/${one}`)).status, 200);
});
