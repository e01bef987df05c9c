// The web app's moves between screens (web/src/router.rs): within one app a link or back and
// forward change the screen without loading the page again; a link to another app's path, and a
// modified click, are the browser's; a path of no screen goes to the accounts in its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, signUp, navigate } from '../support/browser.mjs';

const suite = browserSuite();

/** Whether the document of `page` is still the one marked by `mark` (no page load since). */
const marked = (page) => page.evaluate(() => window.routerTestMark === true);
const mark = (page) => page.evaluate(() => { window.routerTestMark = true; });

test('within an app links, back and forward move without a page load; another app loads in full', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Router User');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await mark(page);

  await nav.getByRole('link', { name: 'Groups' }).click();
  await page.waitForURL('**/groups');
  await page.getByRole('heading', { name: 'Groups' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Groups' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Accounts' }).getAttribute('aria-current'), null);
  await nav.getByRole('link', { name: 'Accounts' }).click();
  await page.waitForURL('**/accounts');
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  assert.ok(await marked(page), 'a link within the app loaded the page again');

  await page.goBack();
  await page.waitForURL('**/groups');
  await page.getByRole('heading', { name: 'Groups' }).waitFor();
  await page.goBack();
  await page.waitForURL('**/accounts');
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { name: 'Groups' }).waitFor();
  assert.ok(await marked(page), 'back or forward loaded the page again');

  // A modified click opens a new tab, and leaves this page where it is.
  const opened = page.context().waitForEvent('page');
  await nav.getByRole('link', { name: 'New' }).click({ modifiers: ['Control'] });
  const tab = await opened;
  await tab.waitForURL('**/accounts/create');
  await tab.close();
  assert.match(page.url(), /\/groups$/);
  assert.ok(await marked(page));

  // New is the editor app's, Options the settings app's: each a full load.
  await nav.getByRole('link', { name: 'New' }).click();
  await page.waitForURL('**/accounts/create');
  await page.getByRole('heading', { name: 'New account' }).waitFor();
  assert.equal(await marked(page), false, "the editor app's path was not loaded in full");
  await mark(page);
  await nav.getByRole('link', { name: 'Options' }).click();
  await page.getByRole('heading', { name: 'Options' }).waitFor();
  assert.equal(await marked(page), false, "another app's path was not loaded in full");
  await page.context().close();
});

test('a path of no screen goes to the accounts, in its place in the history, in every app', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Router Fallback');
  for (const nowhere of ['/nowhere', '/settings/nowhere', '/admin/nowhere', '/accounts/create/nowhere']) {
    const before = await page.evaluate(() => history.length);
    await navigate(page, () => page.goto(`${suite.server.base}${nowhere}`));
    await page.waitForURL('**/accounts');
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    assert.equal(await page.evaluate(() => history.length), before + 1, `${nowhere} stayed in the history`);
  }
  await page.context().close();
});
