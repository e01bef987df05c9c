// The counterparts of the single sign-on suites, on loopback:
// - a real OpenID provider (npm oidc-provider) whose sign-in page is a one-field form (the account
//   id to sign in as) that grants the scopes asked; its token answers can be tampered with by a
//   test (an ID token re-signed with other claims or another key) to play a hostile provider;
// - a server speaking GitHub's documented OAuth-app endpoints (GitHub has no local emulation):
//   /login/oauth/authorize, /login/oauth/access_token, /user, /user/emails, with PKCE checked.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';

/** A signing key pair as a JWK set member (`kid`), with its private key for re-signing. */
export async function signingKey(kid) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, jwk, privateKey, publicKey };
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => resolve(data));
  });
}

function listen(server, port) {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

/**
 * Starts an OpenID provider on `port` (reserved by the caller, so the worker can be told its
 * issuer first). `accounts` maps account ids to claims; `clients` are oidc-provider client
 * metadata. Returns { issuer, key, setTamper(fn|null), stop() }.
 */
export async function startOidcProvider({ port, accounts, clients }) {
  const issuer = `http://127.0.0.1:${port}`;
  const key = await signingKey('provider-key');
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [key.jwk] },
    findAccount: async (_ctx, id) => (accounts[id] ? {
      accountId: id,
      claims: async () => ({ sub: id, ...accounts[id] }),
    } : undefined),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'nickname'],
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });
  let tamper = null;
  const handler = provider.callback();

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>Test provider</title><form method="post">
        <label>Account <input name="login" autofocus></label>
        <button type="submit">Sign in</button></form>`);
      return;
    }
    const login = new URLSearchParams(await readBody(req)).get('login');
    if (!accounts[login]) {
      res.statusCode = 400;
      res.end('unknown account');
      return;
    }
    const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res,
      { login: { accountId: login }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server = createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((e) => { res.statusCode = 500; res.end(String(e)); });
      return;
    }
    if (tamper && req.method === 'POST' && req.url.startsWith('/token')) {
      // The provider's real answer, its ID token replaced by what the test makes of it.
      const end = res.end.bind(res);
      res.end = (chunk, ...rest) => {
        (async () => {
          let out = chunk;
          try {
            const body = JSON.parse(chunk.toString());
            if (body.id_token) body.id_token = await tamper(body.id_token, key);
            out = JSON.stringify(body);
            res.setHeader('Content-Length', Buffer.byteLength(out));
          } catch { /* not JSON: passed on */ }
          end(out, ...rest);
        })();
        return res;
      };
    }
    handler(req, res);
  });
  await listen(server, port);
  return {
    issuer,
    key,
    setTamper(fn) { tamper = fn; },
    async stop() { server.closeAllConnections(); await new Promise((r) => server.close(r)); },
  };
}

/** Re-signs `token`'s claims, changed by `change`, with `signer` (a signingKey). */
export async function resign(token, signer, change = () => {}) {
  const claims = decodeJwt(token);
  const header = decodeProtectedHeader(token);
  change(claims);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid, typ: header.typ })
    .sign(signer.privateKey);
}

/** Starts a server speaking GitHub's OAuth-app endpoints on a free port. `users` maps a login to
 *  { id, login, name, email, emails }; `setUser(login)` chooses who approves the next request. */
export async function startGithub({ clientId, clientSecret, users }) {
  let current = null;
  const codes = new Map();
  const tokens = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const json = (status, body) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== clientId || p.get('code_challenge_method') !== 'S256' || !current) {
        res.statusCode = 400;
        res.end('bad authorization request');
        return;
      }
      const code = randomBytes(10).toString('hex');
      codes.set(code, { user: current, challenge: p.get('code_challenge'), redirect: p.get('redirect_uri') });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.statusCode = 302;
      res.setHeader('Location', back.href);
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const p = new URLSearchParams(await readBody(req));
      const issued = codes.get(p.get('code'));
      codes.delete(p.get('code'));
      const verifier = p.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      // GitHub answers a refused exchange with 200 and an `error`.
      if (!issued || p.get('client_id') !== clientId || p.get('client_secret') !== clientSecret
          || p.get('redirect_uri') !== issued.redirect || challenge !== issued.challenge) {
        json(200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
        return;
      }
      const token = `gho_${randomBytes(16).toString('hex')}`;
      tokens.set(token, issued.user);
      json(200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
      return;
    }
    const auth = req.headers.authorization ?? '';
    const user = users[tokens.get(auth.replace(/^(Bearer|token) /i, ''))];
    if (!req.headers['user-agent']) { json(403, { message: 'Request forbidden by administrative rules.' }); return; }
    if (!user) { json(401, { message: 'Bad credentials' }); return; }
    if (req.method === 'GET' && url.pathname === '/user') {
      json(200, { login: user.login, id: user.id, name: user.name, email: user.email ?? null });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/user/emails') {
      json(200, user.emails ?? []);
      return;
    }
    json(404, { message: 'Not Found' });
  });
  await listen(server, 0);
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    setUser(login) { current = login; },
    async stop() { server.closeAllConnections(); await new Promise((r) => server.close(r)); },
  };
}

/** A browser's way through the provider: follows its redirects with its own cookies, posts the
 *  sign-in form as `login`, and returns the URL it finally sends the browser to (the callback). */
export async function throughProvider(authorizationUrl, login, stopAt) {
  const jar = new Map();
  let url = authorizationUrl;
  let method = 'GET';
  let body;
  for (let hops = 0; hops < 10; hops += 1) {
    if (url.startsWith(stopAt)) return url;
    const headers = { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    if (res.status === 200 && (res.headers.get('content-type') ?? '').includes('text/html')) {
      await res.text();
      method = 'POST';
      body = new URLSearchParams({ login }).toString();
      continue;
    }
    throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
  }
  throw new Error('too many redirects at the provider');
}
