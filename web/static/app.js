// Loads one of the four Leptos apps. The build puts it, minified, into the page itself, allowed
// by its hash in the Content-Security-Policy (scripts/inline-app.mjs): no round trip stands
// between the page and the .wasm's download. Which app owns which path is web/app-paths.txt, written into OWNERS below by
// scripts/build-web.sh (web/src/router.rs reads the same file): administration and About
// (web/src/bin/admin.rs); settings, import, management, sharing and lost passwords
// (web/src/bin/settings.rs); adding and editing an account (web/src/bin/editor.rs); the rest, the
// everyday app (web/src/main.rs).
// 2FAuth's own paths (bookmarks, its installed app's shortcuts) open the same screens here.
const LEGACY = [
  [/^\/$/, '/accounts'],
  [/^\/(start|capture|account\/create)$/, '/accounts/create'],
  [/^\/account\/import$/, '/accounts/import'],
  [/^\/account\/(\d+)\/(edit|sharing|otp-logs)$/, '/accounts/$1/$2'],
  [/^\/account\/(\d+)\/(qrcode|share|transfer)$/, '/accounts/$1/edit'],
  [/^\/group\/(create|\d+\/edit)$/, '/groups'],
  [/^\/settings\/oauth$/, '/settings/tokens'],
  [/^\/admin\/users\/create$/, '/admin/users'],
  [/^\/admin\/users\/(\d+)\/manage$/, '/admin/users/$1'],
  [/^\/admin\/logs\/(\d+)\/access$/, '/admin/users/$1'],
  [/^\/admin\/auth$/, '/admin/app'],
];
for (const [from, to] of LEGACY) {
  if (from.test(location.pathname)) {
    history.replaceState(null, '', location.pathname.replace(from, to) + location.search);
    break;
  }
}
// [app, pattern]: a pattern matches its path and the paths under it, `*` any one segment.
const OWNERS = [/* web/app-paths.txt */];
const segments = location.pathname.split('/');
const [owner] = OWNERS.find(([, pattern]) => pattern.split('/')
  .every((part, i) => part === segments[i] || (part === '*' && !!segments[i]))) ?? [];
const name = { admin: 'twofold_admin', settings: 'twofold_settings', editor: 'twofold_editor' }[owner]
  ?? 'twofold_web';
const app = import(`/pkg/${name}.js`);
// The .wasm is fetched alongside its JavaScript, not after it.
const wasm = fetch(`/pkg/${name}_bg.wasm`);

// The heavy tools of the core (imports, exports, QR decoding), fetched the first time a screen
// asks for them; see web/src/tools.rs.
let tools;
window.twofoldTools = () => {
  tools ??= import('/tools/qr-decode.web.js').then(async (module) => {
    await module.init();
    return module;
  }).catch((error) => {
    tools = undefined;
    throw error;
  });
  return tools;
};

// The offline copy of the accounts (web/static/vault.js), loaded when a screen asks
// (web/src/offline.rs).
let vault;
window.twofoldVault = () => {
  vault ??= import('/vault.js').catch((error) => {
    vault = undefined;
    throw error;
  });
  return vault;
};

// Passkeys (web/static/passkeys.js), loaded when a screen uses one (web/src/passkeys.rs).
let passkeys;
window.twofoldPasskeys = () => {
  passkeys ??= import('/passkeys.js').catch((error) => {
    passkeys = undefined;
    throw error;
  });
  return passkeys;
};

// What the first screen needs is fetched while the app loads (web/src/client.rs takes these
// answers instead of asking again): the signed-in user on every page behind the sign-in, and
// what the screens opened most read next, which would otherwise wait for the .wasm and then for
// the user (one more round trip each): the accounts and groups on the accounts page, where most
// visits open, the groups on New, the preferences and groups on the options screen.
const FIRST_READS = {
  '/accounts': ['/api/v1/twofaccounts?withSecret=1', '/api/v1/groups'],
  '/accounts/create': ['/api/v1/groups'],
  '/settings/options': ['/api/v1/user/preferences', '/api/v1/groups'],
};
const xsrf = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length);
if (xsrf && !/^\/(login|register|password|user\/password)(\/|$)/.test(location.pathname)) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': xsrf };
  // Status 0: the network failed (web/src/client.rs then treats the server as unreachable).
  const prefetch = (path) => fetch(path, { credentials: 'same-origin', headers })
    .then(async (r) => [r.status, await r.text()], () => [0, '']);
  window.twofoldPrefetch = {};
  for (const path of ['/api/v1/user', ...FIRST_READS[location.pathname] ?? []]) {
    window.twofoldPrefetch[path] = prefetch(path);
  }
}

let init;
try {
  ({ default: init } = await app);
} catch (error) {
  // Offline, only the everyday app is at hand (web/static/sw.js): its accounts open instead.
  if (!navigator.onLine && name !== 'twofold_web') location.replace('/accounts');
  throw error;
}
await init({ module_or_path: wasm });

// The app opens without a network too (web/static/sw.js): registered once this page is up, so
// its first copy of the files does not compete with the first codes.
if ('serviceWorker' in navigator) {
  setTimeout(() => navigator.serviceWorker.register('/sw.js').catch(() => {}), 2000);
}
