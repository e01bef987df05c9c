// The web app's design (issue 17): the phone shell (app bar, bottom bar, account menu) and the wide
// one (one compact top bar), with nothing wider than the window at 320 px; the accounts screen's
// tiles (an initial when there is no icon, the code in tabular figures, a countdown ring that
// follows the account's own period, a toast on copy); the first-run screen; axe in both themes at
// 360 and 1280 px, with screenshots named design-<screen>-<theme>-<width>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, signUp, scan, eventually, addByUri, write } from '../support/browser.mjs';

const SECRET = 'A4GRFHVVRBGY7UIW';
const suite = browserSuite();

// One user with accounts (live codes), one without: their sessions, reused by the tests' contexts;
// made by the first test that needs them (the suite's server is up only once its tests run).
let full;
let empty;
let users;
const setUp = () => (users ??= (async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Design User', { liveCodes: true });
  for (const uri of [`otpauth://totp/Zeta:me@example.com?secret=${SECRET}&period=7`,
    `otpauth://hotp/Counter:me@example.com?secret=${SECRET}&counter=3`,
    `otpauth://totp/Alpha%20Bank:me@example.com?secret=${SECRET}&issuer=Alpha%20Bank`]) {
    const added = await write(page, 'post', `${suite.server.base}/api/v1/twofaccounts`, { data: { uri }, headers: await headers(page) });
    assert.equal(added.status(), 201, await added.text());
  }
  full = await page.context().storageState();
  await page.context().close();
  const fresh = await signUp(suite.browser, suite.server.base, 'Design Newcomer');
  empty = await fresh.context().storageState();
  await fresh.context().close();
})());

async function headers(page) {
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  return { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
}

async function open(state, { width = 1280, colorScheme = 'light' } = {}) {
  await setUp();
  const storageState = state();
  const context = await suite.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width, height: 740 }, storageState });
  return context.newPage();
}

// Each screen of the shell, with something to wait for once it is drawn.
const SCREENS = [
  ['accounts', '/accounts', (p) => p.locator('.account').first()],
  ['new', '/accounts/create', (p) => p.getByLabel('Service')],
  ['import', '/accounts/import', (p) => p.getByText('Export file', { exact: true }).first()],
  ['groups', '/groups', (p) => p.getByLabel('New group')],
  ['options', '/settings/options', (p) => p.getByText('Theme', { exact: true }).first()],
];

/** Where the shell's parts are: boxes of the app bar, the bottom bar and the menu button. */
function layout(page) {
  return page.evaluate(() => {
    const box = (sel) => {
      const el = document.querySelector(sel);
      if (!el || !el.getClientRects().length) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: r.height, left: r.left, right: r.right, position: getComputedStyle(el).position };
    };
    // Links whose label runs on two lines or more: its text's line boxes start at several heights.
    const wrapped = [...document.querySelectorAll('header a, header button')].filter((el) => {
      if (!el.getClientRects().length) return false;
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    }).map((el) => el.textContent);
    return { bar: box('header.bar'), tabs: box('.tabs'), menuButton: box('.menu-button'), menu: box('#account-menu'),
      wide: document.documentElement.scrollWidth, width: innerWidth, height: innerHeight, wrapped };
  });
}

/** Visits every screen of SCREENS in `page`: at any width nothing overflows, no label wraps and
 *  the bar is one line; then `check(name, layout)` for what the width adds. */
async function eachScreen(page, check) {
  for (const [name, path, ready] of SCREENS) {
    await page.goto(`${suite.server.base}${path}`);
    await ready(page).waitFor();
    const l = await layout(page);
    assert.ok(l.wide <= l.width, `${name}: ${l.wide} px wide in ${l.width}`);
    assert.deepEqual(l.wrapped, [], `${name}: labels on several lines`);
    assert.ok(l.bar.height <= 64, `${name}: the bar is ${l.bar.height} px high (one line)`);
    await check(name, l);
  }
}

test('phones (320 px): an app bar, the destinations in a bottom bar, the rest in a menu; nothing overflows or wraps', async () => {
  const page = await open(() => full, { width: 320 });
  await eachScreen(page, async (name, l) => {
    assert.equal(l.tabs.position, 'fixed', name);
    assert.ok(Math.abs(l.tabs.bottom - l.height) <= 1 && l.tabs.height <= 72, `${name}: the bottom bar at the bottom, one line: ${JSON.stringify(l.tabs)}`);
    assert.ok(l.menuButton, `${name}: the menu button`);
    assert.equal(l.menu, null, `${name}: the menu closed`);
    for (const link of ['Accounts', 'New', 'Import', 'Groups', 'Options']) {
      assert.ok(await page.locator('.tabs').getByRole('link', { name: link, exact: true }).isVisible(), `${name}: ${link} in the bottom bar`);
    }
  });
  // The last screen's content is not hidden under the bottom bar: scrolled to the end, it ends above.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const [contentEnd, barTop] = await page.evaluate(() => [document.querySelector('main').getBoundingClientRect().bottom,
    document.querySelector('.tabs').getBoundingClientRect().top]);
  assert.ok(contentEnd <= barTop + 1, `content ends at ${contentEnd}, the bottom bar starts at ${barTop}`);
  // The account menu opens on a tap, and its links work.
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.waitForURL('**/settings/tokens');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.waitForURL('**/accounts');
  await page.context().close();
});

test('wide screens (1280 px): one compact top bar with every link, no bottom bar, no menu button', async () => {
  const page = await open(() => full, { width: 1280 });
  await eachScreen(page, async (name, l) => {
    assert.equal(l.tabs.position, 'static', `${name}: the destinations sit in the top bar`);
    assert.ok(l.tabs.bottom <= l.bar.bottom, name);
    assert.equal(l.menuButton, null, `${name}: no menu button`);
    assert.ok(l.menu && l.menu.bottom <= l.bar.bottom, `${name}: the menu's links in the top bar`);
    await page.getByRole('link', { name: 'My account' }).waitFor();
  });
  await page.context().close();
});

test('tiles: an initial for an account without icon; the code in tabular figures; no countdown for HOTP; a toast on copy', async () => {
  const page = await open(() => full);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${suite.server.base}/accounts`);
  const alpha = page.locator('.account').filter({ hasText: 'Alpha Bank' });
  await alpha.locator('.code').filter({ hasText: /\d/ }).waitFor();
  const initial = alpha.locator('.initial');
  assert.equal(await initial.evaluate((el) => el.innerText), 'A');
  assert.equal(await initial.getAttribute('aria-hidden'), 'true');
  assert.match(await initial.getAttribute('class'), /\bc[0-7]\b/);
  // The same service gets the same colour wherever it shows.
  const colour = await initial.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(colour, 'rgba(0, 0, 0, 0)');
  assert.equal(await alpha.locator('.code').evaluate((el) => getComputedStyle(el).fontVariantNumeric), 'tabular-nums');
  assert.match(await alpha.locator('.code').textContent(), /^\d{3} \d{3}$/);
  const counter = page.locator('.account').filter({ hasText: 'Counter' });
  await counter.getByRole('button', { name: 'Generate' }).waitFor();
  assert.equal(await counter.locator('.countdown').count(), 0, 'no countdown for HOTP');
  await alpha.locator('.code').click();
  const toast = page.getByRole('status').filter({ hasText: /^Copied \d{3} \d{3}$/ });
  await toast.waitFor();
  assert.ok(await toast.evaluate((el) => getComputedStyle(el).position === 'fixed'), 'the toast floats');
  // It goes after a moment, the live region staying for the next one.
  const left = await eventually(page, () => page.locator('.accounts ~ .toast').textContent(), (t) => t === '', 6000);
  assert.equal(left, '');
  await page.context().close();
});

test('the countdown goes down each second, follows the account\'s period and turns in its last 5 s', async () => {
  const page = await open(() => full);
  await page.goto(`${suite.server.base}/accounts`);
  // Zeta's period is 7 s: its ring and number count from 7 down to 1.
  const countdown = page.locator('.account').filter({ hasText: 'Zeta' }).locator('.countdown');
  await countdown.waitFor();
  const read = () => countdown.evaluate((el) => ({
    left: Number(el.textContent),
    twentieths: Number(el.className.match(/\bp(\d+)\b/)?.[1]),
    ending: el.classList.contains('ending'),
    label: el.getAttribute('aria-label'),
    t: Date.now() / 1000,
  }));
  const seen = [];
  for (let i = 0; i < 9; i += 1) {
    seen.push(await read());
    await page.waitForTimeout(1000);
  }
  for (const s of seen) {
    assert.ok(s.left >= 1 && s.left <= 7, `left ${s.left}`);
    // The same clock as the code: the seconds left in the 7 s period (one second of slack).
    const expected = 7 - (Math.floor(s.t) % 7);
    assert.ok([expected, expected % 7 + 1, expected === 1 ? 7 : expected - 1].includes(s.left), `left ${s.left}, expected ${expected}`);
    assert.equal(s.twentieths, Math.floor((20 * s.left) / 7), 'the ring shows the same time');
    assert.equal(s.ending, s.left <= 5, `left ${s.left}: ending ${s.ending}`);
    assert.equal(s.label, 'Seconds left');
  }
  for (let i = 1; i < seen.length; i += 1) {
    const [a, b] = [seen[i - 1].left, seen[i].left];
    assert.ok(b === a - 1 || (a === 1 && b === 7) || b === a - 2 || (a <= 2 && b >= 6), `${a} then ${b} a second later`);
  }
  assert.ok(seen.some((s) => s.ending) && seen.some((s) => !s.ending), 'both states seen');
  // With reduced motion the ring goes, the number stays.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await countdown.evaluate((el) => getComputedStyle(el, '::before').display), 'none');
  assert.match(await countdown.textContent(), /^\d$/);
  await page.context().close();
});

test('first run: a new user is offered four ways to add an account, each leading to its screen; gone once there is one', async () => {
  const page = await open(() => empty);
  const first = () => page.goto(`${suite.server.base}/accounts`).then(() => page.getByText('No account yet.', { exact: false }).waitFor());
  await first();
  const choices = page.locator('.first-run a');
  assert.deepEqual(await choices.allTextContents(), ['Scan a QR code with the camera', 'Upload a QR code image', 'Import accounts', 'The advanced form']);
  // Scanning asks for the camera at once: its stop button replaces the scan button (or, where the
  // browser refuses, it says so).
  await page.locator('.first-run').getByRole('link', { name: 'Scan a QR code with the camera' }).click();
  await page.waitForURL('**/accounts/create?start=livescan');
  await page.getByRole('button', { name: 'Stop the camera' }).or(page.getByRole('alert').filter({ hasText: 'camera' })).waitFor();
  // Uploading: the file control has the focus (a file chooser opens only on the reader's own tap).
  await first();
  await page.getByRole('link', { name: 'Upload a QR code image' }).click();
  await page.waitForURL('**/accounts/create?start=upload');
  assert.equal(await eventually(page, () => page.evaluate(() => document.activeElement?.id), (id) => id === 'qr-file'), 'qr-file');
  await first();
  await page.getByRole('link', { name: 'Import accounts' }).click();
  await page.waitForURL('**/accounts/import');
  await page.getByRole('heading', { name: 'Import accounts' }).waitFor();
  await first();
  await page.getByRole('link', { name: 'The advanced form' }).click();
  await page.waitForURL('**/accounts/create?start=advancedForm');
  assert.equal(await eventually(page, () => page.evaluate(() => document.activeElement?.id), (id) => id === 'service'), 'service');
  // Once an account exists, the list shows instead.
  await first();
  await addByUri(page, suite.server.base, `otpauth://totp/First:me@example.com?secret=${SECRET}`);
  await page.locator('.account').first().waitFor();
  assert.equal(await page.locator('.first-run').count(), 0);
  await page.reload();
  await page.locator('.account').first().waitFor();
  assert.equal(await page.locator('.first-run').count(), 0);
  assert.equal(await page.getByText('No account yet.', { exact: false }).count(), 0);
  await page.context().close();
});

test('search sits in the app bar, filters as one types and keeps the focus; the URI form is the New screen\'s', async () => {
  for (const width of [320, 1280]) {
    const page = await open(() => full, { width });
    await page.goto(`${suite.server.base}/accounts`);
    await page.locator('.account').first().waitFor();
    const search = page.locator('header.bar').getByLabel('Search');
    await search.click();
    // Typed a key at a time, as a reader does: each key redraws the list, never the field.
    await page.keyboard.type('alp', { delay: 80 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search', `${width} px: the focus stayed`);
    assert.equal(await search.inputValue(), 'alp');
    assert.deepEqual(await page.locator('.account .service').allTextContents(), ['Alpha Bank']);
    // In the bar, one line, and the bar itself within the window.
    const [bar, field] = await Promise.all([page.locator('header.bar').boundingBox(), search.boundingBox()]);
    assert.ok(field.y >= bar.y && field.y + field.height <= bar.y + bar.height, `${width} px: the field inside the bar`);
    assert.ok(field.width >= 100, `${width} px: the field is ${field.width} px wide`);
    assert.ok(bar.height <= 64, `${width} px: the bar is ${bar.height} px high`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.locator('.account').nth(2).waitFor();
    // No URI field left on the accounts screen: adding is the New screen's.
    assert.equal(await page.getByLabel(/otpauth:\/\/ URI/).count(), 0);
    await page.context().close();
  }
  const page = await open(() => full);
  await page.goto(`${suite.server.base}/accounts/create`);
  await page.getByLabel('Or paste an otpauth:// URI').waitFor();
  // No search on other screens.
  assert.equal(await page.locator('header.bar #search').isVisible(), false);
  await page.context().close();
});

test('the secondary action on a tile (right click, long press, the keyboard\'s menu key) opens its edit screen', async () => {
  const page = await open(() => full);
  await page.goto(`${suite.server.base}/accounts`);
  const alpha = page.locator('.account').filter({ hasText: 'Alpha Bank' });
  await alpha.locator('.code').filter({ hasText: /\d/ }).waitFor();
  await alpha.locator('.service').click({ button: 'right' });
  await page.waitForURL(/\/accounts\/\d+\/edit$/);
  const service = () => page.getByLabel('Service').inputValue();
  assert.equal(await eventually(page, service, (v) => v === 'Alpha Bank'), 'Alpha Bank');
  // From the keyboard: Shift+F10 on the tile's focused code.
  await page.goto(`${suite.server.base}/accounts`);
  await alpha.locator('.code').filter({ hasText: /\d/ }).focus();
  await page.keyboard.press('Shift+F10');
  await page.waitForURL(/\/accounts\/\d+\/edit$/);
  assert.equal(await eventually(page, service, (v) => v === 'Alpha Bank'), 'Alpha Bank');
  await page.context().close();
});

test('codes on request: the toast of a copy shows above the code dialog and its backdrop', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Design Dialog User', { viewport: { width: 360, height: 740 } });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const res = await write(page, 'post', `${suite.server.base}/api/v1/twofaccounts`,
    { data: { uri: `otpauth://totp/Dialog:me@example.com?secret=${SECRET}` }, headers: await headers(page) });
  assert.equal(res.status(), 201, await res.text());
  await page.reload();
  await page.locator('.account button.open').first().click();
  await page.locator('dialog .code').filter({ hasText: /\d/ }).click();
  const toast = page.getByRole('status').filter({ hasText: /^Copied \d{3} \d{3}$/ });
  await toast.waitFor();
  // What the reader sees at the toast's centre is the toast, not the backdrop.
  const box = await toast.boundingBox();
  const top = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.toast') !== null,
    [box.x + box.width / 2, box.y + box.height / 2]);
  assert.ok(top, 'the toast is under the backdrop');
  assert.equal(await page.locator('.toast:visible').count(), 1, 'one toast on screen');
  await page.context().close();
});

test('axe: the first-run, accounts, new, import, groups and options screens, light and dark, 360 and 1280 px', async () => {
  // The first-run screen needs a user without accounts: a newcomer of its own (the one above has one now).
  const newcomer = await signUp(suite.browser, suite.server.base, 'Design Axe Newcomer');
  const blank = await newcomer.context().storageState();
  await newcomer.context().close();
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      const page = await open(() => blank, { width, colorScheme });
      await page.goto(`${suite.server.base}/accounts`);
      await page.locator('.first-run').waitFor();
      await scan(page, `first run (${colorScheme}, ${width} px)`, `design-first-run-${colorScheme}-${width}`);
      await page.context().close();
      const shell = await open(() => full, { width, colorScheme });
      for (const [name, path, ready] of SCREENS) {
        await shell.goto(`${suite.server.base}${path}`);
        await ready(shell).waitFor();
        if (name === 'accounts') await shell.locator('.account .code').filter({ hasText: /\d/ }).first().waitFor();
        await scan(shell, `${name} (${colorScheme}, ${width} px)`, `design-${name}-${colorScheme}-${width}`);
      }
      if (width === 360) {
        await shell.getByRole('button', { name: 'Account menu' }).click();
        await shell.getByRole('link', { name: 'My account' }).waitFor();
        await scan(shell, `account menu (${colorScheme}, ${width} px)`, `design-menu-${colorScheme}-${width}`);
      }
      await shell.context().close();
    }
  }
});
