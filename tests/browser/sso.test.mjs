// Single sign-on in the web app, in Chromium, against npm oidc-provider on loopback: the sign-in
// page offers only the configured provider, its button goes to the provider's sign-in page, and
// the browser lands on /accounts signed in; the account screen then has no profile or password
// form to offer (the provider owns them); and a failed sign-in's /error page says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, scan } from '../support/browser.mjs';
import { SUITE_VARS, freePort, startServer } from '../support/server.mjs';
import { startOidcProvider } from '../support/sso.mjs';

const SECRET = 'browser-client-secret';
let server; let provider; let browser;

before(async () => {
  const port = await freePort();
  server = await startServer({ vars: { ...SUITE_VARS, OPENID_CLIENT_ID: 'twofold-web',
    OPENID_CLIENT_SECRET: SECRET, OPENID_DISCOVERY_URL: `http://127.0.0.1:${port}` } });
  provider = await startOidcProvider({ port,
    accounts: { 'u-jane': { preferred_username: 'jane', name: 'Jane Doe', email: 'jane@example.org' } },
    clients: [{ client_id: 'twofold-web', client_secret: SECRET, grant_types: ['authorization_code'],
      response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${server.base}/socialite/callback/openid`] }] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

test('sign in with the OpenID button: the provider\'s page, then /accounts; the account is the provider\'s to edit', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/login`);
  const openid = page.getByRole('link', { name: 'Sign in with OpenID' });
  await openid.waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sign in with GitHub' }).count(), 0, 'GitHub is not configured');
  await openid.click();
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  await page.getByLabel('Account').fill('u-jane');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.base}/accounts`);

  await page.goto(`${server.base}/settings/account`);
  await page.getByText('Your account is managed by your sign-in provider').waitFor();
  await page.getByText('jane (u-jane@openid)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save the profile' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Change the password' }).count(), 0);
});

test('a failed sign-in lands on /error with the reason', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/socialite/callback/openid?code=forged&state=forged`);
  await page.waitForURL(`${server.base}/error?err=sso_failed`);
  await page.getByRole('alert').filter({ hasText: 'The sign-in with your provider failed' }).waitFor();
  await scan(page, 'sso error', 'sso-error');
  await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
  await page.waitForURL('**/login');
});
