// 2FAuth's web UI: the web app in headless Chromium: register, see the code RFC 6238 gives computed in the
// browser, sign out and in again, create and revoke a personal access token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSuite, signUp, setPreference, addByUri, write } from '../support/browser.mjs';
import { startServer, SUITE_VARS, ROOT } from '../support/server.mjs';
import { uniqueEmail } from '../support/client.mjs';
import { totp } from '../support/otp.mjs';

const SECRET = 'A4GRFHVVRBGY7UIW';
const URI = `otpauth://totp/service:account?secret=${SECRET}&issuer=service&digits=7&period=40&algorithm=sha256`;
const OUT = join(ROOT, 'test-output', 'screenshots');

const suite = browserSuite();

/** Reads the displayed code together with the time window it was read in. */
async function readCode(page) {
  for (;;) {
    const before = Math.floor(Date.now() / 1000);
    // Shown in two halves by default (formatPassword / formatPasswordBy 0.5).
    const code = (await page.locator('.account .code').first().textContent()).replace(/\s/g, '');
    const after = Math.floor(Date.now() / 1000);
    if (Math.floor(before / 40) === Math.floor(after / 40)) return { code, time: before };
  }
}

test('register, add an account by URI, and read the RFC 6238 code computed in the browser', async () => {
  const page = await suite.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const email = uniqueEmail('browser');
  const password = 'browser-password';

  const index = await page.goto(`${suite.server.base}/register`);
  assert.match(index.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  await page.getByLabel('Name').fill('Browser User');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL('**/accounts');
  await setPreference(page, suite.server.base, 'getOtpOnRequest', false);
  await page.reload();

  await addByUri(page, suite.server.base, URI);
  await page.locator('.account .code').first().filter({ hasText: /^\d{4} \d{3}$/ }).waitFor();
  assert.equal(await page.locator('.account .service').first().textContent(), 'service');

  const { code, time } = await readCode(page);
  assert.equal(code, totp(SECRET, time, { digits: 7, period: 40, algorithm: 'sha256' }));
  const countdown = Number(await page.locator('.account .countdown').first().textContent());
  assert.ok(countdown >= 1 && countdown <= 40, `countdown ${countdown}`);
  await page.screenshot({ path: join(OUT, 'accounts-1280.png') });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'unauthorized' }).waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/accounts');
  await page.locator('.account .code').first().filter({ hasText: /^\d{4} \d{3}$/ }).waitFor();
  const again = await readCode(page);
  assert.equal(again.code, totp(SECRET, again.time, { digits: 7, period: 40, algorithm: 'sha256' }));
  assert.deepEqual(errors, []);
  await page.close();
});

test('personal access tokens: create (shown once), use with the API, revoke', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${suite.server.base}/register`);
  await page.getByLabel('Name').fill('Token User');
  await page.getByLabel('Email').fill(uniqueEmail('browser-token'));
  await page.getByLabel(/^Password/).fill('browser-password');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL('**/accounts');
  await setPreference(page, suite.server.base, 'getOtpOnRequest', false);
  await page.reload();
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.waitForURL('**/settings/tokens');
  await page.getByLabel('Token name').fill('from the browser');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('.created .token').textContent()).trim();
  assert.ok(token.length >= 32);
  const res = await fetch(`${suite.server.base}/api/v1/user`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).name, 'Token User');
  await page.screenshot({ path: join(OUT, 'tokens-1280.png') });

  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.locator('.tokens li').waitFor({ state: 'detached' });
  const after = await fetch(`${suite.server.base}/api/v1/user`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401);
  await page.close();
});

test('search on service and account; codes masked as dots with a reveal control; copy is announced', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${suite.server.base}/register`);
  await page.getByLabel('Name').fill('Search User');
  await page.getByLabel('Email').fill(uniqueEmail('browser-search'));
  await page.getByLabel(/^Password/).fill('browser-password');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL('**/accounts');
  await setPreference(page, suite.server.base, 'getOtpOnRequest', false);
  await page.reload();
  for (const [i, uri] of [URI, `otpauth://totp/GitLab:jane@example.com?secret=${SECRET}`].entries()) {
    await addByUri(page, suite.server.base, uri);
    await page.locator('.account').nth(i).waitFor();
  }
  await page.getByLabel('Search').fill('JANE');
  await page.locator('.account').nth(1).waitFor({ state: 'detached' });
  assert.equal(await page.locator('.account .service').textContent(), 'GitLab');
  await page.getByLabel('Search').fill('nothing like it');
  await page.getByText('No account matches this search.').waitFor();
  await page.getByLabel('Search').fill('');
  await page.locator('.account').nth(1).waitFor();

  // The preferences, as the settings screen will save them: masked codes with a reveal button.
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  for (const [key, value] of [['showOtpAsDot', true], ['revealDottedOTP', true], ['formatPasswordBy', 3]]) {
    const res = await write(page, 'put', `${suite.server.base}/api/v1/user/preferences/${key}`, { data: { value }, headers: { 'X-XSRF-TOKEN': xsrf } });
    assert.equal(res.status(), 201, key);
  }
  await page.reload();
  const code = page.locator('.account .code').first();
  await code.filter({ hasText: /^●{7}$/ }).waitFor();
  await page.getByRole('button', { name: 'Reveal' }).first().click();
  await code.filter({ hasText: /^\d{3} \d{3} \d$/ }).waitFor();
  await code.click();
  await page.getByRole('status').filter({ hasText: /^Copied \d{3} \d{3} \d$/ }).waitFor();
  await page.screenshot({ path: join(OUT, 'accounts-masked-1280.png') });
  await page.close();
});

test('options: saved as they change, applied at once (theme, dots); locked ones cannot change', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Options User', { liveCodes: true });
  await addByUri(page, suite.server.base, URI);
  await page.locator('.account').first().waitFor();
  await page.getByRole('link', { name: 'Options' }).click();
  await page.waitForURL('**/settings/options');
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByRole('status').filter({ hasText: 'Theme: saved' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.getByLabel('Show codes as dots').check();
  await page.getByRole('status').filter({ hasText: 'Show codes as dots: saved' }).waitFor();
  await page.getByLabel('Group digits by').selectOption('3');
  await page.getByRole('status').filter({ hasText: 'Group digits by: saved' }).waitFor();
  await page.getByLabel('Show the next code').uncheck();
  await page.getByRole('status').filter({ hasText: 'Show the next code: saved' }).waitFor();
  await page.screenshot({ path: join(OUT, 'options-dark-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(OUT, 'options-dark-360.png'), fullPage: true });
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.account .code').first().filter({ hasText: /^●{7}$/ }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'kept across pages');
  assert.equal(await page.locator('.account .next').count(), 0, 'no next code');
  assert.ok(Number(await page.locator('.account .countdown').first().textContent()) > 0, 'the countdown stays');
  await page.reload();
  await page.locator('.account .code').first().filter({ hasText: /^●{7}$/ }).waitFor();
  await page.close();

  const locked = await startServer({ vars: { ...SUITE_VARS, USERPREF_DEFAULT__THEME: 'light', USERPREF_LOCKED__THEME: 'true' } });
  try {
    const other = await signUp(suite.browser, locked.base, 'Locked User', { liveCodes: true });
    await other.goto(`${locked.base}/settings/options`);
    const theme = other.getByLabel('Theme');
    await theme.waitFor();
    assert.equal(await theme.isDisabled(), true);
    assert.equal(await theme.inputValue(), 'light');
    await other.getByText('Locked by the administrator').waitFor();
    assert.equal(await other.getByLabel('Show codes as dots').isDisabled(), false);
    await other.close();
  } finally {
    await locked.stop();
  }
});

test('groups: create, rename, reorder, chips or not; chips filter the accounts and the choice is remembered; delete keeps the accounts', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Groups User', { liveCodes: true });
  for (const [i, uri] of [URI, `otpauth://totp/Office:me@example.com?secret=${SECRET}`].entries()) {
    await addByUri(page, suite.server.base, uri);
    await page.locator('.account').nth(i).waitFor();
  }
  await page.getByRole('link', { name: 'Groups' }).click();
  await page.getByLabel('New group').fill('Work');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('status').filter({ hasText: 'Group Work created' }).waitFor();
  await page.getByLabel('Name of group Work').fill('Office');
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Name of group Office').waitFor();

  // File the second account there (the account form will do it; the API does it here).
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const headers = { 'X-XSRF-TOKEN': xsrf };
  const groups = await (await page.request.get(`${suite.server.base}/api/v1/groups`, { headers })).json();
  const accounts = await (await page.request.get(`${suite.server.base}/api/v1/twofaccounts`, { headers })).json();
  const office = accounts.find((a) => a.service === 'Office');
  assert.equal((await write(page, 'post', `${suite.server.base}/api/v1/groups/${groups[1].id}/assign`, { data: { ids: [office.id] }, headers })).status(), 200);

  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.account').nth(1).waitFor();
  await page.getByRole('button', { name: 'Office' }).click();
  await page.locator('.account').nth(1).waitFor({ state: 'detached' });
  assert.equal(await page.locator('.account .service').textContent(), 'Office');
  await page.reload();
  await page.locator('.chips button[aria-pressed="true"]', { hasText: 'Office' }).waitFor();
  await page.locator('.account').nth(1).waitFor({ state: 'detached' });
  await page.screenshot({ path: join(OUT, 'accounts-chips-1280.png') });

  // The pseudo-group of accounts without a group; then a group switch instead of chips.
  await page.getByRole('button', { name: 'Without group' }).click();
  await page.locator('.account .service').filter({ hasText: /^service$/ }).waitFor();
  assert.equal(await page.locator('.account').count(), 1);
  await setPreference(page, suite.server.base, 'useGroupChips', false);
  await page.reload();
  await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Office' });
  await page.locator('.account .service').filter({ hasText: 'Office' }).waitFor();
  assert.equal(await page.locator('.account').count(), 1);
  await setPreference(page, suite.server.base, 'useGroupChips', true);

  // A second group, moved before the first; then the first leaves the chips bar.
  await page.getByRole('link', { name: 'Groups' }).click();
  await page.getByLabel('New group').fill('Home');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByLabel('Name of group Home').waitFor();
  await page.getByRole('button', { name: 'Move group Home up' }).click();
  await page.waitForFunction(() => document.querySelector('.group input')?.value === 'Home');
  const order = await (await page.request.get(`${suite.server.base}/api/v1/groups`, { headers })).json();
  assert.deepEqual(order.map((g) => g.name), ['All', 'Home', 'Office']);
  await page.locator('.group').filter({ has: page.getByLabel('Name of group Office') }).getByLabel('In the chips').uncheck();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page.screenshot({ path: join(OUT, 'groups-1280.png') });
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.chips button', { hasText: 'Home' }).waitFor();
  assert.equal(await page.locator('.chips button', { hasText: 'Office' }).count(), 0);

  await page.getByRole('link', { name: 'Groups' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete group Office' }).click();
  await page.getByRole('status').filter({ hasText: 'Group Office deleted' }).waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.account').nth(1).waitFor();
  await page.close();
});

test('edit an account in the advanced form, show its QR code, then delete it', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Edit User', { liveCodes: true });
  await addByUri(page, suite.server.base, URI);
  await page.getByRole('link', { name: 'Edit service account' }).click();
  await page.waitForURL('**/accounts/*/edit');
  await page.getByLabel('Service').waitFor();
  assert.equal(await page.getByLabel('Service').inputValue(), 'service');
  assert.equal(await page.getByLabel('Digits').inputValue(), '7');
  assert.equal(await page.getByLabel('Algorithm').inputValue(), 'sha256');
  await page.getByLabel('Service').fill('Renamed');
  await page.getByLabel('Digits').fill('8');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Account saved' }).waitFor();
  await page.getByLabel('Digits').fill('11');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: /between 5 and 10/ }).waitFor();
  await page.getByRole('button', { name: 'Show QR code' }).click();
  const qr = page.getByRole('img', { name: /QR code/ });
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
  await page.screenshot({ path: join(OUT, 'edit-1280.png'), fullPage: true });
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.account .service').filter({ hasText: 'Renamed' }).waitFor();
  await page.locator('.account .code').first().filter({ hasText: /^\d{4} \d{4}$/ }).waitFor();
  await page.getByRole('link', { name: 'Edit Renamed account' }).click();
  await page.getByLabel('Service').waitFor();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL('**/accounts');
  await page.getByText('No account yet.', { exact: false }).waitFor();
  await page.close();
});

test('signed-out visitors are sent to the sign-in page', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${suite.server.base}/accounts`);
  await page.waitForURL('**/login');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(OUT, 'login-360.png') });
  await page.close();
});
