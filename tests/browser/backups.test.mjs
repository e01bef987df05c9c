// Backups in the settings app: from *My account* to *Backups*, set up a WebDAV destination (npm
// webdav-server on loopback) with a backup password, *Back up now*, the last run shown, the file
// fetched from the folder and opened with the password (tests/support/aegis.mjs); on reload the
// stored password is never put back in the page, and a wrong one is shown as the run's failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, signUp, scan } from '../support/browser.mjs';
import { seedAccounts } from '../support/many-accounts.mjs';
import { openVault } from '../support/aegis.mjs';
import { startWebdav } from '../support/backups.mjs';
import { d1Sql } from '../support/d1.mjs';

const suite = browserSuite();
let dav;
before(async () => { dav = await startWebdav(); });
after(() => dav?.stop());

test('set up WebDAV backups, back up now, and the file opens with the password', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Backup User');
  await seedAccounts(page, suite.server.base, 2);
  await page.goto(`${suite.server.base}/settings/account`);
  await page.getByRole('link', { name: 'Automatic backups' }).click();
  await page.waitForURL('**/settings/backups');
  await page.getByRole('heading', { name: 'Backups' }).waitFor();

  await page.getByLabel('Destination').selectOption('webdav');
  await page.getByLabel('Folder URL').fill(dav.url);
  await page.getByLabel('User name').fill(dav.username);
  await page.getByLabel('Password', { exact: true }).fill(dav.password);
  await page.getByLabel('Backups kept').fill('3');
  await page.getByLabel('Backup password').fill('browser backup password');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'No backup yet.' }).waitFor();
  await scan(page, 'backups', 'backups');

  await page.getByRole('button', { name: 'Back up now' }).click();
  const last = page.getByRole('status').filter({ hasText: 'Last backup:' });
  await last.waitFor();
  const file = /twofold-backup-\d{8}T\d{6}Z\.json/.exec(await last.textContent())[0];
  const vault = JSON.parse((await dav.get(file)).toString('utf8'));
  const db = openVault(vault, 'browser backup password');
  assert.deepEqual(db.entries.map((e) => e.issuer).sort(), ['Service 0', 'Service 1']);

  // Reloaded: the settings come back, the stored password does not.
  await page.reload();
  await page.getByText('A password or key is stored: leave it empty to keep it.').waitFor();
  assert.equal(await page.getByLabel('Folder URL').inputValue(), dav.url);
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
  assert.ok(!(await page.content()).includes(dav.password));

  // A wrong password is the run's outcome, shown with its cause.
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  // Back up now waits a minute between runs (429): the last run is moved back past it.
  d1Sql(suite.server.state, 'UPDATE backups SET last_run_at = last_run_at - 60');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('status').filter({ hasText: /Last backup failed .*answered 401/ }).waitFor();
  await page.context().close();
});
