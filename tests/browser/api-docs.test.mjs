// The API reference (/api/docs): RapiDoc, served from this origin, renders our OpenAPI document
// under the page's own Content-Security-Policy. Every operation appears under its resource, a
// "Try" with a pasted personal access token answers, nothing is stored, and no policy is broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, createToken, scan, signUp } from '../support/browser.mjs';
import { document as openapi } from '../support/openapi.mjs';

const suite = browserSuite();
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** "METHOD /path" of every operation of the document, by tag. */
function documented() {
  const byTag = new Map(openapi.tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(openapi.paths)) {
    for (const method of METHODS.filter((m) => item[m])) byTag.get(item[method].tags[0]).push(`${method.toUpperCase()} ${path}`);
  }
  return byTag;
}

/** Records what the page's policy refuses: Chromium's console report and the page's own
 *  `securitypolicyviolation` events (those of shadow roots too), from now on. */
async function watchPolicy(page) {
  const refused = [];
  await page.context().addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`securitypolicyviolation: ${e.violatedDirective} ${e.blockedURI}`), true));
  page.on('console', (m) => {
    if (/securitypolicyviolation|Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  return refused;
}

/** Waits until RapiDoc has rendered the whole document (its last operation included). */
async function rendered(page) {
  const count = [...documented().values()].flat().length;
  await page.waitForFunction((n) => document.querySelector('rapi-doc')?.shadowRoot
    ?.querySelectorAll('[part="label-operation-path"]').length === n, count, { timeout: 30_000 });
}

test('/api/docs answers 200 text/html without auth, with a policy of its own: inline styles, never inline scripts', async () => {
  const base = suite.server.base;
  const policy = (res) => res.headers.get('content-security-policy') ?? '';
  const page = await fetch(`${base}/api/docs`, { redirect: 'manual' });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /<rapi-doc spec-url="\/api\/v1\/openapi.json"/);
  // One policy (two would both apply, the app's blocking RapiDoc's styles).
  assert.equal(policy(page).split(',').length, 1, policy(page));
  assert.match(policy(page), /script-src 'self';/);
  assert.doesNotMatch(policy(page), /script-src[^;]*'unsafe-inline'/);
  assert.match(policy(page), /style-src 'self' 'unsafe-inline';/);
  assert.match(policy(page), /frame-ancestors 'none'/);
  // The relaxation stays on that page: the app keeps `style-src 'self'`.
  const app = await fetch(`${base}/accounts`);
  assert.match(policy(app), /style-src 'self';/);
  for (const file of ['/api-docs/rapidoc-min.js', '/api-docs/docs.js']) {
    const res = await fetch(`${base}${file}`);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get('content-type'), /javascript/, file);
  }
});

test('every operation of /api/v1/openapi.json appears in the reference, under its resource', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${suite.server.base}/api/docs`);
  await rendered(page);
  const shown = await page.evaluate(() => [...document.querySelector('rapi-doc').shadowRoot
    .querySelectorAll('[part="section-tag"]')].map((tag) => [
    tag.querySelector('[part~="section-tag-title"]').textContent.trim(),
    [...tag.nextElementSibling.querySelectorAll('[part="section-operation-webhook-method"]')].map((op) =>
      `${op.querySelector('[part="label-operation-method"]').textContent.trim().toUpperCase()} ${op.querySelector('[part="label-operation-path"]').textContent.trim()}`),
  ]));
  const expected = [...documented()].map(([tag, operations]) => [tag, [...operations].sort()]);
  assert.deepEqual(shown.map(([tag, operations]) => [tag, [...operations].sort()]), expected);
  assert.ok(expected.flat(2).length > 80, 'the document has its operations');
  // Examples are shown, not only schemas: the user's, for GET /api/v1/user.
  const user = page.locator('[id="get-/api/v1/user"]');
  await user.getByText('"is_admin"').first().waitFor();
  await context.close();
});

test('the About page and the tokens screen open the reference as a page of its own, which the offline copy leaves alone', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Docs Linker');
  // The app's service worker keeps its pages for offline use; the reference must not become one.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  for (const [screen, ready] of [['/settings/tokens', 'Token name'], ['/about', 'License: MIT']]) {
    await page.goto(`${suite.server.base}${screen}`);
    await page.getByText(ready).first().waitFor();
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL('**/api/docs');
    await rendered(page);
    // A full load: RapiDoc's page, with none of the app's (its loader, inline in the app's page).
    assert.equal(await page.evaluate(() => [...document.scripts].some((s) => s.text.includes('twofold_web'))), false, screen);
  }
  const kept = await page.evaluate(async () => (await (await caches.open('twofold-shell')).match('/'))?.text());
  assert.match(kept ?? '', /<script type="module">[^<]*twofold_web/, "the offline copy of '/' is the app's page");
  assert.doesNotMatch(kept, /rapi-doc/);
  await page.context().close();
});

test('"Try" sends the pasted token and no cookie, shows the answer, stores nothing, and breaks no policy', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Docs Reader');
  const accessToken = await createToken(page, suite.server.base, 'reference');
  const refused = await watchPolicy(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${suite.server.base}/api/docs`);
  await rendered(page);
  const bearer = page.locator('[id="security-scheme-bearer"]');
  await bearer.locator('input').fill(accessToken);
  await bearer.getByRole('button', { name: 'SET' }).click();
  await bearer.getByText('Key Applied').waitFor();
  const operation = page.locator('[id="get-/api/v1/user"]');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/user'));
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/user'));
  await operation.getByRole('button', { name: 'TRY' }).click();
  const headers = await (await sent).allHeaders();
  assert.equal(headers.authorization, `Bearer ${accessToken}`);
  assert.equal(headers.cookie, undefined, 'the signed-in session is not sent');
  assert.equal((await answered).status(), 200);
  await operation.locator('.response-message').filter({ hasText: '200' }).waitFor();
  await operation.getByText('Docs Reader').first().waitFor();

  // Nothing kept: no storage holds the token, and a reload forgets it.
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  assert.ok(!stored.includes(accessToken), stored);
  await page.reload();
  await rendered(page);
  assert.equal(await page.locator('[id="security-scheme-bearer"] input').inputValue(), '');
  await page.locator('#auth').getByText('No API key applied').waitFor();

  assert.equal(refused.length, 0, refused.slice(0, 5).join('\n'));
  assert.deepEqual(errors, []);
  // The watch works: an inline script, which the policy refuses, is reported.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('script'), { textContent: 'void 0' })));
  await page.waitForTimeout(200);
  assert.ok(refused.some((m) => /script-src/.test(m)), refused.join('\n'));
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`the reference passes axe where its markup is ours (${scheme}, ${width} px)`, async () => {
      // The CSP forbids injected scripts; the scanner is the test's, not the page's.
      const context = await suite.browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${suite.server.base}/api/docs`);
      await rendered(page);
      await scan(page, `api reference (${scheme}, ${width} px)`, `api-docs-${scheme}-${width}`, { ownMarkupOnly: true });
      await context.close();
    });
  }
}
