// A D1 failure in the middle of a change leaves nothing half-written. Real failures, injected into
// the local D1 (the SQLite file `wrangler dev` serves) as triggers that abort on a chosen row: a
// bulk delete, a group move, a reorder and a create each fail part-way, answer 2FAuth's 500, and
// leave every row as it was; with the trigger gone the same request goes through. A server of
// its own: the triggers must not touch other suites' requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { sendPastDevProxy } from '../support/dev-proxy.mjs';
import { d1Sql } from '../support/d1.mjs';
import { TOTP_SHORT_URI } from '../support/fixtures.mjs';

let server;
before(async () => { server = await startServer({ vars: SUITE_VARS }); });
after(() => server.stop());

async function user(name) {
  const c = new Client(server.base);
  await c.register(name, uniqueEmail(name));
  const api = await c.tokenClient();
  const accounts = [];
  for (let i = 0; i < 3; i += 1) accounts.push((await api.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).body.id);
  return { api, accounts };
}

/** Runs `body` with an aborting trigger installed (BEFORE `event`, when `when` holds), then drops it. */
async function withFailure(event, when, body) {
  d1Sql(server.state, `CREATE TRIGGER injected_failure BEFORE ${event} FOR EACH ROW WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  try {
    await body();
  } finally {
    d1Sql(server.state, 'DROP TRIGGER injected_failure');
  }
}

/** A request outside the client (whose OpenAPI check knows no 500): status and body. */
async function raw(api, method, path, json) {
  const res = await sendPastDevProxy(() => fetch(server.base + path, {
    method,
    headers: { Authorization: `Bearer ${api.token}`, Accept: 'application/json', ...(json && { 'Content-Type': 'application/json' }) },
    body: json && JSON.stringify(json),
  }), `${method} ${path}`);
  return { status: res.status, body: await res.json().catch(() => null) };
}

const ids = async (api) => (await api.get('/api/v1/twofaccounts')).body.map((a) => a.id);
const SERVER_ERROR = { status: 500, body: { message: 'Server Error' } };

test('a bulk delete that fails on its second account deletes none', async () => {
  const { api, accounts } = await user('atomic-delete');
  await withFailure('DELETE ON twofaccounts', `OLD.id = ${accounts[1]}`, async () => {
    assert.deepEqual(await raw(api, 'DELETE', `/api/v1/twofaccounts?ids=${accounts.join(',')}`), SERVER_ERROR);
    assert.deepEqual((await ids(api)).sort(), [...accounts].sort());
  });
  assert.equal((await api.delete(`/api/v1/twofaccounts?ids=${accounts.join(',')}`)).status, 204);
  assert.deepEqual(await ids(api), []);
});

test('a group move that fails on its last account moves none', async () => {
  const { api, accounts } = await user('atomic-assign');
  const group = (await api.post('/api/v1/groups', { name: 'Target' })).body;
  await withFailure('INSERT ON twofaccount_group_assignments', `NEW.twofaccount_id = ${accounts[2]}`, async () => {
    assert.deepEqual(await raw(api, 'POST', `/api/v1/groups/${group.id}/assign`, { ids: accounts }), SERVER_ERROR);
    const listed = (await api.get('/api/v1/twofaccounts')).body;
    assert.deepEqual(listed.map((a) => a.group_id), [null, null, null]);
    assert.equal((await api.get(`/api/v1/groups/${group.id}`)).body.twofaccounts_count, 0);
  });
  assert.equal((await api.post(`/api/v1/groups/${group.id}/assign`, { ids: accounts })).status, 200);
  assert.equal((await api.get(`/api/v1/groups/${group.id}`)).body.twofaccounts_count, 3);
});

test('a reorder that fails while writing the new order keeps the old one (not an emptied one)', async () => {
  const { api, accounts } = await user('atomic-reorder');
  const first = [accounts[2], accounts[0], accounts[1]];
  assert.equal((await api.post('/api/v1/twofaccounts/reorder', { orderedIds: first })).status, 200);
  assert.deepEqual(await ids(api), first);
  // The new order's rows are written after the old ones are deleted, in one batch.
  await withFailure('INSERT ON twofaccount_user_orders', 'NEW.position = 3', async () => {
    assert.deepEqual(await raw(api, 'POST', '/api/v1/twofaccounts/reorder', { orderedIds: accounts }), SERVER_ERROR);
    assert.deepEqual(await ids(api), first);
  });
  assert.equal((await api.post('/api/v1/twofaccounts/reorder', { orderedIds: accounts })).status, 200);
  assert.deepEqual(await ids(api), accounts);
});

test('a create that fails after its row is written leaves no account (at most an unused id)', async () => {
  const { api, accounts } = await user('atomic-create');
  // The account's row and the release of its reserved id are one batch: failing the release
  // must take the row back with it.
  await withFailure('DELETE ON twofaccount_ids', '1', async () => {
    assert.deepEqual(await raw(api, 'POST', '/api/v1/twofaccounts', { uri: TOTP_SHORT_URI }), SERVER_ERROR);
  });
  assert.deepEqual((await ids(api)).sort(), [...accounts].sort());
  const [{ n }] = d1Sql(server.state, `SELECT COUNT(*) AS n FROM twofaccounts WHERE user_id = ${Number((await api.get('/api/v1/user')).body.id)}`);
  assert.equal(n, 3);
  assert.equal((await api.post('/api/v1/twofaccounts', { uri: TOTP_SHORT_URI })).status, 201);
  assert.equal((await ids(api)).length, 4);
});
