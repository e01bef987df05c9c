// 2FAuth's web UI, accessibility: axe-core (npm) on every screen of the web app, in light and dark themes, at
// 1280 and 360 px. No serious or critical violation is allowed; the others are printed.
import { test } from 'node:test';
import { browserSuite, setPreference, scan, addByUri } from '../support/browser.mjs';
import { uniqueEmail } from '../support/client.mjs';

const URI = 'otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service';
const suite = browserSuite();

for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`every screen passes axe (${scheme}, ${width} px)`, async () => {
      // The CSP forbids injected scripts; the scanner is the test's, not the page's.
      const context = await suite.browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${suite.server.base}/login`);
      await page.getByLabel('Email').waitFor();
      await scan(page, 'login', `login-${scheme}-${width}`);
      await page.goto(`${suite.server.base}/register`);
      await page.getByLabel('Name').waitFor();
      await scan(page, 'register', `register-${scheme}-${width}`);
      await page.getByLabel('Name').fill(`A11y ${scheme} ${width}`);
      await page.getByLabel('Email').fill(uniqueEmail('a11y'));
      await page.getByLabel(/^Password/).fill('browser-password');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.waitForURL('**/accounts');
      await addByUri(page, suite.server.base, URI);
      // Codes on request (the default): the list, then a code in its dialog.
      await page.locator('.account button.open').first().click();
      await page.locator('dialog .code').filter({ hasText: /\d/ }).waitFor();
      await scan(page, 'code dialog', `code-dialog-${scheme}-${width}`);
      await page.keyboard.press('Escape');
      await page.locator('dialog').waitFor({ state: 'hidden' });
      await scan(page, 'accounts (codes on request)', `accounts-on-request-${scheme}-${width}`);
      await setPreference(page, suite.server.base, 'getOtpOnRequest', false);
      await page.reload();
      await page.locator('.account .code').first().waitFor();
      await scan(page, 'accounts (live codes)', `accounts-live-${scheme}-${width}`);
      await page.getByRole('link', { name: 'Edit service account' }).click();
      await page.getByLabel('Service').waitFor();
      await page.getByRole('button', { name: 'Show QR code' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await scan(page, 'edit account', `edit-${scheme}-${width}`);
      for (const [link, url, ready] of [['New', '**/accounts/create', 'Service'], ['Import', '**/accounts/import', 'Export file'],
        ['Groups', '**/groups', 'New group'], ['Tokens', '**/settings/tokens', 'Token name'], ['Options', '**/settings/options', 'Theme']]) {
        // On phones the less used links (Tokens) wait in the account menu.
        if (!(await page.getByRole('link', { name: link }).isVisible())) await page.getByRole('button', { name: 'Account menu' }).click();
        await page.getByRole('link', { name: link }).click();
        await page.waitForURL(url);
        await page.getByLabel(ready).waitFor();
        await scan(page, link.toLowerCase(), `${link.toLowerCase()}-${scheme}-${width}`);
      }
      await context.close();
    });
  }
}
