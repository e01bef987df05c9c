// The cross-user matrix (every query scoped to its user): a second user calls every /api/v1 route that takes an id with the
// first user's ids. Each answer is 403 or 404 (or, for list filters, silently empty), none carries
// a field of the first user's data, and the first user's data is unchanged afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { document } from '../support/openapi.mjs';

const MARKERS = { service: 'AliceBankMarker', account: 'alice.marker@example.com', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', group: 'AliceGroupMarker' };
let server; let alice; let bob; let a; let g; let bobGroup; let before0; let icon;

before(async () => {
  server = await useServer();
  const ca = new Client(server.base);
  await ca.register(`Alice ${uniqueEmail()}`, uniqueEmail('alice'));
  alice = await ca.tokenClient();
  const cb = new Client(server.base);
  await cb.register(`Bob ${uniqueEmail()}`, uniqueEmail('bob'));
  bob = await cb.tokenClient();
  g = (await alice.post('/api/v1/groups', { name: MARKERS.group })).body;
  const form = new FormData();
  form.append('icon', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>']), 'icon.svg');
  icon = (await alice.request('POST', '/api/v1/icons', { body: form })).body.filename;
  a = (await alice.post('/api/v1/twofaccounts', { otp_type: 'hotp', service: MARKERS.service, account: MARKERS.account, secret: MARKERS.secret, counter: 7, group_id: g.id, icon })).body;
  bobGroup = (await bob.post('/api/v1/groups', { name: 'BobGroup' })).body;
  before0 = (await alice.get(`/api/v1/twofaccounts/${a.id}?withSecret=1`)).body;
});
after(() => server.stop());

/** Every call Bob makes with Alice's ids: [method, path, body]. */
function calls() {
  const acc = `/api/v1/twofaccounts/${a.id}`;
  return [
    ['GET', acc], ['PUT', acc, { service: 'x', account: 'y', otp_type: 'totp', secret: 'A4GRFHVVRBGY7UIW', digits: 6, algorithm: 'sha1', period: 30 }],
    ['DELETE', acc], ['GET', `${acc}/otp`], ['GET', `${acc}/qrcode`], ['GET', `${acc}/otp-logs`],
    ['DELETE', `/api/v1/twofaccounts?ids=${a.id}`], ['PATCH', '/api/v1/twofaccounts/withdraw', { ids: String(a.id) }],
    ['POST', '/api/v1/twofaccounts/reorder', { orderedIds: [a.id] }], ['GET', `/api/v1/twofaccounts/export?ids=${a.id}`],
    ['GET', `/api/v1/groups/${g.id}`], ['PUT', `/api/v1/groups/${g.id}`, { name: 'Stolen' }], ['DELETE', `/api/v1/groups/${g.id}`],
    ['POST', `/api/v1/groups/${g.id}/assign`, { ids: [a.id] }], ['POST', `/api/v1/groups/${bobGroup.id}/assign`, { ids: [a.id] }],
    ['GET', `/api/v1/groups/${g.id}/twofaccounts`], ['POST', '/api/v1/groups/reorder', { orderedIds: [g.id] }],
    ['DELETE', `/api/v1/icons/${icon}`],
    ['GET', `${acc}/recipients`], ['GET', `${acc}/shares`], ['POST', `${acc}/shares`, { user_ids: [1] }],
    ['DELETE', `${acc}/shares`], ['POST', `${acc}/shares/all`], ['DELETE', `${acc}/shares/1`],
    ['PATCH', `${acc}/owner`, { new_owner_id: 1, confirm_password: 'password123' }],
  ];
}

test('every id-taking route answers 403 or 404 to another user, and leaks nothing', async () => {
  // Preferences, settings and features are not per-id data; /users/* are admin routes (their
  // non-admin matrix is in people.test.mjs).
  const elsewhere = ['/api/v1/user/preferences', '/api/v1/settings', '/api/v1/features', '/api/v1/users/'];
  const documented = Object.keys(document.paths)
    .filter((p) => p.startsWith('/api/v1/') && p.includes('{') && !elsewhere.some((e) => p.startsWith(e)));
  const covered = new Set(calls().map(([, path]) => path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}')
    .replace(/\/icons\/[^/]+$/, '/icons/{filename}').replace(/\/shares\/\{id\}$/, '/shares/{userid}')));
  for (const template of documented) {
    assert.ok(covered.has(template), `the matrix covers ${template}`);
  }
  for (const [method, path, json] of calls()) {
    const res = await bob.request(method, path, { json });
    assert.ok([403, 404].includes(res.status), `${method} ${path} answered ${res.status}: ${res.text}`);
    for (const marker of Object.values(MARKERS)) {
      assert.ok(!res.text.includes(marker), `${method} ${path} leaked ${marker}`);
    }
  }
});

test("list filters drop another user's ids silently", async () => {
  const list = await bob.get(`/api/v1/twofaccounts?ids=${a.id}&withSecret=1`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body, []);
  const groups = await bob.get('/api/v1/groups');
  assert.ok(!JSON.stringify(groups.body).includes(MARKERS.group));
  const count = await bob.get('/api/v1/twofaccounts/count');
  assert.equal(count.body.owned, 0);
});

test("the first user's data is untouched afterwards", async () => {
  const now = (await alice.get(`/api/v1/twofaccounts/${a.id}?withSecret=1`)).body;
  assert.deepEqual(now, before0);
  assert.equal(now.counter, 7, 'no code was taken from the HOTP counter');
  assert.equal((await alice.get(`/api/v1/groups/${g.id}`)).body.name, MARKERS.group);
  assert.deepEqual((await alice.get(`/api/v1/groups/${g.id}/twofaccounts`)).body.map((x) => x.id), [a.id]);
  assert.equal((await fetch(`${server.base}/storage/icons/${icon}`)).status, 200, 'the icon is still there');
});
