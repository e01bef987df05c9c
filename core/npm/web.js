// Browser and bundler entry point: call `await init()` once before anything else.
import initWasm, * as raw from './dist/main/web/twofold_core.js';
import { makeApi } from './api.js';

export async function init(input) {
  await initWasm(input);
}
export const { totp, createTotp, hotp, steam, motp, yandex, parseUri, toUri, importData, exportData, qrSvg, qrPng } = makeApi(raw);
