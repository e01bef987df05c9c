// Loads one of the two Leptos apps (a separate file, so the Content-Security-Policy needs no
// inline script): settings, import, administration and lost passwords have their own
// (web/src/bin/settings.rs); the paths are those of `is_settings_path` in web/src/app.rs.
const settings = /^\/(settings|accounts\/(import|manage|\d+\/(sharing|otp-logs))|admin|about|password|user\/password)(\/|$)/.test(location.pathname);
const name = settings ? 'twofold_settings' : 'twofold_web';
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

// Most visits open on the accounts: their list is fetched while the app loads (web/src/client.rs
// takes the answer instead of asking again).
const xsrf = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length);
if (xsrf && location.pathname === '/accounts') {
  const path = '/api/v1/twofaccounts?withSecret=1';
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': xsrf };
  window.twofoldPrefetch = {
    path,
    answer: fetch(path, { credentials: 'same-origin', headers }).then(async (r) => [r.status, await r.text()]),
  };
}

const { default: init } = await app;
init({ module_or_path: wasm });
