// 2FAuth's web UI: the settings app (its own .wasm): own account (profile, password, deletion), lost password,
// and the administration (users: create, promote, reset password with the link to pass on, auth
// log, delete; application settings: registration closed and open again). On its own server, so
// its first user is the administrator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, signUp, scan, navigate, write } from '../support/browser.mjs';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';
import { uniqueEmail } from '../support/client.mjs';

const OUT = join(ROOT, 'test-output', 'screenshots');
let server; let browser; let admin;

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  browser = await launchChromium();
  admin = await signUp(browser, server.base, 'First Admin');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, email, password) {
  await navigate(page, () => page.goto(`${server.base}/login`));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('my account: profile needs the password, password change, then deleting the account', async () => {
  const page = await signUp(browser, server.base, 'Account User');
  await page.getByRole('link', { name: 'My account' }).click();
  await page.waitForURL('**/settings/account');
  await page.getByLabel('Name').fill('Renamed User');
  await page.getByLabel('Current password (to confirm)').fill('not my password');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong current password' }).waitFor();
  await page.getByLabel('Current password (to confirm)').fill('browser-password');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
  const email = await page.getByLabel('Email').inputValue();

  await page.getByLabel('Current password', { exact: true }).fill('browser-password');
  await page.getByLabel('New password (8 characters or more)').fill('second-password');
  await page.getByLabel('New password again').fill('second-password');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
  await page.screenshot({ path: join(OUT, 'my-account-1280.png'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/login');
  await signIn(page, email, 'second-password');
  await page.waitForURL('**/accounts');
  await page.goto(`${server.base}/settings/account`);
  page.once('dialog', (d) => d.accept());
  await page.getByLabel('Your password').fill('second-password');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL('**/login');
  await signIn(page, email, 'second-password');
  await page.getByRole('alert').waitFor();
  await page.context().close();
});

test('sessions: a password change signs the other browser out; "sign out everywhere" ends every session', async () => {
  const page = await signUp(browser, server.base, 'Two Browsers');
  await page.goto(`${server.base}/settings/account`);
  await page.waitForFunction(() => document.querySelector('#email')?.value.includes('@'));
  const email = await page.getByLabel('Email').inputValue();
  const other = await (await browser.newContext()).newPage();
  await signIn(other, email, 'browser-password');
  await other.waitForURL('**/accounts');

  await page.getByLabel('Current password', { exact: true }).fill('browser-password');
  await page.getByLabel('New password (8 characters or more)').fill('third-password');
  await page.getByLabel('New password again').fill('third-password');
  await page.getByLabel('Also revoke my personal access tokens').check();
  await page.getByRole('button', { name: 'Change the password' }).click();
  await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
  // Its next load finds the session over and goes to the sign-in page; a call still pending may
  // have started that navigation first.
  await navigate(other, () => other.reload());
  await other.waitForURL('**/login');

  await signIn(other, email, 'third-password');
  await other.waitForURL('**/accounts');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL('**/login');
  await navigate(other, () => other.reload());
  await other.waitForURL('**/login');
  await page.context().close();
  await other.context().close();
});

test('administration: create a user, make them admin, reset their password (link), log, delete', async () => {
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.waitForURL('**/admin/users');
  const email = uniqueEmail('managed');
  await admin.getByLabel('Name').fill('Managed User');
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Password (8 characters or more)').fill('managed-password');
  await admin.getByRole('button', { name: 'Create the user' }).click();
  await admin.getByRole('status').filter({ hasText: 'User created' }).waitFor();
  await admin.getByRole('link', { name: 'Manage Managed User' }).click();
  await admin.waitForURL(/\/admin\/users\/\d+$/);
  await admin.getByRole('heading', { name: 'Managed User' }).waitFor();

  await admin.getByRole('button', { name: 'Make administrator' }).click();
  await admin.getByRole('button', { name: 'Remove admin role' }).waitFor();
  await admin.getByRole('button', { name: 'Reset the password' }).click();
  const link = (await admin.locator('code.token').textContent()).trim();
  assert.match(link, /\/user\/password\/reset\?token=/);
  await admin.screenshot({ path: join(OUT, 'admin-user-1280.png'), fullPage: true });

  // The managed user follows the link and chooses a password.
  const context = await browser.newContext();
  const user = await context.newPage();
  await user.goto(new URL(link, server.base).href);
  assert.equal(await user.getByLabel('Email').inputValue(), email);
  await user.getByLabel('New password (8 characters or more)').fill('chosen-password');
  await user.getByLabel('New password again').fill('chosen-password');
  await user.getByRole('button', { name: 'Change the password' }).click();
  await user.waitForURL('**/login');
  await signIn(user, email, 'chosen-password');
  await user.waitForURL('**/accounts');
  // An admin now: the administration link shows.
  await user.getByRole('link', { name: 'Administration' }).waitFor();
  await context.close();

  await admin.reload();
  await admin.locator('table.log tbody tr').first().waitFor();
  assert.match(await admin.locator('table.log tbody tr').first().textContent(), /success/);
  admin.once('dialog', (d) => d.accept());
  await admin.getByRole('button', { name: 'Delete the user' }).click();
  await admin.waitForURL('**/admin/users');
  await admin.getByRole('link', { name: 'Manage First Admin' }).waitFor();
  assert.equal(await admin.getByRole('link', { name: 'Manage Managed User' }).count(), 0);
});

test('application settings: closing registration refuses new users until it opens again; diagnostics on About for admins only', async () => {
  await admin.goto(`${server.base}/admin/app`);
  await admin.getByLabel('Registration closed').check();
  await admin.getByRole('status').filter({ hasText: 'Setting saved' }).waitFor();
  await admin.screenshot({ path: join(OUT, 'admin-settings-1280.png'), fullPage: true });
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`${server.base}/register`);
  await visitor.getByLabel('Name').fill('Late Visitor');
  await visitor.getByLabel('Email').fill(uniqueEmail('late'));
  await visitor.getByLabel(/^Password/).fill('browser-password');
  await visitor.getByRole('button', { name: 'Register' }).click();
  await visitor.getByRole('alert').waitFor();
  await admin.reload();
  await admin.getByLabel('Registration closed').uncheck();
  await admin.getByRole('status').filter({ hasText: 'Setting saved' }).waitFor();
  await visitor.getByRole('button', { name: 'Register' }).click();
  await visitor.waitForURL('**/accounts');
  // Not an admin: no administration link, and its screens answer with the API's refusal.
  await visitor.getByRole('link', { name: 'Options' }).waitFor();
  assert.equal(await visitor.getByRole('link', { name: 'Administration' }).count(), 0);
  await visitor.goto(`${server.base}/admin/users`);
  await visitor.getByRole('alert').waitFor();
  // The About page: diagnostics for administrators only.
  await visitor.goto(`${server.base}/about`);
  await visitor.getByText('License: MIT').waitFor();
  await visitor.waitForTimeout(300);
  assert.equal(await visitor.getByRole('heading', { name: 'Diagnostics' }).count(), 0);
  await admin.goto(`${server.base}/about`);
  await admin.getByRole('heading', { name: 'Diagnostics' }).waitFor();
  const version = admin.locator('.infos dt', { hasText: /^Version$/ });
  assert.match(await version.locator('xpath=following-sibling::dd[1]').textContent(), /^\d+\.\d+\.\d+/);
  assert.equal(await admin.locator('.infos dt', { hasText: /^enableSharing$/ }).count(), 1);
  // The API's document opens as itself (not as a screen of the app).
  await admin.getByRole('link', { name: "The API's OpenAPI document" }).click();
  await admin.waitForURL('**/api/v1/openapi.json');
  await context.close();
});

test('lost password: asked from the sign-in page, recorded for the administrators', async () => {
  const known = await signUp(browser, server.base, 'Forgetful User');
  const { email } = await (await known.request.get(`${server.base}/api/v1/user`, {
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': decodeURIComponent((await known.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value) },
  })).json();
  await known.context().close();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByRole('link', { name: 'Lost your password?' }).click();
  await page.waitForURL('**/password/request');
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Ask for a new password' }).click();
  await page.getByRole('alert').filter({ hasText: 'email' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Ask for a new password' }).click();
  await page.getByRole('status').filter({ hasText: 'Request recorded' }).waitFor();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(OUT, 'lost-password-360.png') });
  await context.close();
});

test('every screen of the settings app passes axe (light and dark, 1280 and 360 px)', async () => {
  const storage = await admin.context().storageState();
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width, height: 800 }, storageState: storage });
      const page = await context.newPage();
      for (const [path, ready] of [['/settings/options', 'Theme'], ['/settings/tokens', 'Token name'], ['/settings/account', 'Current password'],
        ['/accounts/import', 'Export file'], ['/accounts/manage', 'Sort A→Z'], ['/admin/users', 'Manage First Admin'],
        ['/admin/app', 'Registration closed'], ['/about', 'Copy the diagnostics']]) {
        await page.goto(`${server.base}${path}`);
        await page.getByText(ready, { exact: true }).first().or(page.getByRole('link', { name: ready })).first().waitFor();
        await scan(page, `${path} (${colorScheme}, ${width} px)`, `${path.slice(1).replace(/\//g, '-')}-${colorScheme}-${width}`);
      }
      // The footer names who is signed in (showEmailInFooter).
      assert.match(await page.locator('footer .email').textContent(), /@/);
      await page.goto(`${server.base}/admin/users`);
      await page.getByRole('link', { name: 'Manage First Admin' }).click();
      await page.getByRole('heading', { name: 'First Admin' }).waitFor();
      await scan(page, `/admin/users/{id} (${colorScheme}, ${width} px)`, `admin-user-${colorScheme}-${width}`);
      await context.close();
      const visitor = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width, height: 800 } });
      const lost = await visitor.newPage();
      for (const path of ['/password/request', '/user/password/reset?token=x&email=a%40example.com']) {
        await lost.goto(`${server.base}${path}`);
        await lost.getByLabel('Email').waitFor();
        await scan(lost, `${path} (${colorScheme}, ${width} px)`, `${path.slice(1).split('?')[0].replace(/\//g, '-')}-${colorScheme}-${width}`);
      }
      await visitor.close();
    }
  }
});

test('sharing: with a user found by name, revoke, all users refused while its scope is off, transfer; code log', async () => {
  await admin.goto(`${server.base}/admin/app`);
  await admin.getByLabel('Users can share accounts').check();
  await admin.getByRole('status').filter({ hasText: 'Setting saved' }).waitFor();
  const xsrf = decodeURIComponent((await admin.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const created = await write(admin, 'post', `${server.base}/api/v1/twofaccounts`, {
    headers: { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' },
    data: { otp_type: 'totp', service: 'Shared Service', account: 'team@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  });
  const { id } = await created.json();
  const borrower = await signUp(browser, server.base, 'Borrower User', { liveCodes: true });

  await admin.goto(`${server.base}/accounts/${id}/edit`);
  await admin.getByRole('link', { name: 'Sharing' }).click();
  await admin.waitForURL(`**/accounts/${id}/sharing`);
  await admin.getByText('Shared Service · team@example.com').waitFor();
  await admin.getByLabel('Find a user by name or exact e-mail').fill('Borrower');
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByRole('button', { name: 'Share with Borrower User' }).click();
  await admin.getByRole('button', { name: 'Stop sharing with Borrower User' }).waitFor();
  await admin.screenshot({ path: join(OUT, 'sharing-1280.png'), fullPage: true });
  await borrower.reload();
  await borrower.locator('.account .service').filter({ hasText: 'Shared Service' }).waitFor();
  // Borrowed: marked with its owner; no secret in the browser, so the server gives the code.
  await borrower.getByLabel('Shared by First Admin').waitFor();
  await borrower.locator('.account .code').filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();

  await admin.getByRole('button', { name: 'Share with all users' }).click();
  await admin.getByRole('alert').waitFor();
  await admin.getByRole('button', { name: 'Stop sharing with Borrower User' }).click();
  await admin.getByRole('button', { name: 'Stop sharing with Borrower User' }).waitFor({ state: 'detached' });
  await borrower.reload();
  await borrower.getByRole('link', { name: 'Manage accounts' }).waitFor({ state: 'detached' });
  assert.equal(await borrower.locator('.account').count(), 0);

  await admin.getByLabel('Find a user by name or exact e-mail').fill('Borrower');
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByRole('button', { name: 'Choose as new owner' }).click();
  await admin.getByLabel('Your password').fill('browser-password');
  admin.once('dialog', (d) => d.accept());
  await admin.getByRole('button', { name: 'Transfer', exact: true }).click();
  await admin.waitForURL('**/accounts');
  await borrower.reload();
  await borrower.locator('.account .service').filter({ hasText: 'Shared Service' }).waitFor();

  // The new owner asks the server for a code; the log shows it.
  const bx = decodeURIComponent((await borrower.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  assert.equal((await borrower.request.get(`${server.base}/api/v1/twofaccounts/${id}/otp`, { headers: { 'X-XSRF-TOKEN': bx, Accept: 'application/json' } })).status(), 200);
  await borrower.goto(`${server.base}/accounts/${id}/otp-logs`);
  await borrower.locator('table.log tbody tr').first().waitFor();
  assert.match(await borrower.locator('table.log tbody tr').first().textContent(), /Borrower User/);
  await borrower.context().close();
});
