// An HTTP client for the black-box suites: a cookie jar (session + XSRF-TOKEN), the CSRF header
// the web routes require, optional bearer token, and OpenAPI validation of every response.
import { checkResponse } from './openapi.mjs';
import { sendPastDevProxy } from './dev-proxy.mjs';

/** `fetch`, sent once more when a read (GET, HEAD) found its kept-alive connection closed by the
 *  server meanwhile: undici fails it with "other side closed" (seen once in CI on a GET right
 *  after a test whose bodies the worker had refused unread with 413, which ends their
 *  connection). A read asked twice changes nothing; any other request's failure is thrown. */
async function fetchRead(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!['GET', 'HEAD'].includes(init.method) || error.cause?.code !== 'UND_ERR_SOCKET') throw error;
    console.log(`[client] ${init.method} ${new URL(url).pathname}: its kept-alive connection was closed (${error.cause.message}): sent again`);
    return fetch(url, init);
  }
}

export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.token = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Sends a request; returns {status, body, text, headers}. */
  async request(method, path, { json, body, headers = {}, csrf = true, cookies = true } = {}) {
    const h = { Accept: 'application/json', ...headers };
    if (cookies && this.cookies.size) h.Cookie = this.cookieHeader();
    if (csrf && this.cookies.has('XSRF-TOKEN')) h['X-XSRF-TOKEN'] = this.cookies.get('XSRF-TOKEN');
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    let payload = body;
    if (json !== undefined) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    }
    const res = await sendPastDevProxy(() => fetchRead(this.base + path, { method, headers: h, body: payload, redirect: 'manual' }), `${method} ${path}`);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = pair.split('=');
      if (attrs.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    let parsed = null;
    if (type.includes('application/json') && text) parsed = JSON.parse(text);
    checkResponse(method, res.url || this.base + path, res.status, type, parsed);
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, json, opts = {}) { return this.request('POST', path, { ...opts, json }); }
  delete(path, opts) { return this.request('DELETE', path, opts); }

  async csrf() {
    const res = await this.get('/refresh-csrf');
    if (res.status !== 200) throw new Error(`refresh-csrf answered ${res.status}`);
    return res.text;
  }

  /** Registers (and so signs in) a user. */
  async register(name, email, password = 'password123') {
    await this.csrf();
    const res = await this.post('/user', { name, email, password, password_confirmation: password });
    if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
    return res.body;
  }

  /** Creates a personal access token and returns a new Client that uses only it. */
  async tokenClient(name = 'tests') {
    const res = await this.post('/oauth/personal-access-tokens', { name });
    if (res.status !== 200) throw new Error(`token creation answered ${res.status}: ${res.text}`);
    const client = new Client(this.base);
    client.token = res.body.accessToken;
    client.tokenId = res.body.accessTokenId;
    return client;
  }
}

let counter = 0;
/** A unique e-mail per call, so suites sharing one server never collide. */
export function uniqueEmail(prefix = 'user') {
  counter += 1;
  return `${prefix}.${process.pid}.${Date.now()}.${counter}@example.com`;
}
