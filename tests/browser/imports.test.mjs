// The import screen reads every real file of other apps (../shared/fixtures/imports), in this
// browser, with the core's readers: exports, backups and internal storage files (SQLite, ZIP, Java
// serialization, SharedPreferences XML, encrypted binaries), each named as its app, its password
// asked when it has one, and every account in the preview as new. The list of apps, with the file
// to take from each, is on the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSuite, signUp } from '../support/browser.mjs';
import { IMPORT_FIXTURES, FIXTURES, fixtureFiles } from '../support/import-fixtures.mjs';

const suite = browserSuite();

test('every real file of other apps reads in the import screen, as its app, with all its accounts', async () => {
  assert.deepEqual(IMPORT_FIXTURES.map((f) => f.file).sort(), fixtureFiles(), 'one row per file of the folder');
  const page = await signUp(suite.browser, suite.server.base, 'Fixtures User');
  await page.goto(`${suite.server.base}/accounts/import`);
  await page.getByText('Which file to take from each app').click();
  await page.getByText('databases/PhoneFactor').waitFor();
  for (const { file, password, app, count } of IMPORT_FIXTURES) {
    await page.reload();
    await page.getByLabel('Export file').setInputFiles(join(FIXTURES, file));
    if (password) {
      await page.getByRole('alert').filter({ hasText: 'This export is encrypted' }).waitFor();
      await page.getByLabel('Password of the export').fill(password);
      await page.getByRole('button', { name: 'Open' }).click();
    }
    await page.getByText(`Read as ${app}`, { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.import .entry').count(), count, file);
    assert.equal(await page.locator('.import .entry.new').count(), count, `${file}: all new, none invalid`);
  }
  await page.context().close();
});
