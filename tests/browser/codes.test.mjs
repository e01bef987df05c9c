// 2FAuth's web UI, codes on request (getOtpOnRequest, 2FAuth's default): a click opens the code in a modal
// dialog with its next code and countdown; Escape or Close ends it; it closes itself after
// autoCloseTimeout; copyOtpOnDisplay, closeOtpOnCopy, clearSearchOnCopy; Ctrl+click copies without
// opening; HOTP codes are generated on opening. The grid layout (displayMode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSuite, signUp, setPreference, eventually, addByUri } from '../support/browser.mjs';
import { ROOT } from '../support/server.mjs';
import { totp, hotp } from '../support/otp.mjs';

const OUT = join(ROOT, 'test-output', 'screenshots');
const SECRET = 'A4GRFHVVRBGY7UIW';

const suite = browserSuite();

/** Adds an account by URI and waits for its row. */
async function add(page, uri) {
  const before = await page.locator('.account').count();
  await addByUri(page, suite.server.base, uri);
  await page.locator('.account').nth(before).waitFor();
}

test('a click opens the code in a dialog: code, next code, countdown; Escape and Close end it', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Dialog User');
  await add(page, `otpauth://totp/Dialog:me@example.com?secret=${SECRET}&issuer=Dialog`);
  // No code in the list: it is shown on request.
  await page.getByRole('button', { name: /Dialog/ }).waitFor();
  assert.equal(await page.locator('.accounts .code').count(), 0);
  await page.getByRole('button', { name: /Dialog/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Dialog' });
  await dialog.waitFor();
  for (;;) {
    const t = Math.floor(Date.now() / 1000);
    const code = (await dialog.locator('.code').textContent()).replace(/\s/g, '');
    const next = (await dialog.locator('.next').textContent()).replace(/\s/g, '');
    if (Math.floor(t / 30) !== Math.floor(Date.now() / 30000)) continue;
    assert.equal(code, totp(SECRET, t));
    assert.equal(next, totp(SECRET, t + 30));
    break;
  }
  const left = Number(await dialog.locator('.countdown').textContent());
  assert.ok(left >= 1 && left <= 30);
  await page.screenshot({ path: join(OUT, 'code-dialog-1280.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: /Dialog/ }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.context().close();
});

test('copy on display, close on copy, clear search on copy; Ctrl+click copies without opening', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Copy User');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await add(page, `otpauth://totp/Copy:me@example.com?secret=${SECRET}&issuer=Copy`);
  await page.getByRole('button', { name: /Copy/ }).waitFor();
  for (const [key, value] of [['copyOtpOnDisplay', true], ['closeOtpOnCopy', true], ['clearSearchOnCopy', true]]) {
    await setPreference(page, suite.server.base, key, value);
  }
  await page.reload();
  await page.getByLabel('Search').fill('copy');
  await page.getByRole('button', { name: /Copy/ }).click();
  await page.getByRole('status').filter({ hasText: /^Copied \d{3} \d{3}$/ }).waitFor();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal(await page.getByLabel('Search').inputValue(), '');
  const copied = (await page.evaluate(() => navigator.clipboard.readText()));
  assert.match(copied, /^\d{6}$/);

  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByRole('button', { name: /Copy/ }).click({ modifiers: ['Control'] });
  const pasted = await eventually(page, () => page.evaluate(() => navigator.clipboard.readText()), (t) => /^\d{6}$/.test(t));
  assert.match(pasted, /^\d{6}$/, 'Ctrl+click copied the code');
  assert.equal(await page.getByRole('dialog').isVisible(), false);
  await page.context().close();
});

test('the dialog closes itself after autoCloseTimeout minutes', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Timeout User');
  await add(page, `otpauth://totp/Timeout:me@example.com?secret=${SECRET}&issuer=Timeout`);
  await setPreference(page, suite.server.base, 'autoCloseTimeout', 1);
  await page.clock.install();
  const preferences = page.waitForResponse((r) => r.url().endsWith('/api/v1/user'));
  await page.reload();
  await preferences;
  await page.getByRole('button', { name: /Timeout/ }).click();
  await page.getByRole('dialog').waitFor();
  await page.clock.fastForward('00:50');
  assert.equal(await page.getByRole('dialog').isVisible(), true);
  await page.clock.fastForward('00:15');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.context().close();
});

test('an HOTP code is generated when its dialog opens (the counter moves on)', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Hotp User');
  await add(page, `otpauth://hotp/Counter:me@example.com?secret=${SECRET}&issuer=Counter&counter=4`);
  await page.getByRole('button', { name: /Counter/ }).click();
  await page.getByRole('dialog').locator('.code').filter({ hasText: /\d/ }).waitFor();
  assert.equal((await page.getByRole('dialog').locator('.code').textContent()).replace(/\s/g, ''), hotp(SECRET, 4));
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: /Counter/ }).click();
  await page.getByRole('dialog').locator('.code').filter({ hasText: /\d/ }).waitFor();
  assert.equal((await page.getByRole('dialog').locator('.code').textContent()).replace(/\s/g, ''), hotp(SECRET, 5));
  await page.context().close();
});

test('grid layout (displayMode) in both modes', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Grid User');
  for (const name of ['One', 'Two', 'Three']) await add(page, `otpauth://totp/${name}:me@example.com?secret=${SECRET}&issuer=${name}`);
  await page.locator('.account').nth(2).waitFor();
  await setPreference(page, suite.server.base, 'displayMode', 'grid');
  await page.reload();
  await page.locator('ul.accounts.grid .account').nth(2).waitFor();
  const boxes = await page.locator('.account').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  assert.equal(boxes[0], boxes[1], 'two cards side by side');
  await page.screenshot({ path: join(OUT, 'accounts-grid-1280.png') });
  await setPreference(page, suite.server.base, 'getOtpOnRequest', false);
  await page.reload();
  await page.locator('ul.accounts.grid .account .code').nth(2).filter({ hasText: /\d/ }).waitFor();
  await page.context().close();
});
