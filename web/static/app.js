// Loads the Leptos app (a separate file, so the Content-Security-Policy needs no inline script).
import init from '/pkg/twofold_web.js';
init();
