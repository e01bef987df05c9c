// Twofold's service worker: the everyday app opens without a network. Every request goes to the
// network first, so an online visit always gets the current files; a copy of the app's own files
// is kept for when the network fails. API answers are never cached (the accounts' offline copy is
// vault.js's, encrypted).
const CACHE = 'twofold-shell';
// Only the everyday app: the others' screens need the network. The editor's (New, edit) would open
// offline to a form that cannot save and an account that cannot load (the offline copy's tiles
// have no edit link), and copying it would add its download to every install; offline, app.js
// sends its paths to the accounts instead (tests/browser/offline.test.mjs).
const SHELL = ['/', '/style.css', '/manifest.json', '/icon.svg', '/vault.js', '/passkeys.js',
  '/pkg/twofold_web.js', '/pkg/twofold_web_bg.wasm'];
// The language tables too: the one a reader uses is kept once fetched, so the app opens offline in it.
const CACHED = /^\/($|style\.css$|manifest\.json$|icon[^/]*$|vault\.js$|passkeys\.js$|pkg\/twofold_web|locales\/[\w-]+\.json$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  // The API's pages (its reference, /api/docs) are not the app's: kept as '/', one would open
  // instead of the app offline.
  if (url.pathname.startsWith('/api/')) return;
  // Pages of the app are all index.html; offline, the cached one.
  const key = request.mode === 'navigate' ? '/' : CACHED.test(url.pathname) ? url.pathname : null;
  if (!key) return;
  event.respondWith(fetch(request).then(async (response) => {
    // A navigation may also open a file that is not a page (an icon of /storage): only pages are kept.
    if (response.ok && (request.mode !== 'navigate' || response.headers.get('content-type')?.startsWith('text/html'))) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
    return response;
  }).catch(async () => (await caches.match(key)) ?? Response.error()));
});
