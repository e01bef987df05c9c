// 2FAuth's groups API: the virtual All group, create/show/update/delete, names, assignment, order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { TOTP_SHORT_URI } from '../support/fixtures.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

async function user(name) {
  const c = new Client(server.base);
  await c.register(`${name} ${uniqueEmail()}`, uniqueEmail(name));
  const api = await c.tokenClient();
  api.session = c;
  return api;
}

test('list: All (id 0) first with the visible count, then groups in order', async () => {
  const me = await user('groups');
  assert.deepEqual((await me.get('/api/v1/groups')).body, [{ id: 0, name: 'All', show_in_chips: null, twofaccounts_count: 0 }]);
  const social = await me.post('/api/v1/groups', { name: 'Social' });
  assert.equal(social.status, 201);
  assert.deepEqual(social.body, { id: social.body.id, name: 'Social', show_in_chips: null, twofaccounts_count: 0 });
  const work = await me.post('/api/v1/groups', { name: 'Work', show_in_chips: true });
  assert.equal(work.body.show_in_chips, true);
  await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: social.body.id });
  await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI });
  const list = (await me.get('/api/v1/groups')).body;
  assert.deepEqual(list.map((g) => [g.name, g.twofaccounts_count]), [['All', 2], ['Social', 1], ['Work', 0]]);
  assert.equal(list[1].show_in_chips, false, 'stored default is false');
});

test('names: required, charset, 32 characters, All reserved, unique per user only', async () => {
  const me = await user('names'); const other = await user('names-other');
  const cases = [
    [{}, 'The name field is required.'],
    [{ name: 'a"b' }, 'Please only use letters, numbers, dashes, underscores, spaces or single quotation marks'],
    [{ name: 'x'.repeat(33) }, 'The name field must not be greater than 32 characters.'],
    [{ name: 'All' }, 'Reserved name, please choose something else'],
    [{ name: 'ok', show_in_chips: 'maybe' }, 'The show in chips field must be true or false.'],
  ];
  for (const [body, message] of cases) {
    const res = await me.post('/api/v1/groups', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.message, message);
  }
  assert.equal((await me.post('/api/v1/groups', { name: "Été d'or - 2024_x" })).status, 201);
  assert.equal((await me.post('/api/v1/groups', { name: 'Shared name' })).status, 201);
  const dup = await me.post('/api/v1/groups', { name: 'Shared name' });
  assert.deepEqual(dup.body.errors, { name: ['The name has already been taken.'] });
  assert.equal((await other.post('/api/v1/groups', { name: 'Shared name' })).status, 201, 'other users may reuse it');
});

test('show, update (itself excepted from uniqueness), delete; 403 for others, 404 missing', async () => {
  const me = await user('crud'); const other = await user('crud-other');
  const g = (await me.post('/api/v1/groups', { name: 'Crud' })).body;
  assert.deepEqual((await me.get(`/api/v1/groups/${g.id}`)).body, { id: g.id, name: 'Crud', show_in_chips: false, twofaccounts_count: 0 });
  assert.deepEqual((await me.get('/api/v1/groups/0')).body, { id: 0, name: 'All', show_in_chips: null, twofaccounts_count: 0 });
  const same = await me.request('PUT', `/api/v1/groups/${g.id}`, { json: { name: 'Crud', show_in_chips: true } });
  assert.equal(same.status, 200);
  assert.equal(same.body.show_in_chips, true);
  const renamed = await me.request('PUT', `/api/v1/groups/${g.id}`, { json: { name: 'Renamed' } });
  assert.equal(renamed.body.name, 'Renamed');
  assert.equal((await other.get(`/api/v1/groups/${g.id}`)).status, 403);
  assert.equal((await other.request('PUT', `/api/v1/groups/${g.id}`, { json: { name: 'x' } })).status, 403);
  assert.equal((await other.delete(`/api/v1/groups/${g.id}`)).status, 403);
  assert.equal((await me.get('/api/v1/groups/99999999')).status, 404);
  assert.equal((await me.delete('/api/v1/groups/0')).status, 403);
  assert.equal((await me.delete(`/api/v1/groups/${g.id}`)).status, 204);
  assert.equal((await me.get(`/api/v1/groups/${g.id}`)).status, 404);
});

test('deleting a group releases its accounts and resets defaultGroup', async () => {
  const me = await user('release');
  const g = (await me.post('/api/v1/groups', { name: 'Release' })).body;
  const a = (await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: g.id })).body;
  await me.delete(`/api/v1/groups/${g.id}`);
  assert.equal((await me.get(`/api/v1/twofaccounts/${a.id}`)).body.group_id, null);
  assert.equal((await me.get(`/api/v1/twofaccounts/${a.id}`)).status, 200, 'the account survives');
});

test('assign moves accounts between groups; foreign accounts 403; the group accounts list', async () => {
  const me = await user('assign'); const other = await user('assign-other');
  const g1 = (await me.post('/api/v1/groups', { name: 'One' })).body;
  const g2 = (await me.post('/api/v1/groups', { name: 'Two' })).body;
  const a = (await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body;
  const b = (await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body;
  const res = await me.post(`/api/v1/groups/${g1.id}/assign`, { ids: [a.id, b.id] });
  assert.equal(res.status, 200);
  assert.equal(res.body.twofaccounts_count, 2);
  await me.post(`/api/v1/groups/${g2.id}/assign`, { ids: [b.id] });
  assert.equal((await me.get(`/api/v1/groups/${g1.id}`)).body.twofaccounts_count, 1, 'one group per account');
  const inG2 = await me.get(`/api/v1/groups/${g2.id}/twofaccounts`);
  assert.deepEqual(inG2.body.map((x) => [x.id, x.group_id]), [[b.id, g2.id]]);
  assert.ok(!('secret' in inG2.body[0]));
  assert.ok('secret' in (await me.get(`/api/v1/groups/${g2.id}/twofaccounts?withSecret=1`)).body[0]);
  assert.equal((await me.get('/api/v1/groups/0/twofaccounts')).body.length, 2);
  const theirs = (await other.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body;
  assert.equal((await me.post(`/api/v1/groups/${g1.id}/assign`, { ids: [theirs.id] })).status, 403);
  const theirGroup = (await other.post('/api/v1/groups', { name: 'Theirs' })).body;
  assert.equal((await me.post(`/api/v1/groups/${theirGroup.id}/assign`, { ids: [a.id] })).status, 403);
  assert.equal((await me.get(`/api/v1/groups/${theirGroup.id}/twofaccounts`)).status, 403);
  assert.equal((await me.post(`/api/v1/groups/${g1.id}/assign`, { ids: 'x' })).status, 422);
  assert.equal((await me.post(`/api/v1/groups/${g1.id}/assign`, {})).status, 422);
});

test("creating into another user's group files the account nowhere (no error)", async () => {
  const me = await user('silent'); const other = await user('silent-other');
  const theirGroup = (await other.post('/api/v1/groups', { name: 'Not yours' })).body;
  const res = await me.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI, group_id: theirGroup.id });
  assert.equal(res.status, 201);
  assert.equal(res.body.group_id, null);
});

test('reorder groups; foreign ids 403', async () => {
  const me = await user('gorder'); const other = await user('gorder-other');
  const [a, b, c] = [(await me.post('/api/v1/groups', { name: 'A' })).body, (await me.post('/api/v1/groups', { name: 'B' })).body, (await me.post('/api/v1/groups', { name: 'C' })).body];
  const res = await me.post('/api/v1/groups/reorder', { orderedIds: [c.id, a.id] });
  assert.deepEqual(res.body, { message: 'order saved', orderedIds: [c.id, a.id, b.id] });
  assert.deepEqual((await me.get('/api/v1/groups')).body.map((g) => g.name), ['All', 'C', 'A', 'B']);
  const theirs = (await other.post('/api/v1/groups', { name: 'X' })).body;
  assert.equal((await me.post('/api/v1/groups/reorder', { orderedIds: [theirs.id] })).status, 403);
});

test('reorder takes at most 99 ids (each is looked up): 100 is a 422, and nothing moves', async () => {
  const me = await user('gcap');
  const [a, b] = [(await me.post('/api/v1/groups', { name: 'A' })).body, (await me.post('/api/v1/groups', { name: 'B' })).body];
  const filler = Array.from({ length: 98 }, (_, i) => 1_000_000 + i);
  const ok = await me.post('/api/v1/groups/reorder', { orderedIds: [b.id, ...filler] });
  assert.equal(ok.status, 200, '99 ids pass');
  assert.deepEqual(ok.body.orderedIds, [b.id, a.id]);
  const res = await me.post('/api/v1/groups/reorder', { orderedIds: [a.id, ...filler, 2_000_000] });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.body.errors), ['orderedIds']);
  assert.match(res.body.errors.orderedIds[0], /^The ordered ?ids field must not have more than 99 items\.$/i);
  assert.deepEqual((await me.get('/api/v1/groups')).body.map((g) => g.name), ['All', 'B', 'A']);
});
