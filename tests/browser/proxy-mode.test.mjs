// The web app behind an authenticating proxy (issue 14 item 5): a worker with
// AUTHENTICATION_GUARD=reverse-proxy-guard, and a Chromium whose every request carries the headers the
// proxy would add. The app opens straight on the accounts — no sign-in, registration, password or
// token screens — and "Sign out" leads to PROXY_LOGOUT_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, scan, write } from '../support/browser.mjs';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';

const OUT = join(ROOT, 'test-output', 'screenshots');
const SECRET = 'a-proxy-secret-of-forty-characters-0123456';
const LOGOUT = 'https://proxy.example/logout';
let server; let browser;

before(async () => {
  server = await startServer({
    vars: { ...SUITE_VARS, AUTHENTICATION_GUARD: 'reverse-proxy-guard', AUTH_PROXY_SECRET: SECRET, PROXY_LOGOUT_URL: LOGOUT },
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const behindProxy = (user) => browser.newContext({ extraHTTPHeaders: { 'X-Auth-Proxy-Secret': SECRET, 'Remote-User': user } });

test('the app opens on the accounts without a sign-in page; sign-out goes to the proxy', async () => {
  const context = await behindProxy('olivia');
  const page = await context.newPage();
  const added = await write(page, 'post', `${server.base}/api/v1/twofaccounts`, {
    data: { uri: 'otpauth://totp/Proxied:olivia@example.org?secret=A4GRFHVVRBGY7UIW' },
    headers: { Accept: 'application/json' },
  });
  assert.equal(added.status(), 201, await added.text());
  for (const start of ['/', '/login', '/register']) {
    await page.goto(`${server.base}${start}`);
    await page.waitForURL('**/accounts');
    await page.getByRole('link', { name: 'Edit Proxied olivia@example.org' }).waitFor();
    assert.equal(await page.getByLabel('Password').count(), 0, `${start}: no password field`);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 0, `${start}: no sign-in`);
  }
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Waits for the shell to know it is behind a proxy (the link replaces the sign-out button).
  const signOut = nav.getByRole('link', { name: 'Sign out' });
  assert.equal(await signOut.getAttribute('href'), LOGOUT);
  assert.equal(await nav.getByRole('button', { name: 'Sign out' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Tokens' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'My account' }).count(), 0);
  await nav.getByRole('link', { name: 'Options' }).waitFor();
  await scan(page, 'accounts behind a proxy');
  await page.screenshot({ path: join(OUT, 'proxy-accounts-1280.png') });
  await context.close();
});

test('without the proxy headers, the app gets nowhere (the proxy is the only door)', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = page.waitForResponse((r) => r.url().endsWith('/api/v1/user'));
  await page.goto(`${server.base}/accounts`);
  assert.equal((await user).status(), 403);
  await context.close();
});
