// Loads the Leptos app (a separate file, so the Content-Security-Policy needs no inline script).
import init from '/pkg/twofold_web.js';

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

init();
