// A request through node:http rather than fetch: fetch turns a 407 (Proxy Authentication Required,
// which 2FAuth's reverse-proxy guard answers when the proxy names no user) into a network error, as
// the Fetch standard asks. The answer is checked against the OpenAPI document like the Client's.
import { request } from 'node:http';
import { checkResponse } from './openapi.mjs';

/** Sends `method path` with `headers` (and a JSON `json` body); resolves {status, body, text, headers}. */
export function rawRequest(base, method, path, { headers = {}, json } = {}) {
  const url = new URL(path, base);
  const payload = json === undefined ? undefined : JSON.stringify(json);
  const sent = { Accept: 'application/json', ...headers };
  if (payload !== undefined) sent['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: sent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = res.headers['content-type'] ?? '';
        const body = type.includes('application/json') && text ? JSON.parse(text) : null;
        try {
          checkResponse(method, url.href, res.statusCode, type, body);
        } catch (error) {
          reject(error);
          return;
        }
        resolve({ status: res.statusCode, body, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
