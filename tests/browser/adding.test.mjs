// 2FAuth's web UI, adding accounts: a QR code from the camera or an image (decoded in the browser by core), a
// pasted URI, the advanced form with its "Test" button; a Google Authenticator migration code goes
// to the import screen. Import: other apps' exports or several QR code images at once, encrypted
// ones opened with their password, a preview marking duplicates and invalid entries, then the
// selected ones with a progress bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite, launchChromium, signUp, setPreference, write } from '../support/browser.mjs';
import { ROOT } from '../support/server.mjs';
import { pngOf, svgToRows, y4mOf } from '../support/png.mjs';
import { totp } from '../support/otp.mjs';
import { qrPng, qrSvg, exportData } from '../../core/npm/node.js';

const OUT = join(ROOT, 'test-output', 'screenshots');
const SECRET = 'JBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Upload:me@example.com?secret=${SECRET}&issuer=Upload`;

const suite = browserSuite();

const png = (text) => ({ name: 'qr.png', mimeType: 'image/png', buffer: Buffer.from(qrPng(text)) });

test('new account from an uploaded QR image: the form is filled, Test shows the code, an icon is uploaded, Save adds it', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Upload User');
  await page.getByRole('link', { name: 'New' }).click();
  await page.waitForURL('**/accounts/create');
  await page.locator('#qr-file').setInputFiles(png(URI));
  await page.getByRole('status').filter({ hasText: 'check the form below' }).waitFor();
  assert.equal(await page.getByLabel('Service').inputValue(), 'Upload');
  assert.equal(await page.getByLabel('Account', { exact: true }).inputValue(), 'me@example.com');
  assert.equal(await page.getByLabel('Secret (base32)').inputValue(), SECRET);

  const before = Math.floor(Date.now() / 1000);
  await page.getByRole('button', { name: 'Test' }).click();
  const shown = await page.locator('output.tested').filter({ hasText: /^\d{6}$/ }).textContent();
  const after = Math.floor(Date.now() / 1000);
  assert.ok([totp(SECRET, before), totp(SECRET, after)].includes(shown), `${shown} is the code of now`);
  await page.screenshot({ path: join(OUT, 'create-1280.png') });

  // An icon of our own, shown in the form and then in the list.
  const icon = pngOf(Array.from({ length: 16 }, (_, y) => Array.from({ length: 16 }, (_, x) => ((x + y) % 2 ? 0 : 255))));
  await page.locator('#icon-file').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: icon });
  await page.getByRole('img', { name: 'Icon of this account' }).waitFor();

  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL('**/accounts');
  await page.locator('.account .service').filter({ hasText: 'Upload' }).waitFor();
  const listed = page.locator('.account img.icon').first();
  await listed.waitFor();
  assert.ok(await listed.evaluate((img) => img.complete && img.naturalWidth === 16), 'the icon loads');
  await page.context().close();
});

test("the New screen is the editor app's, and its groups come from the loader's early read, asked once", async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Early Groups User');
  const xsrf = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN').value);
  const made = await write(page, 'post', `${suite.server.base}/api/v1/groups`, { data: { name: 'Read early' }, headers: { 'X-XSRF-TOKEN': xsrf } });
  assert.equal(made.status(), 201);
  // Who asks for each API path: the inline loader, or the app's code (its glue is /pkg/…).
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.groupReads = [];
    window.fetch = function (input, init) {
      const path = new URL(typeof input === 'string' ? input : input.url, location.href).pathname;
      if (path === '/api/v1/groups') window.groupReads.push(/\/pkg\//.test(new Error().stack) ? 'app' : 'loader');
      return fetch.call(this, input, init);
    };
  });
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
  await page.goto(`${suite.server.base}/accounts/create`);
  await page.locator('#group option', { hasText: 'Read early' }).waitFor({ state: 'attached' });
  assert.deepEqual(wasm, ['/pkg/twofold_editor_bg.wasm']);
  assert.deepEqual(await page.evaluate(() => window.groupReads), ['loader']);
  await page.context().close();
});

test('a pasted URI fills the form; bad input gets the API message; an image without QR code says so', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'Paste User');
  await page.goto(`${suite.server.base}/accounts/create`);
  await page.getByLabel('Or paste an otpauth:// URI').fill('otpauth://hotp/Paste:me?secret=JBSWY3DPEHPK3PXP&counter=7');
  await page.getByRole('button', { name: 'Read' }).click();
  await page.getByLabel('Counter').waitFor();
  assert.equal(await page.getByLabel('Counter').inputValue(), '7');
  assert.equal(await page.getByLabel('Type').inputValue(), 'hotp');

  await page.getByLabel('Or paste an otpauth:// URI').fill('not a uri');
  await page.getByRole('button', { name: 'Read' }).click();
  await page.getByRole('alert').waitFor();

  const blank = { name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from(qrPng('x')).subarray(0, 40) };
  await page.locator('#qr-file').setInputFiles(blank);
  await page.getByRole('alert').filter({ hasText: /image|QR/i }).waitFor();

  // The advanced form alone: a wrong secret is refused with the field's message.
  await page.getByLabel('Secret (base32)').fill('not base32 !');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: /secret/i }).waitFor();
  await page.context().close();
});

test('the camera: a QR code in front of it fills the form; with direct capture and auto-save it is saved at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-camera-'));
  const video = join(dir, 'qr.y4m');
  writeFileSync(video, y4mOf(svgToRows(qrSvg(`otpauth://totp/Camera:me?secret=${SECRET}&issuer=Camera`))));
  const camera = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`]);
  try {
    const page = await signUp(camera, suite.server.base, 'Camera User');
    await page.context().grantPermissions(['camera']);
    await page.goto(`${suite.server.base}/accounts/create`);
    await page.getByRole('button', { name: 'Scan a QR code with the camera' }).click();
    await page.getByRole('status').filter({ hasText: 'check the form below' }).waitFor();
    assert.equal(await page.getByLabel('Service').inputValue(), 'Camera');
    // The camera is off once a code is read.
    assert.equal(await page.locator('video.camera').isHidden(), true);

    // Direct capture with the camera, and a scanned account saved without the form.
    for (const [key, value] of [['useDirectCapture', true], ['defaultCaptureMode', 'livescan'], ['AutoSaveQrcodedAccount', true]]) {
      await setPreference(page, suite.server.base, key, value);
    }
    await page.goto(`${suite.server.base}/accounts/create`);
    await page.waitForURL('**/accounts');
    await page.locator('.account .service').filter({ hasText: 'Camera' }).waitFor();
  } finally {
    await camera.close();
  }
});

test('a Google Authenticator migration QR code goes to the import screen, read at once', async () => {
  const { uris } = exportData([
    { otp_type: 'totp', service: 'Alpha', account: 'a@example.com', secret: SECRET },
    { otp_type: 'hotp', service: 'Beta', account: 'b@example.com', secret: 'GEZDGNBVGY3TQOJQ', counter: 3 },
  ], 'google');
  const page = await signUp(suite.browser, suite.server.base, 'Migration User');
  await page.goto(`${suite.server.base}/accounts/create`);
  await page.locator('#qr-file').setInputFiles(png(uris[0]));
  await page.waitForURL('**/accounts/import');
  await page.getByText('Read as Google Authenticator').waitFor();
  await page.getByRole('button', { name: 'Import 2 selected' }).click();
  await page.getByRole('status').filter({ hasText: '2 imported, 0 failed' }).waitFor();
  assert.equal(await page.locator('progress').getAttribute('value'), '2');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('.account').nth(1).waitFor();
  await page.context().close();
});

test('import from several Google Authenticator QR code images chosen at once: one preview', async () => {
  const images = ['Gamma', 'Delta'].map((service, i) => {
    const { uris } = exportData([{ otp_type: 'totp', service, account: `${service.toLowerCase()}@example.com`, secret: SECRET }], 'google');
    return { ...png(uris[0]), name: `transfer-${i + 1}.png` };
  });
  const page = await signUp(suite.browser, suite.server.base, 'Transfer User');
  await page.goto(`${suite.server.base}/accounts/import`);
  await page.getByLabel('Export file').setInputFiles(images);
  await page.getByText('Read as Google Authenticator').waitFor();
  assert.deepEqual(await page.locator('.import .service').allTextContents(), ['Gamma', 'Delta']);
  // An image without a code says which.
  await page.getByLabel('Export file').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from(qrPng('x')).subarray(0, 60) });
  await page.getByRole('alert').filter({ hasText: 'blank.png' }).waitFor();
  await page.context().close();
});

test('import an encrypted Aegis export: password asked, preview, import; again: all duplicates', async () => {
  // An encrypted Aegis vault (scrypt + AES-GCM, password "test") written by core's exporter, whose
  // output the importer tests also check against Aegis' own files.
  const aegis = Buffer.from(JSON.stringify(exportData(['GitHub', 'GitLab', 'Proton'].map((service) => (
    { otp_type: 'totp', service, account: `me@${service.toLowerCase()}.example`, secret: SECRET })), 'aegis', { password: 'test' })));
  const page = await signUp(suite.browser, suite.server.base, 'Import User');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.waitForURL('**/accounts/import');
  await page.getByLabel('Export file').setInputFiles({ name: 'aegis.json', mimeType: 'application/json', buffer: aegis });
  await page.getByRole('alert').filter({ hasText: 'This export is encrypted' }).waitFor();
  await page.getByLabel('Password of the export').fill('wrong');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('alert').filter({ hasText: 'does not open' }).waitFor();
  await page.getByLabel('Password of the export').fill('test');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByText('Read as Aegis').waitFor();
  const found = await page.locator('.import .entry.new').count();
  assert.equal(found, 3);
  await page.screenshot({ path: join(OUT, 'import-preview-1280.png'), fullPage: true });
  await page.getByRole('button', { name: `Import ${found} selected` }).click();
  await page.getByRole('status').filter({ hasText: `${found} imported, 0 failed` }).waitFor();
  assert.equal(await page.locator('.import .entry.imported').count(), found);

  await page.reload();
  await page.getByLabel('Export file').setInputFiles({ name: 'aegis.json', mimeType: 'application/json', buffer: aegis });
  await page.getByLabel('Password of the export').fill('test');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByText('Read as Aegis').waitFor();
  assert.equal(await page.locator('.import .entry.duplicate').count(), found);
  assert.equal(await page.getByRole('button', { name: 'Import 0 selected' }).isDisabled(), true);
  await page.context().close();
});

test('pasted otpauth list: invalid lines are marked and cannot be chosen; select none / all', async () => {
  const page = await signUp(suite.browser, suite.server.base, 'List User');
  await page.goto(`${suite.server.base}/accounts/import`);
  await page.getByLabel('Or paste its content').fill([
    `otpauth://totp/Good:one@example.com?secret=${SECRET}`,
    'otpauth://totp/Bad:two@example.com?secret=1!!',
    `otpauth://totp/Fine:three@example.com?secret=${SECRET}&digits=8`,
  ].join('\n'));
  await page.getByRole('button', { name: 'Read' }).click();
  await page.locator('.import .entry').nth(2).waitFor();
  assert.equal(await page.locator('.import .entry.invalid').count(), 1);
  assert.equal(await page.locator('.import .entry.invalid input').isDisabled(), true);
  await page.getByRole('button', { name: 'Select none' }).click();
  await page.getByRole('button', { name: 'Import 0 selected' }).waitFor();
  await page.getByRole('button', { name: 'Select all' }).click();
  await page.getByLabel(/Good/).uncheck();
  await page.getByRole('button', { name: 'Import 1 selected' }).click();
  await page.getByRole('status').filter({ hasText: '1 imported, 0 failed' }).waitFor();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(OUT, 'import-done-360.png'), fullPage: true });
  await page.context().close();
});
