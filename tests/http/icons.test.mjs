// 2FAuth's icons API: upload (images only, SVGs sanitised), stored encrypted in D1, served publicly at
// /storage/icons/{file}; the delete rule; official logos from the three libraries — played here by
// a local static server, their addresses given to the worker through LOGOLIB_* variables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer, SUITE_VARS } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Blobs } from '../support/d1.mjs';
import { pngOf } from '../support/png.mjs';

const DIRTY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" onload="alert(1)"><script>alert("XSS");</script>'
  + '<path d="M0 0h8v8H0z" fill="#IconMarker"/><image href="https://evil.test/t.png"/></svg>';
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><script>steal()</script><rect width="4" height="4" fill="#8b5cf6"/></svg>';
let library; let libraryBase; let server; let alice; let bob; const served = [];

before(async () => {
  const png = pngOf([[0, 255], [255, 0]]);
  const files = {
    '/selfh/svg/proton-mail.svg': ['image/svg+xml', LOGO_SVG],
    '/selfh/svg/github.svg': ['image/svg+xml', LOGO_SVG],
    '/selfh/png/only-png.png': ['image/png', png],
    '/dash/svg/proton-mail-dark.svg': ['image/svg+xml', LOGO_SVG],
    '/tfa/tfa.json': ['application/json', JSON.stringify([['Proton Mail', { domain: 'proton.me' }], ['Other', { domain: 'other.org' }]])],
    '/tfa-img/p/proton.me.svg': ['image/svg+xml', LOGO_SVG],
  };
  library = createServer((req, res) => {
    served.push(req.url);
    const file = files[req.url];
    if (!file) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise((r) => library.listen(0, '127.0.0.1', r));
  libraryBase = `http://127.0.0.1:${library.address().port}`;
  server = await startServer({ vars: { ...SUITE_VARS,
    LOGOLIB_SELFH_URL: `${libraryBase}/selfh/`, LOGOLIB_DASHBOARDICONS_URL: `${libraryBase}/dash/`,
    LOGOLIB_TFA_URL: `${libraryBase}/tfa/tfa.json`, LOGOLIB_TFA_IMG_URL: `${libraryBase}/tfa-img/` } });
  const a = new Client(server.base);
  await a.register('Alice', uniqueEmail('alice'));
  alice = await a.tokenClient();
  const b = new Client(server.base);
  await b.register('Bob', uniqueEmail('bob'));
  bob = await b.tokenClient();
});
after(async () => { await server?.stop(); library?.close(); });

const upload = (client, bytes, type = 'application/octet-stream') => {
  const form = new FormData();
  form.append('icon', new Blob([bytes], { type }), 'icon');
  return client.request('POST', '/api/v1/icons', { body: form });
};
const fetchIcon = async (filename) => {
  const res = await fetch(`${server.base}/storage/icons/${filename}`);
  return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), bytes: Buffer.from(await res.arrayBuffer()) };
};

test('upload: images only; served back publicly with their type; SVGs lose scripts and remote references', async () => {
  const png = pngOf([[0, 0, 255], [255, 255, 0]]);
  const res = await upload(alice, png, 'image/png');
  assert.equal(res.status, 201);
  assert.match(res.body.filename, /^[A-Za-z0-9]{40}\.png$/);
  const got = await fetchIcon(res.body.filename);
  assert.equal(got.status, 200);
  assert.equal(got.type, 'image/png');
  assert.deepEqual(got.bytes, png);

  const svg = await upload(alice, DIRTY_SVG, 'image/svg+xml');
  assert.equal(svg.status, 201);
  assert.match(svg.body.filename, /\.svg$/);
  const clean = await fetchIcon(svg.body.filename);
  assert.equal(clean.type, 'image/svg+xml');
  const text = clean.bytes.toString();
  assert.ok(text.includes('<path d="M0 0h8v8H0z"'), text);
  for (const gone of ['script', 'alert', 'onload', 'evil.test']) assert.ok(!text.includes(gone), `${gone} survived`);
  assert.match(clean.csp, /default-src 'none'/, 'and scripts could not run anyway');

  const notImage = await upload(alice, 'just text');
  assert.equal(notImage.status, 422);
  assert.deepEqual(notImage.body.errors, { icon: ['The icon field must be an image.'] });
  const missing = await alice.request('POST', '/api/v1/icons', { body: new FormData() });
  assert.deepEqual(missing.body.errors, { icon: ['The icon field is required.'] });
  assert.equal((await upload(alice, Buffer.concat([png, Buffer.alloc(1_000_001)]))).status, 422, 'over 1 MB');
});

test('unknown or malformed names are a clean 404', async () => {
  for (const name of ['x'.repeat(40) + '.png', '..%2F..%2Fetc%2Fpasswd', 'nothing']) {
    const res = await fetch(`${server.base}/storage/icons/${name}`);
    assert.equal(res.status, 404, name);
    assert.deepEqual(await res.json(), { message: 'not found' });
  }
});

test('icons are encrypted in D1 like secrets', async () => {
  const marker = 'IconMarkerPlaintext';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><title>${marker}</title></svg>`;
  const res = await upload(bob, svg);
  assert.equal(res.status, 201);
  assert.ok((await fetchIcon(res.body.filename)).bytes.toString().includes(marker), 'stored as sent (already clean)');
  const blobs = d1Blobs(server.state);
  assert.ok(!blobs.some((b) => b.includes(marker) || b.includes(Buffer.from(svg).toString('base64'))), 'neither raw nor base64');
});

test("delete: 204, also for unknown names; 403 while another user's account shows the icon", async () => {
  const { filename } = (await upload(alice, pngOf([[9]]))).body;
  const account = await alice.post('/api/v1/twofaccounts', { otp_type: 'totp', service: 'IconCo', account: 'alice', secret: 'A4GRFHVVRBGY7UIW', icon: filename });
  assert.equal(account.body.icon, filename);
  const refused = await bob.delete(`/api/v1/icons/${filename}`);
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body, { message: 'unauthorized' });
  assert.equal((await alice.delete(`/api/v1/icons/${filename}`)).status, 204);
  assert.equal((await fetchIcon(filename)).status, 404);
  assert.equal((await alice.get(`/api/v1/twofaccounts/${account.body.id}`)).body.icon, null, 'an icon whose file is gone reads as none');
  assert.equal((await alice.delete('/api/v1/icons/never-was.png')).status, 204);
});

test('official logos: selfh by name (SVG, then PNG), variants with fallback, 2fa.directory by domain, 204 when none', async () => {
  const proton = await alice.post('/api/v1/icons/default', { service: 'Proton Mail', iconCollection: 'selfh', variant: 'regular' });
  assert.equal(proton.status, 201);
  const logo = (await fetchIcon(proton.body.filename)).bytes.toString();
  assert.ok(logo.includes('#8b5cf6') && !logo.includes('steal'), 'fetched logos are sanitised too');
  assert.ok(served.includes('/selfh/svg/proton-mail.svg'));

  const png = await alice.post('/api/v1/icons/default', { service: 'Only PNG', iconCollection: 'selfh', variant: 'regular' });
  assert.equal(png.status, 201);
  assert.match(png.body.filename, /\.png$/);
  assert.ok(served.includes('/selfh/svg/only-png.svg') && served.includes('/selfh/png/only-png.png'), 'SVG tried first');

  const dark = await alice.post('/api/v1/icons/default', { service: 'Proton Mail', iconCollection: 'dashboardicons', variant: 'dark' });
  assert.equal(dark.status, 201);
  const fallback = await alice.post('/api/v1/icons/default', { service: 'GitHub', iconCollection: 'selfh', variant: 'light' });
  assert.equal(fallback.status, 201, 'no light variant: the regular one');
  await alice.request('PUT', '/api/v1/user/preferences/iconVariantStrictFetch', { json: { value: true } });
  assert.equal((await alice.post('/api/v1/icons/default', { service: 'GitHub', iconCollection: 'selfh', variant: 'light' })).status, 204, 'strict: no fallback');

  const tfa = await alice.post('/api/v1/icons/default', { service: 'proton mail', iconCollection: 'tfa', variant: 'regular' });
  assert.equal(tfa.status, 201);
  assert.ok(served.includes('/tfa-img/p/proton.me.svg'));
  assert.equal((await alice.post('/api/v1/icons/default', { service: 'Nobody Knows', iconCollection: 'selfh', variant: 'regular' })).status, 204);
  assert.equal((await alice.post('/api/v1/icons/default', { service: 'Proton Mail' })).status, 201, "the user's iconCollection (selfh)");

  const invalid = await alice.post('/api/v1/icons/default', { service: 'x', iconCollection: 'tfa', variant: 'dark' });
  assert.equal(invalid.status, 422);
  assert.equal((await alice.post('/api/v1/icons/default', { service: 'x', iconPack: 'mine' })).status, 422);
  assert.deepEqual((await alice.get('/api/v1/icons/packs')).body, []);
});

test('the 2FAuth export carries each icon file (MIME type and base64)', async () => {
  const png = pngOf([[1, 2], [3, 4]]);
  const { filename } = (await upload(alice, png)).body;
  const a = (await alice.post('/api/v1/twofaccounts', { otp_type: 'totp', service: 'Exported', account: 'alice', secret: 'A4GRFHVVRBGY7UIW', icon: filename })).body;
  const b = (await alice.post('/api/v1/twofaccounts', { otp_type: 'totp', service: 'NoIcon', account: 'alice', secret: 'A4GRFHVVRBGY7UIW' })).body;
  const res = await alice.get(`/api/v1/twofaccounts/export?ids=${a.id},${b.id}`);
  assert.equal(res.status, 200);
  const [withIcon, without] = res.body.data;
  assert.equal(withIcon.icon, filename);
  assert.equal(withIcon.icon_mime, 'image/png');
  assert.deepEqual(Buffer.from(withIcon.icon_file, 'base64'), png);
  assert.equal(without.icon_file, null);
});
