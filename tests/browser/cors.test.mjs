// A page of another origin, as the 2FAuth browser extension is when the browser does not grant it
// the server's site: with a personal access token it reads the API; with the visitor's cookies it
// reads nothing, even on the same host (another port shares the cookies, not the origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { browserSuite, createToken, signUp } from '../support/browser.mjs';

const suite = browserSuite();

test('another origin reads the API with a bearer token, never with the signed-in session', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Cors Browser');
  const accessToken = await createToken(page, suite.server.base, 'extension');
  // The other origin: a blank page served from another port of this machine.
  const other = createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<!doctype html><title>elsewhere</title>'); });
  await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
  try {
    const elsewhere = await page.context().newPage();
    await elsewhere.goto(`http://127.0.0.1:${other.address().port}/`);
    const outcome = await elsewhere.evaluate(async ({ base, token }) => {
      const attempt = async (init) => {
        try {
          const res = await fetch(`${base}/api/v1/user`, init);
          return { status: res.status, body: await res.text() };
        } catch (e) {
          return { blocked: e.name };
        }
      };
      const xsrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.split('=')[1] ?? '');
      return {
        bearer: await attempt({ headers: { Authorization: `Bearer ${token}`, 'X-Requested-With': 'XMLHttpRequest' } }),
        cookies: await attempt({ credentials: 'include' }),
        cookiesWithCsrf: await attempt({ credentials: 'include', headers: { 'X-XSRF-TOKEN': xsrf } }),
        sameSiteCookieVisible: xsrf.length > 0,
      };
    }, { base: suite.server.base, token: accessToken });
    assert.equal(outcome.bearer.status, 200, JSON.stringify(outcome.bearer));
    assert.equal(JSON.parse(outcome.bearer.body).name, 'Cors Browser');
    assert.ok(outcome.sameSiteCookieVisible, 'the other port sees the XSRF cookie: only the origin check stands');
    for (const key of ['cookies', 'cookiesWithCsrf']) {
      const r = outcome[key];
      assert.ok(r.blocked || r.status === 401, `${key}: ${JSON.stringify(r)}`);
      assert.ok(!(r.body ?? '').includes('Cors Browser'), key);
    }
    await elsewhere.close();
  } finally {
    other.close();
  }
});
