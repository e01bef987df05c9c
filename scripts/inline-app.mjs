// Puts the page's loader (web/dist/app.js, minified) into web/dist/index.html, and allows exactly
// that script by its hash in the Content-Security-Policy of web/dist/_headers. As a file of its
// own, app.js was one more round trip before the largest download of the first screen, the app's
// .wasm, could start (about 0.3 s of a phone's largest paint in Lighthouse's model); inline, the
// .wasm is asked for as soon as the page is parsed. The policy still runs no other inline script.
// Usage: node scripts/inline-app.mjs (after scripts/build-web.sh has written web/dist).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const DIST = new URL('../web/dist/', import.meta.url);
const TAG = '<script type="module" src="/app.js"></script>';
const POLICY = "script-src 'self' 'wasm-unsafe-eval'";

const code = readFileSync(new URL('app.js', DIST), 'utf8').trim();
// The script ends at the first `</script` the parser meets, whatever the JavaScript meant.
if (/<\/script/i.test(code)) throw new Error('app.js contains "</script": it cannot be inlined as is');

const page = readFileSync(new URL('index.html', DIST), 'utf8');
if (page.split(TAG).length !== 2) throw new Error(`index.html: expected one ${TAG}`);
writeFileSync(new URL('index.html', DIST), page.replace(TAG, () => `<script type="module">${code}</script>`));

// The hash of the script's text exactly as it stands between its tags.
const hash = createHash('sha256').update(code, 'utf8').digest('base64');
const headers = readFileSync(new URL('_headers', DIST), 'utf8');
// Only the site-wide rule's policy, the file's first: the API reference's page keeps its own.
const siteWide = `/*\n  Content-Security-Policy: default-src 'self'; ${POLICY};`;
if (!headers.startsWith(siteWide)) throw new Error(`_headers: the first rule is not the site-wide ${POLICY}`);
writeFileSync(new URL('_headers', DIST), headers.replace(POLICY, () => `${POLICY} 'sha256-${hash}'`));
rmSync(new URL('app.js', DIST));
console.log(`[build] app.js inlined into index.html (${code.length} bytes, sha256-${hash})`);
