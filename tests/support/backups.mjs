// What the backup suites share: a user with three accounts (TOTP, HOTP, Steam), the settings
// calls, and what a backup must hold once opened (tests/support/aegis.mjs); the counterparts the
// backups go to, started on loopback: npm webdav-server (Basic authentication, in memory) and npm
// s3rver behind a proxy of ours that checks every request's SigV4 signature (s3rver 3.7 checks
// the access key id only).
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webdav from 'webdav-server';
import S3rver from 's3rver';
import { freePort } from './server.mjs';
import { openVault } from './aegis.mjs';
import { d1Sql } from './d1.mjs';
import { Client, uniqueEmail } from './client.mjs';
import { SECRET, STEAM_SECRET, TOTP_FULL_CUSTOM_URI_NO_IMG, HOTP_FULL_CUSTOM_URI_NO_IMG, STEAM_TOTP_URI } from './fixtures.mjs';

export const PASSWORD = 'correct horse battery';

/** A registered user (signed in), his id and the server's `state` folder (see [`runNow`]). */
export async function person(base, prefix, state) {
  const c = new Client(base);
  await c.register(prefix, uniqueEmail(prefix));
  const me = await c.get('/api/v1/user');
  return { c, id: me.body.id, state };
}

/** Gives `p` the three accounts of [`EXPECTED`]. */
export async function withAccounts(p) {
  for (const uri of [TOTP_FULL_CUSTOM_URI_NO_IMG, HOTP_FULL_CUSTOM_URI_NO_IMG, STEAM_TOTP_URI]) {
    const res = await p.c.post('/api/v1/twofaccounts', { uri });
    assert.equal(res.status, 201, res.text);
  }
}

/** PUT /api/v1/backup, expecting 200: the resource. */
export async function setUp(p, body) {
  const res = await p.c.request('PUT', '/api/v1/backup', { json: body });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** Moves `p`'s last run a minute back in D1, past the cooldown of a backup on request. */
export const pastCooldown = (p) => d1Sql(p.state, `UPDATE backups SET last_run_at = last_run_at - 60 WHERE user_id = ${Number(p.id)}`);

/** POST /api/v1/backup/run, expecting 200: the resource after the run. The suites run backups a
 *  second apart, so each is first moved past the cooldown. */
export async function runNow(p) {
  pastCooldown(p);
  const res = await p.c.post('/api/v1/backup/run');
  assert.equal(res.status, 200, res.text);
  return res.body;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Backup file names are stamped to the second: runs meant to make distinct files wait this. */
export const NEXT_SECOND = 1100;

/** `count` successful backups on request, a second apart: their file names, oldest first. */
export async function backUpTimes(p, count) {
  const files = [];
  for (let i = 0; i < count; i += 1) {
    if (i) await sleep(NEXT_SECOND);
    const done = await runNow(p);
    assert.equal(done.last_outcome, 'success', done.last_error);
    files.push(done.last_file);
  }
  assert.equal(new Set(files).size, count);
  return files;
}

/** A backup file's text holds [`EXPECTED`] once opened with [`PASSWORD`] by the independent
 *  Aegis reader, and Twofold's own import (as `p`) opens it too. */
export async function assertOpens(p, text) {
  assert.deepEqual(essence(openVault(JSON.parse(text), PASSWORD).entries), EXPECTED);
  const imported = await p.c.post('/api/v1/twofaccounts/migration', { payload: text, password: PASSWORD, withSecret: true });
  assert.equal(imported.status, 200, imported.text);
  assert.deepEqual(imported.body.map((a) => [a.otp_type, a.secret]).sort(),
    [['hotp', SECRET], ['steamtotp', STEAM_SECRET], ['totp', SECRET]]);
}

/** The entries of an opened backup, as [type, issuer, name, secret, algo, digits, period|counter]. */
export const essence = (entries) => entries.map((e) => [e.type, e.issuer, e.name, e.info.secret, e.info.algo,
  e.info.digits, e.info.period ?? e.info.counter]).sort();

/** What a backup of [`withAccounts`]'s user holds. */
export const EXPECTED = [
  ['hotp', 'service', 'account', SECRET, 'SHA256', 7, 5],
  ['steam', 'Steam', 'account', STEAM_SECRET, 'SHA1', 5, 30],
  ['totp', 'service', 'account', SECRET, 'SHA256', 7, 40],
].sort();

const encodePath = (name) => name.split('/').map(encodeURIComponent).join('/');

/** A WebDAV server on loopback with one user and an empty folder `/backups/`. */
export async function startWebdav({ username = 'dav-user', password = 'dav password' } = {}) {
  const { v2 } = webdav;
  const users = new v2.SimpleUserManager();
  const user = users.addUser(username, password, false);
  const privileges = new v2.SimplePathPrivilegeManager();
  privileges.setRights(user, '/', ['all']);
  const port = await freePort();
  const server = new v2.WebDAVServer({
    port, hostname: '127.0.0.1', requireAuthentification: true, privilegeManager: privileges,
    httpAuthentication: new v2.HTTPBasicAuthentication(users, 'twofold tests'),
  });
  await server.rootFileSystem().addSubTreeAsync(server.createExternalContext(), { backups: v2.ResourceType.Directory });
  await new Promise((resolve) => server.start(resolve));
  const base = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return {
    url: `${base}/backups/`, username, password,
    /** A file of the folder (`name` may go down sub-folders: `a/b`), or null. */
    async get(name) {
      const res = await fetch(`${base}/backups/${encodePath(name)}`, { headers: { Authorization: auth } });
      return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : null;
    },
    async put(name, text) {
      const res = await fetch(`${base}/backups/${encodePath(name)}`, { method: 'PUT', body: text, headers: { Authorization: auth } });
      assert.ok(res.status < 300, `PUT ${name}: ${res.status}`);
    },
    /** Makes a sub-folder of the folder. */
    async mkcol(name) {
      const res = await fetch(`${base}/backups/${encodePath(name)}`, { method: 'MKCOL', headers: { Authorization: auth } });
      assert.ok(res.status < 300, `MKCOL ${name}: ${res.status}`);
    },
    stop: () => server.stopAsync(),
  };
}

const S3_KEY_ID = 'S3RVER';
const S3_SECRET = 'S3RVER';
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
// AWS's URI encoding: unreserved characters as they are, every other byte %XY.
const awsEncode = (text) => Buffer.from(text, 'utf8').reduce((out, b) => out
  + (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`), '');

/** Why a request's SigV4 header signature is wrong, or null when it is right: written from AWS's
 *  description (canonical request, string to sign, date-scoped key), apart from Twofold's signer. */
function sigv4Refusal(req, body) {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
    .exec(req.headers.authorization ?? '');
  if (!auth) return 'no SigV4 Authorization header';
  const [, keyId, date, region, signed, signature] = auth;
  if (keyId !== S3_KEY_ID) return 'unknown access key id';
  if (req.headers['x-amz-content-sha256'] !== sha256(body)) return 'payload hash differs';
  const url = new URL(req.url, 'http://x');
  const query = [...url.searchParams].map(([k, v]) => [awsEncode(k), awsEncode(v)]).sort()
    .map(([k, v]) => `${k}=${v}`).join('&');
  const names = signed.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host or date not signed';
  const headers = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signed, req.headers['x-amz-content-sha256']].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'], `${date}/${region}/s3/aws4_request`, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${S3_SECRET}`, date);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  return hmac(key, toSign).toString('hex') === signature ? null : 'signature does not match';
}

/** An S3-compatible server on loopback with a bucket `vault` (s3rver, credentials S3RVER /
 *  S3RVER), reached through a proxy that refuses with 403 any request whose SigV4 signature is
 *  wrong. `signed` counts the requests that passed the check. */
export async function startS3() {
  const inner = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'twofold-s3-'));
  const server = new S3rver({ port: inner, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'vault' }] });
  await server.run();
  const counts = { signed: 0 };
  const proxy = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // The test's own reads are anonymous (s3rver allows them); signed ones must be right.
      const refusal = req.headers.authorization === undefined ? null : sigv4Refusal(req, body);
      if (refusal) {
        res.writeHead(403, { 'Content-Type': 'application/xml' });
        res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${refusal}</Message></Error>`);
        return;
      }
      if (req.headers.authorization) counts.signed += 1;
      const forward = request({ host: '127.0.0.1', port: inner, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint, bucket: 'vault', accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET, counts,
    /** An object of the bucket (read anonymously, as s3rver allows), or null. */
    async get(key) {
      const res = await fetch(`${endpoint}/vault/${encodeURIComponent(key)}`);
      return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : null;
    },
    /** Puts an object in the bucket (anonymously, as s3rver allows). */
    async put(key, text) {
      const res = await fetch(`${endpoint}/vault/${encodePath(key)}`, { method: 'PUT', body: text });
      assert.ok(res.status < 300, `PUT ${key}: ${res.status}`);
    },
    /** The bucket's keys. */
    async keys() {
      const res = await fetch(`${endpoint}/vault?list-type=2`);
      return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort();
    },
    async stop() {
      await new Promise((resolve) => proxy.close(resolve));
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
