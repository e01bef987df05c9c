// No request can exhaust memory or storage: bodies are capped per route before they are read (413
// with a JSON message, whether the size is declared or streamed), a user's icons have a quota, and
// the scheduled clean-up (wrangler dev --test-scheduled) deletes what no request needs any more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { pngOf } from '../support/png.mjs';

const MIB = 1024 * 1024;
let server; let api;
before(async () => {
  server = await useServer();
  const c = new Client(server.base);
  await c.register('Limits', uniqueEmail('limits'));
  api = await c.tokenClient();
});
after(() => server.stop());

/** Runs SQL straight on the server's local D1 file (one statement a call). */
const sql = (command) => d1Sql(server.state, command);

const bigJson = (bytes) => JSON.stringify({ uri: 'otpauth://totp/a?secret=A4GRFHVVRBGY7UIW', pad: 'x'.repeat(bytes) });

test('a body over 2 MiB is refused with 413 before it is read, declared or streamed', async () => {
  const declared = await api.request('POST', '/api/v1/twofaccounts', {
    body: bigJson(3 * MIB), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(declared.status, 413);
  assert.deepEqual(declared.body, { message: 'The request body is larger than 2 MiB.' });
  // Chunked: no Content-Length, the cap is met while the body streams in.
  const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (sent >= 16) { controller.close(); return; }
      sent += 1;
      controller.enqueue(chunk);
    },
  });
  const res = await fetch(`${server.base}/api/v1/twofaccounts`, {
    method: 'POST', body: stream, duplex: 'half',
    headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), { message: 'The request body is larger than 2 MiB.' });
  // The web routes too.
  const web = new Client(server.base);
  await web.csrf();
  const login = await web.request('POST', '/user/login', { body: bigJson(3 * MIB), headers: { 'Content-Type': 'application/json' } });
  assert.equal(login.status, 413);
  // Under the cap, the same route works.
  assert.equal((await api.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/a?secret=A4GRFHVVRBGY7UIW' })).status, 201);
});

test('imports get 8 MiB: a 3 MiB migration payload is read (and judged), a 9 MiB one is not', async () => {
  const read = await api.post('/api/v1/twofaccounts/migration', { payload: 'x'.repeat(3 * MIB) });
  assert.notEqual(read.status, 413);
  assert.ok(read.status < 500, `status ${read.status}`);
  const refused = await api.post('/api/v1/twofaccounts/migration', { payload: 'x'.repeat(9 * MIB) });
  assert.equal(refused.status, 413);
  assert.deepEqual(refused.body, { message: 'The request body is larger than 8 MiB.' });
});

test('a user\'s icons have a quota: past it, uploads get 422 and nothing is stored', async () => {
  const c = new Client(server.base);
  await c.register('Icon hoarder', uniqueEmail('icons'));
  const me = await c.tokenClient();
  // PNGs of ≈ 880 KB each (incompressible pixels): about 1.2 MB stored each, encrypted in base64.
  const noisy = pngOf(Array.from({ length: 940 }, () => [...randomBytes(940)]));
  assert.ok(noisy.length > 800_000 && noisy.length < 1_000_000, `${noisy.length} bytes`);
  const upload = () => {
    const form = new FormData();
    form.append('icon', new Blob([noisy], { type: 'image/png' }), 'big.png');
    return me.request('POST', '/api/v1/icons', { body: form });
  };
  let stored = 0;
  let refused = null;
  for (let i = 0; i < 40 && !refused; i++) {
    const res = await upload();
    if (res.status === 201) stored += 1;
    else refused = res;
  }
  assert.ok(refused, 'the quota was reached');
  assert.equal(refused.status, 422);
  assert.deepEqual(Object.keys(refused.body.errors), ['icon']);
  assert.ok(stored >= 10 && stored <= 20, `${stored} icons stored before the quota`);
  const [{ n }] = sql(`SELECT COUNT(*) AS n FROM icons WHERE uploaded_by = (SELECT id FROM users WHERE name = 'Icon hoarder')`);
  assert.equal(n, stored, 'the refused upload left nothing');
});

test('the scheduled clean-up deletes ended sessions, windows, counters, stale links, old logs and unused icons', async () => {
  const day = 86400;
  const now = Math.floor(Date.now() / 1000);
  const [{ id: userId }] = sql("SELECT id FROM users WHERE name = 'Limits'");
  const account = await api.post('/api/v1/twofaccounts', { uri: 'otpauth://totp/kept?secret=A4GRFHVVRBGY7UIW' });
  const accountId = account.body.id;
  [
    `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('old-session', ${userId}, 0, 0, ${now - 1}), ('live-session', ${userId}, ${now}, ${now}, ${now + day})`,
    `INSERT INTO api_hits (key_hash, hits, reset_at) VALUES ('old-window', 3, ${now - 10})`,
    `INSERT INTO login_attempts (key_hash, failures, window_start, last_at) VALUES ('old-counter', 4, ${now - 2 * day}, ${now - 2 * day}), ('live-counter', 4, ${now}, ${now})`,
    `INSERT INTO otp_logs (twofaccount_id, requester_name, requester_email, owner_name, owner_email, otp_type, generated_at) VALUES (${accountId}, 'a', 'a', 'a', 'a', 'totp', ${now - 400 * day}), (${accountId}, 'b', 'b', 'b', 'b', 'totp', ${now})`,
    `INSERT INTO authentication_log (user_id, login_at, login_successful) VALUES (${userId}, ${now - 400 * day}, 1), (${userId}, ${now}, 1)`,
    `INSERT INTO icons (filename, mime, data, uploaded_by, created_at) VALUES ('unused-old.png', 'image/png', 'x', ${userId}, ${now - 2 * day}), ('unused-new.png', 'image/png', 'x', ${userId}, ${now}), ('shown-old.png', 'image/png', 'x', ${userId}, ${now - 2 * day})`,
    `UPDATE twofaccounts SET icon = 'shown-old.png' WHERE id = ${accountId}`,
  ].forEach(sql);
  const res = await fetch(`${server.base}/__scheduled?cron=17+*+*+*+*`);
  assert.equal(res.status, 200, await res.text());
  const left = (q) => sql(q).map((r) => Object.values(r)[0]);
  assert.deepEqual(left("SELECT id_hash FROM sessions WHERE id_hash IN ('old-session', 'live-session')"), ['live-session']);
  assert.deepEqual(left("SELECT key_hash FROM api_hits WHERE key_hash = 'old-window'"), []);
  assert.deepEqual(left("SELECT key_hash FROM login_attempts WHERE key_hash IN ('old-counter', 'live-counter')"), ['live-counter']);
  assert.deepEqual(left(`SELECT requester_name FROM otp_logs WHERE twofaccount_id = ${accountId}`), ['b']);
  assert.deepEqual(left(`SELECT login_at FROM authentication_log WHERE user_id = ${userId} AND login_at < ${now - 300 * day}`), []);
  assert.deepEqual(left("SELECT filename FROM icons WHERE filename LIKE '%-old.png' OR filename LIKE '%-new.png' ORDER BY filename"),
    ['shown-old.png', 'unused-new.png']);
});

test('a multipart body repeating a file field reads the file once: a quick answer, the worker unharmed', async () => {
  // One 1 MB file named f, then thousands of short f and g fields alternating: read field by field,
  // each f would copy the file again (gigabytes from a 2 MiB body).
  const boundary = 'b0undary';
  const part = (name, value, file) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="f.bin"' : ''}\r\n\r\n${value}\r\n`;
  const chunks = [part('f', 'x'.repeat(1_000_000), true)];
  for (let i = 0; i < 4000; i++) chunks.push(part('g', ''), part('f', ''));
  chunks.push(`--${boundary}--\r\n`);
  const body = chunks.join('');
  assert.ok(body.length < 2 * MIB, `${body.length} bytes`);
  const web = new Client(server.base);
  await web.csrf();
  const started = Date.now();
  const res = await web.request('POST', '/user/login', { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(res.status, 422, res.text);
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  assert.equal((await api.get('/api/v1/user')).status, 200, 'the worker still answers');
});

/** Sends `method path` with `body` over node:http (fetch refuses a GET with a body); its status. */
function rawRequest(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.base}${path}`, { method, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a page of the web app asked with a body (a GET may carry one) is served, and the worker is unharmed', { timeout: 60_000 }, async () => {
  // The body once went on to the assets, whose answer came before it was read: an uncaught error
  // after which workerd restarted the isolate, and the requests it was serving got 503.
  const body = Buffer.from(JSON.stringify({ email: 'x'.repeat(256 * 1024) }));
  for (let i = 0; i < 10; i += 1) {
    const [page, ...others] = await Promise.all([
      rawRequest('GET', '/user/password/reset', body),
      ...Array.from({ length: 4 }, () => api.get('/api/v1/user').then((r) => r.status)),
    ]);
    assert.equal(page, 200);
    assert.deepEqual(others, [200, 200, 200, 200]);
  }
});
