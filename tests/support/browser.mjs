// Debian's Chromium, headless, with the flags this closed network needs (no background traffic).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT, useServer } from './server.mjs';
import { sendPastDevProxy } from './dev-proxy.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const SHOTS = join(ROOT, 'test-output', 'screenshots', 'screens');

/** Runs axe-core on the page as it is (its context needs `bypassCSP`); fails on serious or
 *  critical violations and prints the others. With `shot`, also saves a full-page screenshot
 *  as test-output/screenshots/screens/<shot>.png. With `ownMarkupOnly`, what lies in shadow roots
 *  (a third-party component's inside) is printed but does not fail the scan. */
export async function scan(page, screen, shot, { ownMarkupOnly = false } = {}) {
  if (shot) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  }
  // Responsive: nothing wider than the window (from 360 px phones up).
  const [wide, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(wide <= width, `${screen}: the page is ${wide} px wide in a ${width} px window`);
  await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
  console.log(`[a11y] ${screen}: ${violations.length} violation(s)${summary.length ? `: ${summary.join(', ')}` : ''}`);
  // axe names a node in a shadow root by a list of selectors, one per root.
  const judged = ownMarkupOnly
    ? violations.map((v) => ({ ...v, nodes: v.nodes.filter((n) => typeof n.target[0] === 'string') })).filter((v) => v.nodes.length)
    : violations;
  const blocking = judged.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(blocking.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), [], screen);
}

/** The Chromium every browser test runs: its executable and flags (also for a persistent profile,
 *  `chromium.launchPersistentContext(dir, CHROMIUM)`). */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
};

export function launchChromium(extraArgs = []) {
  return chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, ...extraArgs] });
}

const unanswered = new WeakMap();

/** Keeps, for `page`, the requests it has sent and not yet seen answered (for `screenOf`). */
function track(page) {
  if (unanswered.has(page)) return;
  const open = new Set();
  unanswered.set(page, open);
  page.on('request', (r) => open.add(r));
  for (const done of ['requestfinished', 'requestfailed']) page.on(done, (r) => open.delete(r));
}

/** Waits for `control`, the first control of the screen just asked for. In two loaded rehearsals a
 *  page of wrangler dev never came: its load event did not fire in 30 s, or its screen was not
 *  drawn in 30 s. If the screen has not come in 15 s, the page's requests still unanswered are
 *  printed (what wrangler dev left hanging), and the page is loaded once more, as a reader would. */
async function screenOf(page, control) {
  if (await control.waitFor({ timeout: 15_000 }).then(() => true, () => false)) return;
  const open = [...(unanswered.get(page) ?? [])].map((r) => `${r.method()} ${new URL(r.url()).pathname}`);
  console.log(`[browser] ${new URL(page.url()).pathname}: no screen after 15 s; unanswered: ${open.join(', ') || 'none'}; loaded again`);
  await navigate(page, () => page.reload({ waitUntil: 'commit' }));
  await control.waitFor();
}

/** Registers a new user in a new page (of a new context, so `options` such as `locale` apply) and
 *  lands on /accounts; `liveCodes` turns codes on request off (getOtpOnRequest = false). */
export async function signUp(browser, base, name, { liveCodes = false, ...options } = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  track(page);
  await page.goto(`${base}/register`, { waitUntil: 'commit' });
  await screenOf(page, page.getByLabel(/^(Name|Nom)$/));
  await page.getByLabel(/^(Name|Nom)$/).fill(name);
  await page.getByLabel(/^(Email|E-mail)$/).fill(`${name.replace(/\W/g, '-').toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await page.getByLabel(/^(Password|Mot de passe)/).fill('browser-password');
  await page.getByRole('button', { name: /^(Register|S'inscrire)$/ }).click();
  await page.waitForURL('**/accounts');
  if (liveCodes) {
    await setPreference(page, base, 'getOtpOnRequest', false);
    await page.reload();
  }
  return page;
}

/** Adds an account as a reader does, on the New screen: its otpauth URI pasted and read into the
 *  form, then saved; ends on the accounts screen. `labels` name the three controls in another
 *  language than English. */
export async function addByUri(page, base, uri, labels = { paste: 'Or paste an otpauth:// URI', read: 'Read', save: 'Save' }) {
  track(page);
  await navigate(page, () => page.goto(`${base}/accounts/create`));
  await screenOf(page, page.getByLabel(labels.paste));
  await page.getByLabel(labels.paste).fill(uri);
  await page.getByRole('button', { name: labels.read, exact: true }).click();
  // Read: the form says so (or the errors say why not, and saving fails below).
  await page.locator('.toast:not(:empty), .errors').first().waitFor();
  await page.getByRole('button', { name: labels.save, exact: true }).click();
  await page.waitForURL('**/accounts');
}

async function xsrfHeaders(page) {
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  return { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
}

/** A write (`put`, `post`, `delete`) through the session of `page` (past wrangler dev's proxy:
 *  dev-proxy.mjs); tests make theirs with it too. */
export function write(page, method, url, options) {
  return sendPastDevProxy(() => page.request[method](url, options), `${method.toUpperCase()} ${new URL(url).pathname}`);
}

/** Sets one preference of the signed-in user of `page` through the API. */
export async function setPreference(page, base, key, value) {
  const res = await write(page, 'put', `${base}/api/v1/user/preferences/${key}`, { data: { value }, headers: await xsrfHeaders(page) });
  if (res.status() !== 201) throw new Error(`${key}: ${res.status()}`);
}

/** Runs a navigation (`() => page.goto(…)`, `() => page.reload()`) that the app itself may cut
 *  short with one of its own (a reload into a newly chosen language, the way to the sign-in page
 *  when a session has ended): an aborted one is made again once the app's has loaded, at most
 *  five times; any other error is thrown. */
export async function navigate(page, go) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await go();
    } catch (error) {
      // Cut short (ERR_ABORTED, or "interrupted by another navigation": the app reloading into
      // the language the test has just chosen through the API, seen in CI), or made while the
      // app's own navigation replaced the page.
      const overtaken = /ERR_ABORTED|interrupted by another navigation|Not attached to an active page/.test(String(error.message));
      if (attempt === 5 || !overtaken) throw error;
      // The page being replaced may still answer that its load is done (seen in CI: three
      // refusals within 2.6 s): give the app's navigation time to commit before the next try.
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      await page.waitForLoadState('load');
    }
  }
}

/** Reads `read()` every 100 ms until `ok(value)` holds or `timeoutMs` passes; returns the last
 *  value for the caller to assert on (page.waitForFunction cannot wait on a promise's value). */
export async function eventually(page, read, ok, timeoutMs = 5000) {
  let value = await read();
  for (const end = Date.now() + timeoutMs; !ok(value) && Date.now() < end;) {
    await page.waitForTimeout(100);
    value = await read();
  }
  return value;
}

/** A personal access token of the signed-in user of `page`, made through the web route; returns
 *  its value. */
export async function createToken(page, base, name) {
  const res = await write(page, 'post', `${base}/oauth/personal-access-tokens`, { data: { name }, headers: await xsrfHeaders(page) });
  if (res.status() !== 200) throw new Error(`token ${name}: ${res.status()}`);
  return (await res.json()).accessToken;
}

/** The signed-in user's preference `key`, read through the API. */
export async function preference(page, base, key) {
  const res = await page.request.get(`${base}/api/v1/user/preferences/${key}`, { headers: await xsrfHeaders(page) });
  if (res.status() !== 200) throw new Error(`${key}: ${res.status()}`);
  return (await res.json()).value;
}

/** The suite's server (the shared one) and a Chromium: started before the file's tests, stopped
 *  after them. Read `suite.server` and `suite.browser` inside tests. */
export function browserSuite() {
  const suite = {};
  before(async () => {
    suite.server = await useServer();
    suite.browser = await launchChromium();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
