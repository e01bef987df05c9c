// Passkeys (2FAuth's /webauthn/* routes): registering ES256, EdDSA and RS256 keys, signing in with
// an e-mail and with a discoverable passkey, managing them — and each attack the relying party
// must stop: a replayed or expired challenge, a challenge of another ceremony or user, another
// origin, another RP id, a bad signature, a counter gone back, another user's passkey, a flood.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { d1Sql } from '../support/d1.mjs';
import { Authenticator } from '../support/passkey.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

/** A registered, signed-in user with a software authenticator for this server's origin. */
async function person(prefix) {
  const client = new Client(server.base);
  const email = uniqueEmail(prefix);
  const me = await client.register(prefix, email);
  return { client, email, me, device: new Authenticator(new URL(server.base).origin) };
}

async function addPasskey(p, opts = {}) {
  const options = await p.client.post('/webauthn/register/options', {});
  assert.equal(options.status, 200, options.text);
  const { body } = p.device.create(options.body, opts);
  return p.client.post('/webauthn/register', body);
}

/** A fresh, signed-out client asking for sign-in options. */
async function loginOptions(email) {
  const c = new Client(server.base);
  await c.csrf();
  const res = await c.post('/webauthn/login/options', email === undefined ? {} : { email });
  return { c, res };
}

test('register ES256, EdDSA and RS256 passkeys, list, rename and remove them', async () => {
  const p = await person('pk-register');
  const options = await p.client.post('/webauthn/register/options', {});
  assert.equal(options.status, 200);
  assert.equal(options.body.rp.id, new URL(server.base).hostname);
  assert.equal(options.body.user.name, p.email);
  assert.deepEqual(options.body.pubKeyCredParams.map((a) => a.alg), [-7, -8, -257]);
  assert.equal(options.body.attestation, 'none');
  for (const [alg, name] of [['ES256', 'Phone'], ['EdDSA', undefined], ['RS256', 'Security key']]) {
    const res = await addPasskey(p, { alg, name });
    assert.equal(res.status, 204, `${alg}: ${res.text}`);
  }
  const list = await p.client.get('/webauthn/credentials');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((c) => c.alias), ['Phone', null, 'Security key']);
  assert.ok(list.body.every((c) => c.last_used_at === null && !('public_key' in c)));

  // The next registration excludes the passkeys already held.
  const again = await p.client.post('/webauthn/register/options', {});
  assert.equal(again.body.excludeCredentials.length, 3);

  const id = list.body[1].id;
  const renamed = await p.client.request('PATCH', `/webauthn/credentials/${id}/name`, { json: { name: '  Laptop ' } });
  assert.equal(renamed.status, 200);
  assert.deepEqual(renamed.body, { name: 'Laptop' });
  const empty = await p.client.request('PATCH', `/webauthn/credentials/${id}/name`, { json: { name: '' } });
  assert.equal(empty.status, 422);
  assert.ok(empty.body.errors.name);
  const unknown = await p.client.request('PATCH', '/webauthn/credentials/AAAA/name', { json: { name: 'x' } });
  assert.equal(unknown.status, 404);

  assert.equal((await p.client.delete(`/webauthn/credentials/${id}`)).status, 204);
  assert.equal((await p.client.get('/webauthn/credentials')).body.length, 2);
});

test('the routes need a session and the CSRF header; a bearer token does not open them', async () => {
  const p = await person('pk-guard');
  const stranger = new Client(server.base);
  await stranger.csrf();
  assert.equal((await stranger.post('/webauthn/register/options', {})).status, 401);
  assert.equal((await stranger.get('/webauthn/credentials')).status, 401);
  assert.equal((await p.client.post('/webauthn/register/options', {}, { csrf: false })).status, 419);
  const bearer = await p.client.tokenClient();
  assert.equal((await bearer.get('/webauthn/credentials')).status, 401);
  assert.equal((await p.client.request('PUT', '/webauthn/credentials', {})).status, 405);
});

test('a registration is refused for another origin, RP id, ceremony, challenge, or without presence', async () => {
  const p = await person('pk-reg-attacks');
  const cases = {
    origin: { origin: 'https://evil.example' },
    rpId: { rpId: 'evil.example' },
    type: { type: 'webauthn.get' },
    challenge: { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    flags: { flags: 0x40 },
  };
  for (const [what, tamper] of Object.entries(cases)) {
    const res = await addPasskey(p, { tamper: { ...tamper, keep: true } });
    assert.equal(res.status, 422, `${what}: ${res.text}`);
  }
  // A challenge answered once is gone.
  const options = await p.client.post('/webauthn/register/options', {});
  const { body } = p.device.create(options.body);
  assert.equal((await p.client.post('/webauthn/register', body)).status, 204);
  const replay = p.device.create(options.body, { tamper: { keep: true } });
  assert.equal((await p.client.post('/webauthn/register', replay.body)).status, 422);
  // Another user's registration challenge does not serve.
  const other = await person('pk-reg-other');
  const theirs = await other.client.post('/webauthn/register/options', {});
  const stolen = p.device.create(theirs.body, { tamper: { keep: true } });
  assert.equal((await p.client.post('/webauthn/register', stolen.body)).status, 422);
  assert.equal((await p.client.get('/webauthn/credentials')).body.length, 1);
});

test('sign in with a passkey, by e-mail or discoverable, as the auth log records', async () => {
  const p = await person('pk-login');
  assert.equal((await addPasskey(p, { alg: 'EdDSA' })).status, 204);

  const { c, res } = await loginOptions(p.email);
  assert.equal(res.status, 200);
  assert.equal(res.body.allowCredentials.length, 1);
  const signedIn = await c.post('/webauthn/login', p.device.get(res.body, { email: p.email }));
  assert.equal(signedIn.status, 200, signedIn.text);
  assert.equal(signedIn.body.message, 'authenticated');
  assert.equal(signedIn.body.id, p.me.id);
  assert.equal((await c.get('/api/v1/user')).body.email, p.email);

  // Discoverable: no e-mail typed, the passkey names its user.
  const open = await loginOptions();
  assert.deepEqual(open.res.body.allowCredentials, []);
  const discovered = await open.c.post('/webauthn/login', p.device.get(open.res.body, { discoverable: true }));
  assert.equal(discovered.status, 200, discovered.text);
  assert.equal(discovered.body.id, p.me.id);

  const log = d1Sql(server.state, `SELECT login_method, login_successful FROM authentication_log WHERE user_id = ${p.me.id} AND login_at IS NOT NULL`);
  assert.deepEqual(log.filter((r) => r.login_method === 'webauthn').map((r) => r.login_successful), [1, 1]);
  const listed = await p.client.get('/webauthn/credentials');
  assert.ok(listed.body[0].last_used_at);
});

test('sign-in attacks: replay, expiry, other ceremony, origin, RP id, signature, counter, user handle, e-mail', async () => {
  const p = await person('pk-login-attacks');
  assert.equal((await addPasskey(p)).status, 204);
  const other = await person('pk-login-victim');
  const attempt = async (opts, email = p.email) => {
    const { c, res } = await loginOptions(email);
    return c.post('/webauthn/login', p.device.get(res.body, { email, ...opts }));
  };
  const refused = {
    origin: { tamper: { origin: 'https://evil.example' } },
    rpId: { tamper: { rpId: 'evil.example' } },
    ceremony: { tamper: { type: 'webauthn.create' } },
    signature: { tamper: { signature: (s) => { const b = Buffer.from(s); b[b.length - 1] ^= 1; return b; } } },
    'no presence': { tamper: { flags: 0 } },
    'unknown challenge': { tamper: { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } },
    'user handle': { discoverable: true, tamper: { userHandle: Buffer.from('someone else') } },
    'cross-origin frame': { tamper: { crossOrigin: true } },
  };
  for (const [what, opts] of Object.entries(refused)) {
    // Each case alone: the login guard would otherwise shut after LOGIN_THROTTLE failures.
    d1Sql(server.state, 'DELETE FROM login_attempts');
    const res = await attempt(opts);
    assert.equal(res.status, 401, `${what}: ${res.text}`);
    assert.deepEqual(res.body, { message: 'unauthorized' });
  }
  d1Sql(server.state, 'DELETE FROM login_attempts');

  // Replay: the same answer twice.
  const { c, res } = await loginOptions(p.email);
  const answer = p.device.get(res.body, { email: p.email });
  assert.equal((await c.post('/webauthn/login', answer)).status, 200);
  assert.equal((await c.post('/webauthn/login', answer)).status, 401);

  // A counter that goes back (a cloned authenticator).
  assert.equal((await attempt({ tamper: { counter: 1 } })).status, 401);

  // My passkey with another user's e-mail (refused, and not written in my log), and options
  // issued for another user.
  const logged = () => d1Sql(server.state, `SELECT COUNT(*) AS n FROM authentication_log WHERE user_id = ${p.me.id}`)[0].n;
  const before = logged();
  assert.equal((await attempt({}, other.email)).status, 401);
  assert.equal(logged(), before);
  const theirs = await loginOptions(other.email);
  const crossed = await theirs.c.post('/webauthn/login', p.device.get(theirs.res.body, { credential: p.device.credentials[0], discoverable: true }));
  assert.equal(crossed.status, 401);

  // Discoverable options (issued for nobody) answered without a user handle.
  const nameless = await loginOptions();
  assert.equal((await nameless.c.post('/webauthn/login', p.device.get(nameless.res.body))).status, 401);

  // The same answer twice at once: one signs in.
  d1Sql(server.state, 'DELETE FROM login_attempts');
  const race = await loginOptions(p.email);
  const raced = p.device.get(race.res.body, { email: p.email });
  const both = await Promise.all([race.c.post('/webauthn/login', raced), race.c.post('/webauthn/login', raced)]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 401]);

  // An expired challenge.
  const late = await loginOptions(p.email);
  d1Sql(server.state, 'UPDATE webauthn_challenges SET expires_at = 0');
  assert.equal((await late.c.post('/webauthn/login', p.device.get(late.res.body, { email: p.email }))).status, 401);

  // Failures of a known user are logged as failed logins.
  const failed = d1Sql(server.state, `SELECT COUNT(*) AS n FROM authentication_log WHERE user_id = ${p.me.id} AND login_method = 'webauthn' AND login_successful = 0`);
  assert.ok(failed[0].n >= 12, JSON.stringify(failed));
});

test('challenges are stored only as hashes and cleared once answered', async () => {
  const { res } = await loginOptions();
  const rows = d1Sql(server.state, 'SELECT challenge_hash FROM webauthn_challenges');
  assert.ok(rows.length >= 1);
  assert.ok(rows.every((r) => r.challenge_hash !== res.body.challenge && !r.challenge_hash.includes(res.body.challenge)));
});

test('bad bodies are 422 in 2FAuth\'s format; an unknown e-mail too', async () => {
  const { c, res } = await loginOptions('nobody.' + uniqueEmail('x'));
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.email);
  const bad = await c.post('/webauthn/login/options', { email: 'not an e-mail' });
  assert.equal(bad.status, 422);
  const junk = await c.post('/webauthn/login', { type: 'public-key', response: { clientDataJSON: '%%%' } });
  assert.equal(junk.status, 422);
  assert.equal(typeof junk.body.message, 'string');
  const unknown = await c.post('/webauthn/login', {
    id: 'AAAA', rawId: 'AAAA', type: 'public-key',
    response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
  });
  assert.equal(unknown.status, 401);
});

test('hostile CBOR and oversized members are refused, and the worker keeps answering', async () => {
  const p = await person('pk-cbor');
  const options = await p.client.post('/webauthn/register/options', {});
  const { body } = p.device.create(options.body, { tamper: { keep: true } });
  // Nine nested arrays, each claiming nearly all that follows, then filler: decoded, it would
  // reserve far more memory than an isolate has.
  const filler = Buffer.alloc(1_000_000, 0x00);
  const nested = Buffer.concat([...Array(9)].map(() => Buffer.from([0x9a, 0x00, 0x0f, 0x42, 0x40])).concat(filler));
  const hostile = { ...body, response: { ...body.response, attestationObject: nested.toString('base64url') } };
  const refused = await p.client.post('/webauthn/register', hostile);
  assert.equal(refused.status, 422);
  const small = Buffer.concat([...Array(9)].map(() => Buffer.from([0x9a, 0x00, 0x0f, 0x42, 0x40])).concat(Buffer.alloc(8000)));
  const answer = { ...body, response: { ...body.response, attestationObject: small.toString('base64url') } };
  assert.equal((await p.client.post('/webauthn/register', answer)).status, 422);
  assert.equal((await p.client.get('/webauthn/credentials')).status, 200);
});

test('useWebauthnOnly cannot be turned on without a passkey', async () => {
  const p = await person('pk-only-none');
  const refused = await p.client.request('PUT', '/api/v1/user/preferences/useWebauthnOnly', { json: { value: true } });
  assert.equal(refused.status, 422);
  assert.ok(refused.body.errors.value);
  const c = new Client(server.base);
  await c.csrf();
  assert.equal((await c.post('/user/login', { email: p.email, password: 'password123' })).status, 200);
});

test('useWebauthnOnly refuses the password until the last passkey goes', async () => {
  const p = await person('pk-only');
  assert.equal((await addPasskey(p)).status, 204);
  const set = await p.client.request('PUT', '/api/v1/user/preferences/useWebauthnOnly', { json: { value: true } });
  assert.equal(set.status, 201, set.text);
  const c = new Client(server.base);
  await c.csrf();
  const refused = await c.post('/user/login', { email: p.email, password: 'password123' });
  assert.equal(refused.status, 401);
  assert.deepEqual(refused.body, { message: 'unauthorized' });

  const [passkey] = (await p.client.get('/webauthn/credentials')).body;
  assert.equal((await p.client.delete(`/webauthn/credentials/${passkey.id}`)).status, 204);
  const pref = await p.client.get('/api/v1/user/preferences/useWebauthnOnly');
  assert.equal(pref.body.value, false);
  assert.equal((await c.post('/user/login', { email: p.email, password: 'password123' })).status, 200);
});

test('another user can neither rename nor remove my passkey, nor sign in with it', async () => {
  const me = await person('pk-mine');
  assert.equal((await addPasskey(me)).status, 204);
  const [mine] = (await me.client.get('/webauthn/credentials')).body;
  const them = await person('pk-theirs');
  const rename = await them.client.request('PATCH', `/webauthn/credentials/${mine.id}/name`, { json: { name: 'pwned' } });
  assert.equal(rename.status, 404);
  assert.equal((await them.client.delete(`/webauthn/credentials/${mine.id}`)).status, 204);
  const still = (await me.client.get('/webauthn/credentials')).body;
  assert.deepEqual(still.map((c) => [c.id, c.alias]), [[mine.id, null]]);
  assert.deepEqual((await them.client.get('/webauthn/credentials')).body, []);
});

test('the admin sees each user\'s passkey count and can remove them all', async () => {
  const admin = await person('pk-admin');
  d1Sql(server.state, `UPDATE users SET is_admin = 1 WHERE id = ${admin.me.id}`);
  const p = await person('pk-managed');
  assert.equal((await addPasskey(p)).status, 204);
  assert.equal((await addPasskey(p, { alg: 'RS256' })).status, 204);
  await p.client.request('PUT', '/api/v1/user/preferences/useWebauthnOnly', { json: { value: true } });
  const shown = await admin.client.get(`/api/v1/users/${p.me.id}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.webauthn_credentials, 2);
  assert.equal((await admin.client.delete(`/api/v1/users/${p.me.id}/credentials`)).status, 204);
  assert.equal((await admin.client.get(`/api/v1/users/${p.me.id}`)).body.webauthn_credentials, 0);
  assert.equal((await p.client.get('/api/v1/user/preferences/useWebauthnOnly')).body.value, false);
});

test('failed passkey sign-ins shut the login guard like failed passwords (429)', async () => {
  const p = await person('pk-flood');
  assert.equal((await addPasskey(p)).status, 204);
  d1Sql(server.state, 'DELETE FROM login_attempts');
  const statuses = [];
  for (let i = 0; i < 6; i += 1) {
    const { c, res } = await loginOptions(p.email);
    const bad = p.device.get(res.body, { email: p.email, tamper: { origin: 'https://evil.example' } });
    statuses.push((await c.post('/webauthn/login', bad)).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  // Even the right passkey waits now.
  const { c, res } = await loginOptions(p.email);
  assert.equal((await c.post('/webauthn/login', p.device.get(res.body, { email: p.email }))).status, 429);
  d1Sql(server.state, 'DELETE FROM login_attempts');
});
