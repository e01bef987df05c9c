// The web app's design (issue 17), the screens beside the everyday ones: manage, tokens, my
// account, sharing, groups, options, About and the administration, in the same system: forms
// and lists grouped in cards as the options screen's fieldsets are, nothing wider than a 320 px
// phone and no button or link whose label runs on two lines; axe in both themes at 320 and
// 1280 px, with screenshots named design-<screen>-<theme>-<width>. On its own server, so that
// its first user is the administrator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, signUp, scan, write } from '../support/browser.mjs';
import { startServer, SUITE_VARS } from '../support/server.mjs';

const SECRET = 'A4GRFHVVRBGY7UIW';
let server;
let browser;
let admin;
let accountId;
let userId;

before(async () => {
  server = await startServer({ vars: SUITE_VARS });
  browser = await launchChromium();
  const page = await signUp(browser, server.base, 'Design Admin');
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const headers = { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
  for (const uri of [`otpauth://totp/Alpha%20Bank:someone.with.a.long.address@example.com?secret=${SECRET}&issuer=Alpha%20Bank`,
    `otpauth://totp/Mail:me@example.com?secret=${SECRET}`]) {
    const res = await write(page, 'post', `${server.base}/api/v1/twofaccounts`, { data: { uri }, headers });
    assert.equal(res.status(), 201, await res.text());
    accountId ??= (await res.json()).id;
  }
  // Sharing on, so the sharing screen shows what it offers (off, it says so and nothing more).
  const sharing = await write(page, 'put', `${server.base}/api/v1/settings/enableSharing`, { data: { value: true }, headers });
  assert.ok([200, 201].includes(sharing.status()), await sharing.text());
  const group = await write(page, 'post', `${server.base}/api/v1/groups`, { data: { name: 'Work' }, headers });
  assert.equal(group.status(), 201, await group.text());
  const token = await write(page, 'post', `${server.base}/oauth/personal-access-tokens`, { data: { name: 'A script' }, headers });
  assert.equal(token.status(), 200, await token.text());
  // A second user, for the administration's user screen.
  const other = await signUp(browser, server.base, 'Design Other');
  await other.context().close();
  const users = await (await page.request.get(`${server.base}/api/v1/users`, { headers })).json();
  userId = users.find((u) => u.name === 'Design Other')?.id;
  assert.ok(userId, JSON.stringify(users));
  admin = await page.context().storageState();
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Each screen, with something to wait for once it is drawn.
const SCREENS = [
  ['manage', () => '/accounts/manage', (p) => p.locator('.manage .entry').first()],
  ['tokens', () => '/settings/tokens', (p) => p.locator('.tokens li').first()],
  ['account', () => '/settings/account', (p) => p.getByRole('heading', { name: 'Profile' })],
  ['sharing', () => `/accounts/${accountId}/sharing`, (p) => p.getByRole('heading', { name: 'Sharing' })],
  ['groups', () => '/groups', (p) => p.locator('.groups .group').first()],
  ['options', () => '/settings/options', (p) => p.getByText('Theme', { exact: true }).first()],
  ['about', () => '/about', (p) => p.getByRole('heading', { name: 'Diagnostics' })],
  ['admin-users', () => '/admin/users', (p) => p.getByRole('link', { name: 'Manage Design Other' })],
  ['admin-user', () => `/admin/users/${userId}`, (p) => p.getByRole('heading', { name: 'Design Other' })],
  ['admin-app', () => '/admin/app', (p) => p.locator('.option').first()],
];

/** What the design promises on the screen as drawn: buttons and links on one line each; every
 *  form and list of rows a card (the surface's colour, rounded). */
function drawn(page) {
  return page.evaluate(() => {
    const lines = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    };
    const wrapped = [...document.querySelectorAll('button, a, label.button')]
      .filter((el) => el.getClientRects().length && lines(el) > 1).map((el) => el.textContent.trim());
    const surface = getComputedStyle(document.body).getPropertyValue('--surface').trim();
    const toRgb = (colour) => {
      const probe = document.createElement('span');
      probe.style.color = colour;
      document.body.append(probe);
      const rgb = getComputedStyle(probe).color;
      probe.remove();
      return rgb;
    };
    const cards = [...document.querySelectorAll('main form.edit, main section.edit, main fieldset, main ul.groups, main ul.manage, main ul.tokens li')]
      .filter((el) => el.getClientRects().length);
    const notCards = cards.filter((el) => {
      const style = getComputedStyle(el);
      return style.backgroundColor !== toRgb(surface) || parseFloat(style.borderTopLeftRadius) === 0;
    }).map((el) => el.outerHTML.slice(0, 80));
    // Anything that reaches past the window's right edge, named for the message.
    const clipped = (el) => {
      for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).overflowX !== 'visible') return true;
      return false;
    };
    const name = (el, right) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(right)} px)`;
    // Anything that reaches past the window's right edge, named for the message: boxes, and
    // text (a word too long for its box overflows the box without widening it), unless a box
    // clips or scrolls it (a wide table scrolls in its own box).
    const past = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && !clipped(el.parentElement))
      .map((el) => name(el, el.getBoundingClientRect().right));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const { right } = range.getBoundingClientRect();
      if (right > innerWidth + 1 && !clipped(node.parentElement)) past.push(`text of ${name(node.parentElement, right)}`);
    }
    return { wrapped, cards: cards.length, notCards, past };
  });
}

for (const colorScheme of ['light', 'dark']) {
  for (const width of [320, 1280]) {
    test(`every other screen in the design system (${colorScheme}, ${width} px): cards, one-line controls, no overflow, axe`, async () => {
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width, height: 740 }, storageState: admin });
      const page = await context.newPage();
      let cards = 0;
      for (const [name, path, ready] of SCREENS) {
        await page.goto(`${server.base}${path()}`);
        await ready(page).waitFor();
        // Judged once everything the screen asked for has arrived.
        await page.waitForLoadState('networkidle');
        const d = await drawn(page);
        assert.deepEqual(d.past, [], `${name}: past the window's edge`);
        assert.deepEqual(d.wrapped, [], `${name}: labels on several lines`);
        assert.deepEqual(d.notCards, [], `${name}: forms and lists not drawn as cards`);
        cards += d.cards;
        // scan() also fails on anything wider than the window.
        await scan(page, `${name} (${colorScheme}, ${width} px)`, `design-${name}-${colorScheme}-${width}`);
      }
      assert.ok(cards >= 10, `${cards} cards in all`);
      await context.close();
    });
  }
}

test('an administrator\'s top bar at 960 px, its narrowest: every link on one line and room left for the search', async () => {
  const context = await browser.newContext({ viewport: { width: 960, height: 740 }, storageState: admin });
  const page = await context.newPage();
  await page.goto(`${server.base}/accounts`);
  await page.locator('.account').first().waitFor();
  await page.getByRole('link', { name: 'Administration' }).waitFor();
  const { bar, search, wide } = await page.evaluate(() => ({
    bar: document.querySelector('header.bar').getBoundingClientRect().height,
    search: document.querySelector('header.bar #search').getBoundingClientRect().width,
    wide: document.documentElement.scrollWidth,
  }));
  assert.ok(bar <= 64, `the bar is ${bar} px high`);
  assert.ok(search >= 96, `the search is ${search} px wide`);
  assert.ok(wide <= 960, `the page is ${wide} px wide`);
  await context.close();
});
