#!/bin/sh
# Builds the Leptos app into web/dist: cargo → wasm-bindgen (pinned CLI) → wasm-opt 132 → static files.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
# Four apps (web/src/main.rs, the everyday one; web/src/bin/editor.rs, adding and editing an
# account; web/src/bin/settings.rs and web/src/bin/admin.rs, the screens visited less often), each
# its own .wasm so each stays small.
RUSTFLAGS="--cfg erase_components" cargo build -p twofold-web --bins --profile web --target wasm32-unknown-unknown
rm -rf web/dist && mkdir -p web/dist/pkg
for app in twofold-web twofold-editor twofold-settings twofold-admin; do
  name=$(echo "$app" | tr - _)
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir web/dist/pkg \
    "target/wasm32-unknown-unknown/web/$app.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-exception-handling \
    -o "web/dist/pkg/${name}_bg.wasm" "web/dist/pkg/${name}_bg.wasm"
done
# The glue wasm-bindgen writes (59 KB for the everyday app, comments and long names) is fetched
# beside the .wasm before the first screen: minified with the esbuild that comes with wrangler.
ESBUILD=node_modules/wrangler/node_modules/.bin/esbuild
[ -x "$ESBUILD" ] || { echo "$ESBUILD is missing: run scripts/setup.sh" >&2; exit 1; }
for name in twofold_web twofold_editor twofold_settings twofold_admin; do
  "$ESBUILD" --minify --format=esm --target=es2022 --log-level=warning \
    --outfile="web/dist/pkg/$name.js.min" "web/dist/pkg/$name.js"
  mv "web/dist/pkg/$name.js.min" "web/dist/pkg/$name.js"
done
# The core's tools (imports, exports, QR decoding) for the screens that load them on demand: the
# npm package's browser build, as is.
sh scripts/build-npm.sh web-tools
mkdir -p web/dist/tools/dist/qr-decode
cp core/npm/api.js core/npm/qr-decode.web.js web/dist/tools/
cp -r core/npm/dist/qr-decode/web web/dist/tools/dist/qr-decode/
cp web/static/index.html web/static/style.css web/static/manifest.json web/static/_headers \
  web/static/vault.js web/static/passkeys.js web/static/sw.js web/static/icon.svg web/static/icon-*.png web/dist/
# Each language's table, fetched by the app only when a reader has chosen that language.
cp -r web/locales web/dist/locales
# The API's messages in each language but English, which the worker reads from the assets when an
# error must be said in that language (worker/src/i18n.rs).
cp -r worker/locales web/dist/locales/api
# The API reference (/api/docs, which the worker hands to the assets): our page, and RapiDoc from
# node_modules (npm `rapidoc`, pinned in package.json), never from a CDN.
[ -f node_modules/rapidoc/dist/rapidoc-min.js ] || { echo "node_modules/rapidoc is missing: run scripts/setup.sh" >&2; exit 1; }
mkdir -p web/dist/api/v1 web/dist/api-docs
cp web/static/api-docs/docs.html web/dist/api/docs.html
# Our OpenAPI document, which the worker reads from the assets to answer /api/v1/openapi.json.
cp worker/openapi.json web/dist/api/v1/openapi.json
cp web/static/api-docs/docs.js web/static/api-docs/docs.css node_modules/rapidoc/dist/rapidoc-min.js \
  node_modules/rapidoc/dist/rapidoc-min.js.LICENSE.txt web/dist/api-docs/
# Which app owns which path (web/app-paths.txt, also read by web/src/router.rs), written into app.js
# so the page asks for nothing more before importing its app.
owners=$(grep -v '^#' web/app-paths.txt | awk 'NF { printf "%s[\"%s\",\"%s\"]", (n++ ? "," : ""), $1, $2 }')
sed "s|\[/\* web/app-paths.txt \*/\]|[$owners]|" web/static/app.js > web/dist/app.js
grep -q '^const OWNERS = \[\["' web/dist/app.js || { echo "app.js: the path table was not written" >&2; exit 1; }
# Then minified into the page itself, allowed by its hash (scripts/inline-app.mjs says why).
"$ESBUILD" --minify --format=esm --target=es2022 --log-level=warning --outfile=web/dist/app.min.js web/dist/app.js
mv web/dist/app.min.js web/dist/app.js
node scripts/inline-app.mjs
