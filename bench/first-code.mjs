// First-code benchmark (a command, not a test): with 500 accounts, how long after navigating to
// /accounts the first live code is visible, measured in headless Chromium from the navigation's
// start. The server (`wrangler dev`, fresh local D1) has served the page once, as a live instance
// has; each round opens a fresh browser context (nothing cached in the browser) with the same
// session, then visits again warm. Prints every round and the medians against the 1 s budget of
// issue 6, and the bytes of that first screen (everything but the JSON data: HTML, JS, wasm, CSS,
// icons, fonts), gzip, against issue 15's 250 KB.
// Usage: node bench/first-code.mjs [rounds, default 5]
import { gzipSync } from 'node:zlib';
import { startServer, SUITE_VARS } from '../tests/support/server.mjs';
import { launchChromium, signUp } from '../tests/support/browser.mjs';
import { seedAccounts, firstCodeAfterNavigation } from '../tests/support/many-accounts.mjs';
import { record } from './verdicts.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const ACCOUNTS = 500;
const BUDGET_MS = 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Gzip bytes of what a fresh context loads for the accounts screen up to its first live code,
 *  the API's JSON left out (data, not the screen), by kind of file. */
async function firstScreenBytes(context, url) {
  const page = await context.newPage();
  const loads = [];
  page.on('response', (res) => loads.push((async () => {
    const type = res.headers()['content-type'] ?? '';
    if (type.includes('json')) return null;
    const body = await res.body().catch(() => Buffer.alloc(0));
    return { url: res.url(), type, gz: gzipSync(body, { level: 9 }).length };
  })()));
  await page.goto(url);
  await firstCodeAfterNavigation(page);
  await page.close();
  return (await Promise.all(loads)).filter(Boolean);
}

const server = await startServer({ vars: SUITE_VARS });
const browser = await launchChromium();
try {
  const page = await signUp(browser, server.base, 'Bench User', { liveCodes: true });
  await seedAccounts(page, server.base, ACCOUNTS);
  await page.goto(`${server.base}/accounts`);
  await firstCodeAfterNavigation(page);
  const storage = await page.context().storageState();
  await page.context().close();

  const screen = await firstScreenBytes(await browser.newContext({ storageState: storage }), `${server.base}/accounts`);
  const total = screen.reduce((n, f) => n + f.gz, 0);
  console.log(`first accounts screen: ${screen.length} files, ${(total / 1000).toFixed(1)} KB gzip`);
  for (const f of [...screen].sort((a, b) => b.gz - a.gz).slice(0, 8)) console.log(`  ${(f.gz / 1000).toFixed(1).padStart(7)} KB  ${new URL(f.url).pathname}`);
  record({ measure: 'first accounts screen, bytes gzip', twofold: `${(total / 1000).toFixed(1)} KB`, target: '≤ 250 KB', met: total <= 250_000 });

  const cold = [];
  const warm = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const context = await browser.newContext({ storageState: storage });
    const fresh = await context.newPage();
    await fresh.goto(`${server.base}/accounts`);
    cold.push(await firstCodeAfterNavigation(fresh));
    await fresh.goto(`${server.base}/accounts`);
    warm.push(await firstCodeAfterNavigation(fresh));
    await context.close();
    console.log(`round ${round + 1}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms`);
  }
  const verdict = (ms) => (ms <= BUDGET_MS ? 'within' : 'OVER');
  console.log(`\nfirst live code, ${ACCOUNTS} accounts, median of ${ROUNDS}:`);
  console.log(`  fresh browser context  ${median(cold)} ms (max ${Math.max(...cold)}), ${verdict(median(cold))} the ${BUDGET_MS} ms budget`);
  console.log(`  warm page              ${median(warm)} ms (max ${Math.max(...warm)}), ${verdict(median(warm))} the ${BUDGET_MS} ms budget`);
  record({ measure: 'first live code, 500 accounts, fresh browser context', twofold: `${median(cold)} ms`, target: `≤ ${BUDGET_MS} ms`, met: median(cold) <= BUDGET_MS });
} finally {
  await browser.close();
  await server.stop();
}
