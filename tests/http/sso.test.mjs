// Single sign-on (2FAuth's /socialite/* routes) against real counterparts on loopback: npm
// oidc-provider as the OpenID provider (its ID tokens verified through its discovery and JWKS), and
// a server speaking GitHub's documented OAuth-app endpoints (GitHub has no local emulation). Covers
// 2FAuth's behaviour (user matching and naming, first user admin, the /error?err=sso_* redirects,
// the SSO-only gates, SSO users' profile refused) and ours: the state single-use and bound to the
// browser, PKCE, the nonce, and ID tokens that are foreign, stale or meant for someone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SUITE_VARS, reservePort, startServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';
import { resign, signingKey, startGithub, startOidcProvider, throughProvider } from '../support/sso.mjs';

const SECRET = 'a-client-secret-of-the-tests';
const accounts = {
  'u-alice': { preferred_username: 'alice', name: 'Alice A', email: 'Alice@Example.org', email_verified: true },
  'u-bob': { name: 'Bob B', email: 'bob@example.org', email_verified: true },
  'u-carol': { preferred_username: 'carol', email: 'carol@example.org' },
  'u-dave': { preferred_username: 'dave', email: 'dave@example.org' },
  'u-erin': { preferred_username: 'erin', email: 'erin@example.org' },
  'u-noemail': { preferred_username: 'ghost' },
};
const githubUsers = {
  octo: { login: 'octo', id: 1234, name: 'Octo Cat', email: null,
    emails: [{ email: 'old@example.net', primary: false, verified: true },
      { email: 'Octo@Example.net', primary: true, verified: true }] },
  hidden: { login: 'hidden', id: 99, name: null, email: null, emails: [] },
};

let provider; let github; let server; let plain;
before(async () => {
  // Held until the provider listens there: the two wrangler devs take ports as they start.
  const reserved = await reservePort();
  const { port } = reserved;
  const issuer = `http://127.0.0.1:${port}`;
  github = await startGithub({ clientId: 'gh-client', clientSecret: SECRET, users: githubUsers });
  // `server`: OpenID through discovery (ID tokens verified) and GitHub. `plain`: 2FAuth's
  // variables only (authorize, token, userinfo URLs; no ID token check) and no GitHub.
  [server, plain] = await Promise.all([
    startServer({ vars: { ...SUITE_VARS, OPENID_CLIENT_ID: 'twofold', OPENID_CLIENT_SECRET: SECRET,
      OPENID_DISCOVERY_URL: issuer, GITHUB_CLIENT_ID: 'gh-client', GITHUB_CLIENT_SECRET: SECRET,
      TWOFOLD_GITHUB_URL: github.base, TWOFOLD_GITHUB_API_URL: github.base } }),
    startServer({ vars: { ...SUITE_VARS, OPENID_CLIENT_ID: 'plain', OPENID_CLIENT_SECRET: SECRET,
      OPENID_AUTHORIZE_URL: `${issuer}/auth`, OPENID_TOKEN_URL: `${issuer}/token`,
      OPENID_USERINFO_URL: `${issuer}/me` } }),
  ]);
  const client = (id, base) => ({ client_id: id, client_secret: SECRET, grant_types: ['authorization_code'],
    response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    redirect_uris: [`${base}/socialite/callback/openid`] });
  await reserved.release();
  provider = await startOidcProvider({ port, accounts,
    clients: [client('twofold', server.base), client('plain', plain.base)] });
});
after(async () => {
  await server?.stop();
  await plain?.stop();
  await provider?.stop();
  await github?.stop();
});

/** Starts a sign-in in `browser` (a Client): the redirect's Location. */
async function start(browser, driver = 'openid') {
  if (!browser.cookies.has('XSRF-TOKEN')) await browser.csrf();
  const res = await browser.get(`/socialite/redirect/${driver}`);
  assert.equal(res.status, 302, res.text);
  return res.headers.get('location');
}

/** The provider's answer as the browser gets it: the callback path (with its query). */
async function atProvider(browser, location, login, driver = 'openid') {
  if (driver === 'github') {
    github.setUser(login);
    const res = await fetch(location, { redirect: 'manual' });
    assert.equal(res.status, 302, await res.text());
    return new URL(res.headers.get('location')).href.slice(browser.base.length);
  }
  const back = await throughProvider(location, login, `${browser.base}/socialite/callback/`);
  return back.slice(browser.base.length);
}

/** A whole sign-in: the callback's answer (302) and the browser. */
async function signIn(login, { browser = new Client(server.base), driver = 'openid' } = {}) {
  const location = await start(browser, driver);
  const callback = await atProvider(browser, location, login, driver);
  const res = await browser.get(callback);
  assert.equal(res.status, 302, res.text);
  return { res, browser, callback, where: res.headers.get('location') };
}

async function me(browser) {
  const res = await browser.get('/api/v1/user');
  assert.equal(res.status, 200, res.text);
  return res.body;
}

let admin;
async function setting(key, value) {
  const res = await admin.request('PUT', `/api/v1/settings/${key}`, { json: { value } });
  assert.equal(res.status, 200, res.text);
}

test('the first OpenID sign-in creates the admin, named and addressed as 2FAuth does; the next finds him again', async () => {
  const offered = await new Client(server.base).get('/socialite/providers');
  assert.deepEqual(offered.body, { providers: ['openid', 'github'], useSsoOnly: false });

  const browser = new Client(server.base);
  const location = new URL(await start(browser));
  assert.equal(location.origin, provider.issuer);
  const q = location.searchParams;
  assert.equal(q.get('client_id'), 'twofold');
  assert.equal(q.get('redirect_uri'), `${server.base}/socialite/callback/openid`);
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(q.get('state').length >= 32 && q.get('nonce').length >= 32);
  assert.ok(browser.cookies.get('twofold_sso').length >= 32, 'the state is bound to a browser cookie');

  const callback = await atProvider(browser, location.href, 'u-alice');
  const res = await browser.get(callback);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/accounts');
  admin = browser;
  const alice = await me(browser);
  assert.equal(alice.name, 'alice (u-alice@openid)');
  assert.equal(alice.email, 'alice@example.org');
  assert.equal(alice.oauth_provider, 'openid');
  assert.equal(alice.is_admin, true, 'the first user is the admin');

  const log = await browser.get(`/api/v1/users/${alice.id}/authentications`);
  assert.equal(log.body[0].login_method, 'sso');
  assert.equal(log.body[0].login_successful, true);

  // Returning, in another browser: the same account, its e-mail following the provider's.
  accounts['u-alice'].email = 'alice.new@example.org';
  const again = await signIn('u-alice');
  assert.equal(again.where, '/accounts');
  const back = await me(again.browser);
  assert.equal(back.id, alice.id);
  assert.equal(back.email, 'alice.new@example.org');

  // Another person is a member, named by his name when he has no nickname.
  const bob = await me((await signIn('u-bob')).browser);
  assert.equal(bob.name, 'Bob B (u-bob@openid)');
  assert.equal(bob.is_admin, false);
  assert.equal(bob.oauth_provider, 'openid');
});

test('a state is used once, by the browser it was issued to, for its provider', async () => {
  // Replayed: the callback of a completed sign-in, sent again.
  const done = await signIn('u-bob');
  const replay = await done.browser.get(done.callback);
  assert.equal(replay.headers.get('location'), '/error?err=sso_failed');

  // Another browser (no cookie, or another one) brings back someone else's callback.
  for (const thief of [new Client(server.base), await (async () => {
    const c = new Client(server.base); await start(c); return c;
  })()]) {
    const victim = new Client(server.base);
    const callback = await atProvider(victim, await start(victim), 'u-bob');
    const stolen = await thief.get(callback);
    assert.equal(stolen.headers.get('location'), '/error?err=sso_failed');
    // ... and the state is spent: the victim's own browser cannot use it afterwards either.
    assert.equal((await victim.get(callback)).headers.get('location'), '/error?err=sso_failed');
  }

  // A made-up state, and none at all.
  const browser = new Client(server.base);
  const callback = await atProvider(browser, await start(browser), 'u-bob');
  const forged = callback.replace(/state=[^&]+/, 'state=forged-state-forged-state-forged-state');
  assert.equal((await browser.get(forged)).headers.get('location'), '/error?err=sso_failed');
  const code = new URLSearchParams(callback.split('?')[1]).get('code');
  assert.equal((await browser.get(`/socialite/callback/openid?code=${code}`)).headers.get('location'), '/error?err=sso_failed');

  // A state issued for GitHub does not open the OpenID callback.
  const gh = new Client(server.base);
  const ghLocation = new URL(await start(gh, 'github'));
  const state = ghLocation.searchParams.get('state');
  assert.equal((await gh.get(`/socialite/callback/openid?code=x&state=${state}`)).headers.get('location'), '/error?err=sso_failed');
});

test('ID tokens: foreign keys, other audiences or issuers, stale tokens and other nonces are refused', async () => {
  const stranger = await signingKey('provider-key'); // the provider's kid, another key
  const cases = [
    ['signed by another key', (t, key) => resign(t, stranger)],
    ['for another client', (t, key) => resign(t, key, (c) => { c.aud = 'someone-else'; })],
    ['from another issuer', (t, key) => resign(t, key, (c) => { c.iss = 'http://127.0.0.1:9'; })],
    ['expired', (t, key) => resign(t, key, (c) => { c.exp = Math.floor(Date.now() / 1000) - 3600; c.iat = c.exp - 60; })],
    ['of another sign-in (nonce)', (t, key) => resign(t, key, (c) => { c.nonce = 'another-sign-in'; })],
    ['unsigned', (t) => { const [, body] = t.split('.'); return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`; }],
    ['missing', () => undefined],
  ];
  try {
    for (const [what, tamper] of cases) {
      provider.setTamper(tamper);
      const { where } = await signIn('u-bob');
      assert.equal(where, '/error?err=sso_failed', what);
    }
    // Positive control: the same re-signing with the provider's key and claims unchanged passes.
    provider.setTamper((t, key) => resign(t, key));
    assert.equal((await signIn('u-bob')).where, '/accounts');
  } finally {
    provider.setTamper(null);
  }
});

test('sso_email_already_used, sso_no_register, sso_disabled', async () => {
  // Carol registered with a password; a provider's user with her e-mail does not take it over.
  const carol = new Client(server.base);
  await carol.register('Carol', 'carol@example.org');
  assert.equal((await signIn('u-carol')).where, '/error?err=sso_email_already_used');

  await setting('disableRegistration', true);
  try {
    assert.equal((await signIn('u-dave')).where, '/error?err=sso_no_register');
    await setting('keepSsoRegistrationEnabled', true);
    assert.equal((await signIn('u-dave')).where, '/accounts');
    // Known users are not registrations.
    await setting('keepSsoRegistrationEnabled', false);
    assert.equal((await signIn('u-dave')).where, '/accounts');
  } finally {
    await setting('disableRegistration', false);
    await setting('keepSsoRegistrationEnabled', false);
  }

  // A provider without e-mail: {id}@{driver}.
  const ghost = await me((await signIn('u-noemail')).browser);
  assert.equal(ghost.email, 'u-noemail@openid');

  // Disabled: no redirect to the provider, no callback taken, no button offered.
  const browser = new Client(server.base);
  const location = await start(browser);
  const callback = await atProvider(browser, location, 'u-bob');
  await setting('enableSso', false);
  try {
    const res = await browser.get('/socialite/redirect/openid');
    assert.equal(res.headers.get('location'), '/error?err=sso_disabled');
    assert.equal((await browser.get(callback)).headers.get('location'), '/error?err=sso_disabled');
    assert.deepEqual((await browser.get('/socialite/providers')).body.providers, []);
  } finally {
    await setting('enableSso', true);
  }
});

test('an SSO user cannot change his profile or password (400), a password user still can', async () => {
  const { browser } = await signIn('u-erin');
  const erin = await me(browser);
  const profile = await browser.request('PUT', '/user', { json: { name: 'Erin', email: 'erin@example.org', password: 'whatever1' } });
  assert.equal(profile.status, 400);
  assert.deepEqual(profile.body, { message: 'Account managed by an external provider' });
  const password = await browser.request('PATCH', '/user/password',
    { json: { currentPassword: 'whatever1', password: 'password123', password_confirmation: 'password123' } });
  assert.equal(password.status, 400);
  assert.deepEqual(password.body, { message: 'Account managed by an external provider' });
  assert.equal((await me(browser)).name, erin.name);
  // Validation still comes first, as 2FAuth's form request does.
  assert.equal((await browser.request('PUT', '/user', { json: {} })).status, 422);

  const pw = new Client(server.base);
  const email = uniqueEmail('sso-pw');
  await pw.register('Pat Word', email);
  const changed = await pw.request('PUT', '/user', { json: { name: 'Pat Word 2', email, password: 'password123' } });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.oauth_provider, null);
});

test('useSsoOnly: password, passkey and registration are for admins (405); tokens and passkey management 403 for others', async () => {
  const ONLY = 'This authentication method is for administrators only. Users must log in with SSO.';
  // A password admin (promoted by the SSO admin) and a password member, signed in before the switch.
  const boss = new Client(server.base);
  const bossEmail = uniqueEmail('sso-boss');
  const bossUser = await boss.register('Boss', bossEmail);
  assert.equal((await admin.request('PATCH', `/api/v1/users/${bossUser.id}/promote`, { json: { is_admin: true } })).status, 200);
  const member = new Client(server.base);
  const memberEmail = uniqueEmail('sso-member');
  await member.register('Member', memberEmail);

  await setting('useSsoOnly', true);
  try {
    assert.equal((await member.get('/socialite/providers')).body.useSsoOnly, true);
    const login = async (email) => {
      const c = new Client(server.base);
      await c.csrf();
      return c.post('/user/login', { email, password: 'password123' });
    };
    const refused = await login(memberEmail);
    assert.equal(refused.status, 405);
    assert.deepEqual(refused.body, { message: ONLY });
    assert.equal((await login('nobody@example.org')).status, 405);
    assert.equal((await login(bossEmail)).status, 200, 'admins keep their password');

    const newcomer = new Client(server.base);
    await newcomer.csrf();
    const register = await newcomer.post('/user', { name: 'New', email: uniqueEmail('sso-new'), password: 'password123', password_confirmation: 'password123' });
    assert.equal(register.status, 405);
    assert.deepEqual(register.body, { message: ONLY });

    const passkey = await newcomer.post('/webauthn/login', { id: 'AAAA', rawId: 'AAAA', type: 'public-key', email: memberEmail,
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } });
    assert.equal(passkey.status, 405);
    assert.deepEqual(passkey.body, { message: ONLY });

    for (const [method, path, json] of [['GET', '/oauth/personal-access-tokens'], ['POST', '/oauth/personal-access-tokens', { name: 'x' }],
      ['DELETE', '/oauth/personal-access-tokens/abc'], ['POST', '/webauthn/register/options', {}]]) {
      const res = await member.request(method, path, { json });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual(res.body, { message: 'forbidden', reason: ONLY });
      assert.equal((await boss.request(method, path, { json })).status === 403, false, `admin: ${method} ${path}`);
    }
    await setting('allowPatWhileSsoOnly', true);
    assert.equal((await member.get('/oauth/personal-access-tokens')).status, 200);
    assert.equal((await member.post('/oauth/personal-access-tokens', { name: 'allowed' })).status, 200);
    assert.equal((await member.post('/webauthn/register/options', {})).status, 403, 'passkeys stay closed');

    // SSO itself still signs people in.
    assert.equal((await signIn('u-bob')).where, '/accounts');
  } finally {
    await setting('useSsoOnly', false);
    await setting('allowPatWhileSsoOnly', false);
  }
  assert.equal((await member.get('/oauth/personal-access-tokens')).status, 200);
});

test('GitHub (a loopback server speaking its OAuth-app endpoints): PKCE, the primary verified e-mail, {id}@github without one', async () => {
  const first = await signIn('octo', { driver: 'github' });
  assert.equal(first.where, '/accounts');
  const octo = await me(first.browser);
  assert.equal(octo.name, 'octo (1234@github)');
  assert.equal(octo.email, 'octo@example.net');
  assert.equal(octo.oauth_provider, 'github');
  const again = await me((await signIn('octo', { driver: 'github' })).browser);
  assert.equal(again.id, octo.id);
  assert.equal((await me((await signIn('hidden', { driver: 'github' })).browser)).email, '99@github');

  // The code alone, without this sign-in's verifier (here: another sign-in's state), is refused.
  const browser = new Client(server.base);
  const location = await start(browser, 'github');
  const callback = await atProvider(browser, location, 'octo', 'github');
  const other = new URL(await start(browser, 'github')).searchParams.get('state');
  const swapped = callback.replace(/state=[^&]+/, `state=${other}`);
  assert.equal((await browser.get(swapped)).headers.get('location'), '/error?err=sso_failed');
});

test('2FAuth\'s variables alone (no discovery) sign in; a provider not configured is sso_bad_provider_setup', async () => {
  const offered = await new Client(plain.base).get('/socialite/providers');
  assert.deepEqual(offered.body, { providers: ['openid'], useSsoOnly: false });
  const browser = new Client(plain.base);
  const location = await start(browser);
  const callback = await atProvider(browser, location, 'u-alice');
  const res = await browser.get(callback);
  assert.equal(res.headers.get('location'), '/accounts');
  const user = await me(browser);
  assert.equal(user.oauth_provider, 'openid');
  assert.equal(user.is_admin, true);

  const gh = await browser.get('/socialite/redirect/github');
  assert.equal(gh.status, 302);
  assert.equal(gh.headers.get('location'), '/error?err=sso_bad_provider_setup');
  assert.equal((await browser.get('/socialite/redirect/gitlab')).status, 404);
  assert.equal((await browser.request('POST', '/socialite/redirect/openid')).status, 405);
});
