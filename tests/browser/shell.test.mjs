// 2FAuth's web UI, the shell: the language chosen by the `lang` preference or the browser (all sixteen:
// languages.test.mjs); auto-lock after
// `kickUserAfter` minutes of inactivity, or right after a copy when it is -1; the footer
// (showEmailInFooter, showQuickNavMenus) and dates in the `timezone` preference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { browserSuite, signUp, setPreference, preference, addByUri, navigate } from '../support/browser.mjs';
import { ROOT } from '../support/server.mjs';

const OUT = join(ROOT, 'test-output', 'screenshots');
const URI = 'otpauth://totp/Lang:me@example.com?secret=A4GRFHVVRBGY7UIW';

const suite = browserSuite();

test('the page\'s one inline script is its loader, allowed by its hash alone: a script injected inline is refused', async () => {
  const page = await suite.browser.newPage();
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) refused.push(m.text()); });
  const res = await page.goto(`${suite.server.base}/login`);
  await page.getByRole('heading', { name: 'Sign in to Twofold' }).waitFor();
  const policy = res.headers()['content-security-policy'];
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).map((s) => s.text));
  assert.equal(inline.length, 1, 'one inline script');
  const hash = createHash('sha256').update(inline[0], 'utf8').digest('base64');
  assert.equal(scriptSrc, `script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`);
  // What an injection would add: an inline script of other text, and an inline event handler.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.text = 'window.injected = true';
    document.head.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.injected = true');
    img.src = 'data:,';
    document.body.append(img);
  });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.injected), undefined);
  assert.ok(refused.length >= 2, refused.join('\n'));
  await page.close();
});

test('a French browser gets the sign-in page in French; the lang preference wins over it', async () => {
  const context = await suite.browser.newContext({ locale: 'fr-FR' });
  const login = await context.newPage();
  await login.goto(`${suite.server.base}/login`);
  await login.getByRole('heading', { name: 'Connexion à Twofold' }).waitFor();
  assert.equal(await login.locator('html').getAttribute('lang'), 'fr');
  await context.close();

  const page = await signUp(suite.browser, suite.server.base, 'Lang User', { locale: 'en-US' });
  await page.getByRole('link', { name: 'Options' }).click();
  await page.getByLabel('Language').selectOption('fr');
  // The app reloads in French.
  await page.getByRole('heading', { name: 'Options' }).waitFor();
  await page.getByRole('link', { name: 'Comptes' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByLabel('Thème').waitFor();
  await page.screenshot({ path: join(OUT, 'options-fr-1280.png') });
  await page.getByRole('link', { name: 'Comptes' }).click();
  await addByUri(page, suite.server.base, URI, { paste: 'Ou collez une URI otpauth://', read: 'Lire', save: 'Enregistrer' });
  await page.locator('.account').first().waitFor();
  await page.getByRole('link', { name: 'Modifier Lang me@example.com' }).waitFor();

  // Back to the browser's language (English here).
  await setPreference(page, suite.server.base, 'lang', 'browser');
  await navigate(page, () => page.reload());
  await page.getByRole('link', { name: 'Accounts', exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.context().close();
});

test('auto-lock: signed out after kickUserAfter minutes without activity, and on copy with -1', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Lock User');
  await setPreference(page, suite.server.base, 'kickUserAfter', 1);
  await page.clock.install();
  // The watch starts once the shell has read the preferences.
  const preferences = page.waitForResponse((r) => r.url().endsWith('/api/v1/user'));
  await page.reload();
  await preferences;
  await page.waitForTimeout(300);
  await page.clock.fastForward('00:50');
  await page.waitForTimeout(200);
  assert.match(page.url(), /\/accounts$/, 'still signed in after 50 s');
  await page.clock.fastForward('00:15');
  await page.waitForURL('**/login');
  // The session is over on the server too.
  const res = await page.request.get(`${suite.server.base}/api/v1/user`, { headers: { Accept: 'application/json' } });
  assert.equal(res.status(), 401);
  await page.context().close();

  const copier = await signUp(suite.browser, suite.server.base, 'Copy Lock User', { liveCodes: true });
  await copier.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await addByUri(copier, suite.server.base, URI);
  await setPreference(copier, suite.server.base, 'kickUserAfter', -1);
  await copier.reload();
  await copier.locator('.account .code').first().filter({ hasText: /\d/ }).click();
  await copier.waitForURL('**/login');
  await copier.context().close();
});

test('a session ended elsewhere sends the next API call to the sign-in page', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Ended User');
  await page.getByRole('link', { name: 'Groups' }).click();
  await page.waitForURL('**/groups');
  // Signed out in another tab (which sends the CSRF header, as every tab of the app does): the
  // cookie session is gone.
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const out = await page.request.get(`${suite.server.base}/user/logout`, { headers: { Accept: 'application/json', 'X-XSRF-TOKEN': xsrf } });
  assert.equal(out.status(), 200);
  // The next call (a pending one may already have answered 401) leads to the sign-in page.
  await page.evaluate(() => document.querySelector('a[href="/accounts"]')?.click())
    .catch(() => { /* that pending call already left the page */ });
  await page.waitForURL('**/login');
  await page.context().close();
});

test('options: every time zone the browser knows; the footer follows its switches at once; dates in the zone chosen', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Zone User');
  const footer = page.locator('footer');
  await page.waitForFunction(() => document.querySelector('footer .email')?.textContent.endsWith('@example.com'));
  await footer.getByRole('navigation', { name: 'Quick links' }).getByRole('link', { name: 'Manage' }).waitFor();

  await page.getByRole('link', { name: 'Options' }).click();
  const zone = page.getByLabel('Time zone');
  await zone.waitFor();
  assert.ok(await zone.locator('option').count() > 300, 'the IANA zones of Intl.supportedValuesOf');
  await zone.selectOption('Asia/Tokyo');
  await page.getByRole('status').filter({ hasText: 'Time zone: saved' }).waitFor();
  assert.equal(await preference(page, suite.server.base, 'timezone'), 'Asia/Tokyo');

  await page.getByLabel('Quick links in the footer').uncheck();
  await footer.getByRole('navigation', { name: 'Quick links' }).waitFor({ state: 'detached' });
  await page.getByLabel('Show my e-mail in the footer').uncheck();
  await page.waitForFunction(() => document.querySelector('footer .email')?.textContent === '');
  await page.reload();
  await page.getByLabel('Time zone').waitFor();
  assert.equal(await page.getByLabel('Time zone').inputValue(), 'Asia/Tokyo');
  assert.equal(await footer.locator('.email').textContent(), '');
  assert.equal(await footer.getByRole('navigation', { name: 'Quick links' }).count(), 0);

  // A language set elsewhere that Twofold does not have (2FAuth ships a Polish file it does not
  // enable) shows as it is, the app in the browser's language; one it has is followed at once.
  await setPreference(page, suite.server.base, 'lang', 'pl');
  await navigate(page, () => page.reload());
  await page.getByLabel('Language').waitFor();
  assert.equal(await page.getByLabel('Language').inputValue(), 'pl');
  await setPreference(page, suite.server.base, 'lang', 'de');
  await navigate(page, () => page.reload());
  await page.getByLabel('Sprache').waitFor();
  assert.equal(await page.getByLabel('Sprache').inputValue(), 'de');
  await setPreference(page, suite.server.base, 'lang', 'browser');
  await navigate(page, () => page.reload());
  await page.getByLabel('Language').waitFor();

  // A new token expires in a year: its date is written in the zone chosen.
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByLabel('Token name').fill('CLI');
  await page.getByRole('button', { name: 'Create token' }).click();
  const expiry = page.locator('.tokens .expires');
  await expiry.waitFor();
  const next = new Date(Date.now() + 365 * 86400e3);
  const want = next.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' });
  // Minutes may tick between the server's clock and ours: compare the day.
  assert.equal((await expiry.textContent()).split(',').slice(0, 2).join(','), `expires ${want.split(',').slice(0, 2).join(',')}`);
  await page.context().close();
});

test('installable: the manifest gives the icons at the sizes it declares and shortcuts to screens that exist', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Install User');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(`${suite.server.base}${href}`)).json();
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/accounts');
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
  for (const icon of manifest.icons) {
    const res = await page.request.get(`${suite.server.base}${icon.src}`);
    assert.equal(res.status(), 200, icon.src);
    assert.equal(res.headers()['content-type'].split(';')[0], icon.type, icon.src);
    if (icon.type === 'image/png') {
      const bytes = await res.body();
      assert.equal(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.sizes, icon.src);
    }
  }
  for (const touch of await page.locator('link[rel="apple-touch-icon"], link[rel="icon"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href')))) {
    assert.equal((await page.request.get(`${suite.server.base}${touch}`)).status(), 200, touch);
  }
  for (const [shortcut, heading] of manifest.shortcuts.map((s, i) => [s, ['New account', 'Import accounts', 'Options'][i]])) {
    await page.goto(`${suite.server.base}${shortcut.url}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }
  await page.context().close();
});

test("2FAuth's paths (bookmarks, its app's shortcuts) open the same screens", async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Legacy User');
  for (const [legacy, path, heading] of [['/start', '/accounts/create', 'New account'], ['/capture', '/accounts/create', 'New account'],
    ['/account/create', '/accounts/create', 'New account'], ['/account/import', '/accounts/import', 'Import accounts'],
    ['/settings/oauth', '/settings/tokens', 'Personal access tokens'], ['/group/create', '/groups', 'Groups']]) {
    await page.goto(`${suite.server.base}${legacy}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, path, legacy);
  }
  await page.context().close();
});
