// Issue 6 budget: with 500 accounts, the first live code is visible ≤ 1 s after navigating to
// /accounts on localhost (measured in the browser from the navigation's start, in a fresh browser
// context so nothing is cached there, against a server that has served the page once; printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, signUp } from '../support/browser.mjs';

const BUDGET_MS = 1000;
const ACCOUNTS = 500;

const suite = browserSuite();

test(`with ${ACCOUNTS} accounts the first live code shows within ${BUDGET_MS} ms`, async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Budget User', { liveCodes: true });
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const headers = { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
  for (let i = 0; i < ACCOUNTS; i += 25) {
    await Promise.all(Array.from({ length: 25 }, (_, k) => page.request.post(`${suite.server.base}/api/v1/twofaccounts`, {
      headers,
      data: { otp_type: 'totp', service: `Service ${i + k}`, account: `user${i + k}@example.com`, secret: 'JBSWY3DPEHPK3PXP' },
    }).then((r) => assert.equal(r.status(), 201))));
  }
  // One visit warms the server's side (its isolate, D1, the asset server) as any live instance is.
  await page.goto(`${suite.server.base}/accounts`);
  await page.locator('.account .code').first().filter({ hasText: /\d/ }).waitFor();
  const storage = await page.context().storageState();
  await page.context().close();

  // A fresh context with the same session: nothing cached in the browser, no warm page.
  const context = await suite.browser.newContext({ storageState: storage });
  const fresh = await context.newPage();
  const times = [];
  for (let run = 0; run < 3; run += 1) {
    await fresh.goto(`${suite.server.base}/accounts`);
    const handle = await fresh.waitForFunction(() => {
      const code = document.querySelector('.account .code');
      return code && /\d/.test(code.textContent) && performance.now();
    }, null, { polling: 'raf', timeout: 10_000 });
    times.push(Math.round(await handle.jsonValue()));
    const marks = await fresh.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
      .filter((e) => /twofold_web_bg\.wasm|twofaccounts/.test(e.name))
      .map((e) => [e.name.replace(/^.*\//, ''), Math.round(e.responseEnd)])));
    console.log(`[budget] run ${run + 1}: resources done at ${JSON.stringify(marks)}`);
    assert.equal(await fresh.locator('.account').count(), ACCOUNTS);
  }
  console.log(`[budget] first live code with ${ACCOUNTS} accounts: ${times.join(' ms, ')} ms (cold, then warm; budget ${BUDGET_MS} ms)`);
  assert.ok(Math.max(...times) <= BUDGET_MS, `first code after ${Math.max(...times)} ms`);
  await context.close();
});
