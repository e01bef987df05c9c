// Browser entry point of `@twofold/core/qr-decode`: the whole API plus decodeQr (a larger wasm).
import initWasm, * as raw from './dist/qr-decode/web/twofold_core.js';
import { makeApi } from './api.js';

export async function init(input) {
  await initWasm(input);
}
export const { totp, createTotp, hotp, steam, motp, yandex, parseUri, toUri, importData, exportData, qrSvg, qrPng, decodeQr } = makeApi(raw);
