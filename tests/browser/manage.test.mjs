// 2FAuth's web UI, management mode (/accounts/manage): select all/none, sort A→Z and Z→A (with case or not, as
// sortCaseSensitive says; sortOrder records asc, desc or free), reorder with buttons
// and by dragging (the order is kept), move to a group and withdraw, export as 2FAuth JSON, as an
// otpauth list and as Google Authenticator QR codes (read back by the decoder), delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, signUp, preference, setPreference, eventually, write } from '../support/browser.mjs';
import { ROOT } from '../support/server.mjs';
import { svgToPng } from '../support/png.mjs';
import { decodeQr, importData } from '../../core/npm/qr-decode.node.js';

const OUT = join(ROOT, 'test-output', 'screenshots');
const SECRET = 'JBSWY3DPEHPK3PXP';

const suite = browserSuite();

const names = (page) => page.locator('.manage .service').allTextContents();

/** Waits (up to 5 s) for the preference `key` to be saved as `want` (the app saves it after the order). */
async function expectPreference(page, key, want) {
  assert.equal(await eventually(page, () => preference(page, suite.server.base, key), (v) => v === want), want, key);
}

/** Waits (up to 5 s) for the list to read `expected`, then checks it. */
async function expectNames(page, expected, message) {
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.manage .service')]
    .map((n) => n.textContent)) === want, JSON.stringify(expected), { timeout: 5000 }).catch(() => {});
  assert.deepEqual(await names(page), expected, message);
}

test('manage: sort, reorder, group, withdraw, export three ways, delete', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Manage User');
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const headers = { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
  for (const service of ['Charlie', 'alpha', 'Bravo']) {
    const res = await write(page, 'post', `${suite.server.base}/api/v1/twofaccounts`, { headers, data: { otp_type: 'totp', service, account: `${service.toLowerCase()}@example.com`, secret: SECRET } });
    assert.equal(res.status(), 201);
  }
  assert.equal((await write(page, 'post', `${suite.server.base}/api/v1/groups`, { headers, data: { name: 'Work' } })).status(), 201);

  await page.reload();
  await page.getByRole('link', { name: 'Manage accounts' }).click();
  await page.waitForURL('**/accounts/manage');
  await page.locator('.manage .entry').nth(2).waitFor();
  await expectNames(page, ['Charlie', 'alpha', 'Bravo']);

  await page.getByRole('button', { name: 'Sort A→Z' }).click();
  await page.getByRole('status').filter({ hasText: 'Order saved' }).waitFor();
  await expectNames(page, ['alpha', 'Bravo', 'Charlie']);
  await expectPreference(page, 'sortOrder', 'asc');
  await page.getByRole('button', { name: 'Sort Z→A' }).click();
  await expectNames(page, ['Charlie', 'Bravo', 'alpha']);
  // sortCaseSensitive: capitals first, as 2FAuth's byte comparison puts them.
  await setPreference(page, suite.server.base, 'sortCaseSensitive', true);
  await page.reload();
  await page.getByRole('button', { name: 'Sort A→Z' }).click();
  await expectNames(page, ['Bravo', 'Charlie', 'alpha']);
  await page.getByRole('button', { name: 'Sort Z→A' }).click();
  await expectNames(page, ['alpha', 'Charlie', 'Bravo']);
  await expectPreference(page, 'sortOrder', 'desc');
  await page.getByRole('button', { name: 'Sort A→Z' }).click();
  await expectNames(page, ['Bravo', 'Charlie', 'alpha']);
  await setPreference(page, suite.server.base, 'sortCaseSensitive', false);
  await page.reload();
  await page.getByRole('button', { name: 'Sort Z→A' }).click();
  await expectNames(page, ['Charlie', 'Bravo', 'alpha']);
  await page.getByRole('button', { name: 'Move alpha alpha@example.com up' }).click();
  await expectNames(page, ['Charlie', 'alpha', 'Bravo']);
  await page.locator('.manage .entry').nth(2).dragTo(page.locator('.manage .entry').nth(0));
  await page.waitForFunction(() => document.querySelector('.manage .service')?.textContent === 'Bravo');
  await expectNames(page, ['Bravo', 'Charlie', 'alpha']);
  await page.waitForTimeout(300);
  await page.reload();
  await page.locator('.manage .entry').nth(2).waitFor();
  await expectNames(page, ['Bravo', 'Charlie', 'alpha'], 'the order is stored');
  await expectPreference(page, 'sortOrder', 'free');

  await page.getByRole('button', { name: 'Select all' }).click();
  await page.getByText('3 selected').waitFor();
  await page.getByRole('button', { name: 'Select none' }).click();
  await page.getByText('0 selected').waitFor();
  await page.getByRole('checkbox', { name: /Bravo/ }).check();
  await page.getByRole('checkbox', { name: /alpha/ }).check();
  await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Work' });
  await page.getByRole('button', { name: 'Move to the group' }).click();
  await page.getByRole('status').filter({ hasText: '2 moved' }).waitFor();
  await page.locator('.manage .note').filter({ hasText: 'Work' }).nth(1).waitFor();
  await page.screenshot({ path: join(OUT, 'manage-1280.png') });

  await page.getByRole('checkbox', { name: /Bravo/ }).check();
  await page.getByRole('checkbox', { name: /alpha/ }).check();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as 2FAuth JSON' }).click()]);
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.deepEqual(exported.data.map((a) => a.service).sort(), ['Bravo', 'alpha']);
  assert.equal(importData(JSON.stringify(exported)).accounts.length, 2);
  const [list] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as otpauth URIs' }).click()]);
  const lines = readFileSync(await list.path(), 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.startsWith('otpauth://totp/') && l.includes(`secret=${SECRET}`)));
  await page.getByRole('button', { name: 'Google Authenticator QR codes' }).click();
  const img = page.getByRole('img', { name: 'Google Authenticator QR code 1' });
  await img.waitFor();
  const svg = decodeURIComponent((await img.getAttribute('src')).replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  const migration = decodeQr(svgToPng(svg));
  assert.match(migration, /^otpauth-migration:\/\/offline\?data=/);
  assert.equal(importData(migration).accounts.length, 2);

  await page.getByRole('button', { name: 'Withdraw from group' }).click();
  await page.getByRole('status').filter({ hasText: '2 withdrawn' }).waitFor();
  await page.locator('.manage .note').filter({ hasText: 'Work' }).first().waitFor({ state: 'detached' });

  await page.getByRole('checkbox', { name: /Charlie/ }).check();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('status').filter({ hasText: '1 deleted' }).waitFor();
  await page.locator('.manage .entry').nth(2).waitFor({ state: 'detached' });
  await expectNames(page, ['Bravo', 'alpha']);
  await page.context().close();
});
