// 2FAuth's sharing and ownership transfer: shares with users and with all users (behind the
// enableSharing / enableAllUsersSharingScope settings), recipients, what borrowers may and may not
// do, the count, and transfers with password confirmation. Own server: the first user is admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let server; let admin; const people = {}; let acc; let hotp; let bobGroup;

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  const a = new Client(server.base);
  await a.register('Admin', uniqueEmail('admin'));
  admin = await a.tokenClient();
  for (const name of ['Alice', 'Bob', 'Carol']) {
    const c = new Client(server.base);
    const email = uniqueEmail(name.toLowerCase());
    const user = await c.register(name, email);
    people[name] = { api: await c.tokenClient(), id: user.id, email };
  }
  acc = (await people.Alice.api.post('/api/v1/twofaccounts', { uri: `otpauth://totp/Shared:alice?secret=${SECRET}&issuer=Shared` })).body;
  hotp = (await people.Alice.api.post('/api/v1/twofaccounts', { uri: `otpauth://hotp/SharedH:alice?secret=${SECRET}&counter=3` })).body;
  bobGroup = (await people.Bob.api.post('/api/v1/groups', { name: 'Borrowed' })).body;
});
after(() => server?.stop());

const setting = (key, value) => admin.request('PUT', `/api/v1/settings/${key}`, { json: { value } });
const alice = () => people.Alice.api;
const bob = () => people.Bob.api;
const carol = () => people.Carol.api;

test('with sharing disabled, every share route is 403 and nothing is borrowed', async () => {
  const res = await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Bob.id] });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, { message: 'Sharing feature is disabled' });
  for (const [m, p] of [['GET', 'recipients'], ['GET', 'shares'], ['DELETE', 'shares'], ['POST', 'shares/all'], ['DELETE', `shares/${people.Bob.id}`]]) {
    assert.equal((await alice().request(m, `/api/v1/twofaccounts/${acc.id}/${p}`)).status, 403, `${m} ${p}`);
  }
  assert.equal((await alice().request('PATCH', `/api/v1/twofaccounts/${acc.id}/owner`, { json: { new_owner_id: people.Bob.id, confirm_password: 'password123' } })).status, 403);
  await setting('enableSharing', true);
});

test('recipients: every other user, without e-mails; filters by partial name or exact e-mail', async () => {
  const all = await alice().get(`/api/v1/twofaccounts/${acc.id}/recipients`);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.map((r) => r.name).sort(), ['Admin', 'Bob', 'Carol']);
  assert.ok(all.body.every((r) => r.is_shared_with === false && !('email' in r)));
  const q = (f) => alice().get(`/api/v1/twofaccounts/${acc.id}/recipients?filter%5BnameOrEmail%5D=${encodeURIComponent(f)}`);
  assert.deepEqual((await q('ar')).body.map((r) => r.name), ['Carol']);
  assert.deepEqual((await q(people.Bob.email)).body.map((r) => r.name), ['Bob']);
  assert.deepEqual((await q(people.Bob.email.slice(0, 8))).body, [], 'partial e-mails never match');
  assert.deepEqual((await alice().get(`/api/v1/twofaccounts/${acc.id}/recipients?filter%5BnameOrEmail%5D=`)).body, []);
  assert.equal((await bob().get(`/api/v1/twofaccounts/${acc.id}/recipients`)).status, 403, 'only the owner');
});

test('sharing with users: 201 then 200, validation, and the owner is refused', async () => {
  const shared = await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Bob.id] });
  assert.equal(shared.status, 201);
  assert.equal(shared.body.twofaccount_id, acc.id);
  assert.equal(shared.body.is_shared_with_all, false);
  assert.deepEqual(shared.body.specific_users.map((u) => [u.id, u.name, u.is_shared_with]), [[people.Bob.id, 'Bob', true]]);
  assert.match(shared.body.specific_users[0].is_shared_since, /^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M$/);
  assert.equal((await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Bob.id] })).status, 200, 'already shared');
  for (const body of [{}, { user_ids: [] }, { user_ids: [people.Bob.id, people.Bob.id] }, { user_ids: [999999] }, { user_ids: ['x'] }]) {
    assert.equal((await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, body)).status, 422, JSON.stringify(body));
  }
  const owner = await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Carol.id, people.Alice.id] });
  assert.equal(owner.status, 422);
  assert.equal(owner.body.message, 'bad request');
  assert.ok(owner.body.reason.user_ids);
  const shares = await alice().get(`/api/v1/twofaccounts/${acc.id}/shares`);
  assert.deepEqual(shares.body.specific_users.map((u) => u.id), [people.Bob.id], 'nothing created for Carol');
  assert.equal((await alice().get('/api/v1/twofaccounts')).body.find((a) => a.id === acc.id).is_shared, true);
});

test('a borrower sees the account and its codes, never its secret, and files it in his own groups', async () => {
  const list = await bob().get('/api/v1/twofaccounts?withSecret=1&withOtp=1');
  const borrowed = list.body.find((a) => a.id === acc.id);
  assert.ok(borrowed, 'listed for the borrower');
  assert.equal(borrowed.is_borrowed, true);
  assert.equal(borrowed.borrowed_by, 'Alice');
  assert.ok(!('secret' in borrowed), 'never the secret');
  assert.ok(borrowed.otp.password);
  const keys = Object.keys(borrowed);
  assert.deepEqual(keys.slice(0, 5), ['id', 'group_id', 'is_borrowed', 'borrowed_by', 'otp_type']);
  const shown = await bob().get(`/api/v1/twofaccounts/${acc.id}?withSecret=1`);
  assert.equal(shown.status, 200);
  assert.ok(!('secret' in shown.body));
  const code = await bob().get(`/api/v1/twofaccounts/${acc.id}/otp`);
  const own = await alice().get(`/api/v1/twofaccounts/${acc.id}/otp`);
  assert.equal(code.body.password, own.body.password);
  for (const [m, p, json] of [['PUT', '', { service: 'x', account: 'y', otp_type: 'totp', secret: SECRET }], ['DELETE', ''], ['GET', '/qrcode'], ['GET', '/otp-logs'], ['GET', '/shares']]) {
    assert.equal((await bob().request(m, `/api/v1/twofaccounts/${acc.id}${p}`, { json })).status, 403, `${m} ${p}`);
  }
  assert.equal((await bob().get(`/api/v1/twofaccounts/export?ids=${acc.id}`)).status, 403);
  assert.equal((await bob().delete(`/api/v1/twofaccounts?ids=${acc.id}`)).status, 403);
  assert.equal((await bob().post(`/api/v1/groups/${bobGroup.id}/assign`, { ids: [acc.id] })).status, 200);
  assert.deepEqual((await bob().get(`/api/v1/groups/${bobGroup.id}/twofaccounts`)).body.map((a) => a.id), [acc.id]);
  assert.equal((await alice().get(`/api/v1/twofaccounts/${acc.id}`)).body.group_id, null, "the owner's filing is his own");
  assert.deepEqual((await bob().get('/api/v1/twofaccounts/count')).body, { owned: 0, shared: 1, total: 1 });
  assert.equal((await carol().get(`/api/v1/twofaccounts/${acc.id}`)).status, 403, 'not shared with Carol');
  assert.equal((await bob().get(`/api/v1/twofaccounts/${hotp.id}/otp`)).status, 403, 'only what is shared');
});

test('sharing with all users needs its scope; it replaces the user shares; revoking ends every share', async () => {
  const off = await alice().post(`/api/v1/twofaccounts/${acc.id}/shares/all`);
  assert.equal(off.status, 403);
  assert.deepEqual(off.body, { message: 'All Users sharing scope is disabled' });
  await setting('enableAllUsersSharingScope', true);
  const all = await alice().post(`/api/v1/twofaccounts/${acc.id}/shares/all`);
  assert.equal(all.status, 201);
  assert.deepEqual(all.body, { twofaccount_id: acc.id, is_shared_with_all: true });
  assert.equal((await alice().post(`/api/v1/twofaccounts/${acc.id}/shares/all`)).status, 200);
  assert.equal((await carol().get(`/api/v1/twofaccounts/${acc.id}/otp`)).status, 200, 'everyone may read it now');
  assert.equal((await alice().get('/api/v1/twofaccounts')).body.find((a) => a.id === acc.id).is_shared_with_all, true);
  const shares = await alice().get(`/api/v1/twofaccounts/${acc.id}/shares`);
  assert.equal(shares.body.is_shared_with_all, true);
  assert.ok(!('specific_users' in shares.body), 'the user shares went');
  const conflict = await alice().delete(`/api/v1/twofaccounts/${acc.id}/shares/${people.Bob.id}`);
  assert.equal(conflict.status, 409);
  assert.equal((await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Carol.id] })).status, 409);
  assert.equal((await alice().delete(`/api/v1/twofaccounts/${acc.id}/shares`)).status, 204);
  assert.equal((await carol().get(`/api/v1/twofaccounts/${acc.id}`)).status, 403);
  assert.equal((await bob().get(`/api/v1/twofaccounts/${acc.id}`)).status, 403);
  assert.equal((await bob().get('/api/v1/twofaccounts/count')).body.shared, 0);
});

test('revoking one user share: 204 even when there was none; 404 for an unknown user', async () => {
  await alice().post(`/api/v1/twofaccounts/${acc.id}/shares`, { user_ids: [people.Bob.id, people.Carol.id] });
  assert.equal((await alice().delete(`/api/v1/twofaccounts/${acc.id}/shares/${people.Bob.id}`)).status, 204);
  assert.equal((await bob().get(`/api/v1/twofaccounts/${acc.id}`)).status, 403);
  assert.equal((await carol().get(`/api/v1/twofaccounts/${acc.id}`)).status, 200);
  assert.equal((await alice().delete(`/api/v1/twofaccounts/${acc.id}/shares/${people.Bob.id}`)).status, 204);
  assert.equal((await alice().delete(`/api/v1/twofaccounts/${acc.id}/shares/999999`)).status, 404);
});

test('ownership transfer: password confirmed, the new owner gets every right, the old one none', async () => {
  const path = `/api/v1/twofaccounts/${acc.id}/owner`;
  const wrong = await alice().request('PATCH', path, { json: { new_owner_id: people.Carol.id, confirm_password: 'nope' } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, { message: 'unauthorized' });
  const self = await alice().request('PATCH', path, { json: { new_owner_id: people.Alice.id, confirm_password: 'password123' } });
  assert.equal(self.status, 422);
  assert.deepEqual(self.body.errors, { new_owner_id: ['The new owner must not be the current owner.'] });
  assert.equal((await alice().request('PATCH', path, { json: { confirm_password: 'password123' } })).status, 422);
  assert.equal((await carol().request('PATCH', path, { json: { new_owner_id: people.Carol.id, confirm_password: 'password123' } })).status, 403, 'a borrower cannot take it');
  const moved = await alice().request('PATCH', path, { json: { new_owner_id: people.Carol.id, confirm_password: 'password123' } });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.body, { twofaccount_id: acc.id, owner_id: people.Carol.id });
  const mine = await carol().get(`/api/v1/twofaccounts/${acc.id}?withSecret=1`);
  assert.equal(mine.body.secret, SECRET, 'the new owner sees the secret');
  assert.ok(!('is_borrowed' in mine.body));
  assert.equal((await alice().get(`/api/v1/twofaccounts/${acc.id}`)).status, 403, 'the old owner has no right left');
  assert.deepEqual((await carol().get(`/api/v1/twofaccounts/${acc.id}/shares`)).body.specific_users, [], 'the share to the new owner is gone');
});

test('a share request names at most 99 users: 100 is a 422 in 2FAuth shape, and no share is made', async () => {
  await setting('enableSharing', true);
  const mine = (await alice().post('/api/v1/twofaccounts', { uri: `otpauth://totp/Capped:alice?secret=${SECRET}` })).body;
  const ids = [people.Bob.id, ...Array.from({ length: 99 }, (_, i) => 1_000_000 + i)];
  const res = await alice().post(`/api/v1/twofaccounts/${mine.id}/shares`, { user_ids: ids });
  assert.equal(res.status, 422);
  assert.deepEqual(res.body.errors, { user_ids: ['The user ids field must not have more than 99 items.'] });
  assert.equal(typeof res.body.message, 'string');
  assert.deepEqual((await alice().get(`/api/v1/twofaccounts/${mine.id}/shares`)).body.specific_users, []);
  const under = await alice().post(`/api/v1/twofaccounts/${mine.id}/shares`, { user_ids: ids.slice(0, 99) });
  assert.equal(under.status, 422, '99 ids are read, the unknown ones refused one by one');
  assert.ok('user_ids.1' in under.body.errors && !('user_ids' in under.body.errors));
});

// The list and a code read their rows before the caller's settings are known (beside his
// lookup): what the admin turned off must still hide what was shared, whatever form the stored
// switch has ("off" is not one the statement itself can read as off).
test('switching sharing or its all-users scope off hides what stays shared, from the list and the codes', async () => {
  await setting('enableSharing', true);
  await setting('enableAllUsersSharingScope', true);
  const withAll = (await alice().post('/api/v1/twofaccounts', { uri: `otpauth://totp/ForAll:alice?secret=${SECRET}` })).body;
  const withBob = (await alice().post('/api/v1/twofaccounts', { uri: `otpauth://totp/ForBob:alice?secret=${SECRET}` })).body;
  assert.ok([200, 201].includes((await alice().post(`/api/v1/twofaccounts/${withAll.id}/shares/all`)).status));
  assert.ok([200, 201].includes((await alice().post(`/api/v1/twofaccounts/${withBob.id}/shares`, { user_ids: [people.Bob.id] })).status));
  const listed = async () => (await bob().get('/api/v1/twofaccounts?withOtp=1')).body.map((a) => a.id);
  const code = async (id) => (await bob().get(`/api/v1/twofaccounts/${id}/otp`)).status;
  assert.ok((await listed()).includes(withAll.id) && (await listed()).includes(withBob.id));
  assert.equal(await code(withAll.id), 200);

  for (const off of ['off', false]) {
    assert.equal((await setting('enableAllUsersSharingScope', off)).status, 200);
    const seen = await listed();
    assert.ok(!seen.includes(withAll.id), `scope ${JSON.stringify(off)}: the share with all counts for nothing`);
    assert.ok(seen.includes(withBob.id), 'the share with Bob still counts');
    assert.equal(await code(withAll.id), 403);
    assert.equal(await code(withBob.id), 200);
    assert.equal((await setting('enableAllUsersSharingScope', true)).status, 200);

    assert.equal((await setting('enableSharing', off)).status, 200);
    const none = await listed();
    assert.ok(!none.includes(withAll.id) && !none.includes(withBob.id), `sharing ${JSON.stringify(off)}: nothing borrowed`);
    assert.equal(await code(withBob.id), 403);
    assert.ok((await alice().get('/api/v1/twofaccounts')).body.some((a) => a.id === withBob.id), 'the owner keeps his');
    assert.equal((await setting('enableSharing', true)).status, 200);
  }
  assert.ok((await listed()).includes(withAll.id), 'on again: shared again');
});
