// A user with many accounts, shared by the many-accounts browser journey and bench/first-code.mjs.
import assert from 'node:assert/strict';

/** Creates `count` TOTP accounts through the API with the page's session, 25 at a time. */
export async function seedAccounts(page, base, count) {
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const headers = { 'X-XSRF-TOKEN': xsrf, Accept: 'application/json' };
  for (let i = 0; i < count; i += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - i) }, (_, k) => page.request.post(`${base}/api/v1/twofaccounts`, {
      headers,
      data: { otp_type: 'totp', service: `Service ${i + k}`, account: `user${i + k}@example.com`, secret: 'JBSWY3DPEHPK3PXP' },
    }).then((r) => assert.equal(r.status(), 201))));
  }
}

/** Waits for the first account's code to show digits; answers ms since the navigation started. */
export async function firstCodeAfterNavigation(page, timeout = 30_000) {
  const handle = await page.waitForFunction(() => {
    const code = document.querySelector('.account .code');
    return code && /\d/.test(code.textContent) && performance.now();
  }, null, { polling: 'raf', timeout });
  return Math.round(await handle.jsonValue());
}
