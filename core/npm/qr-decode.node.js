// Node entry point of `@twofold/core/qr-decode`: the whole API plus decodeQr (a larger wasm).
import { createRequire } from 'node:module';
import { makeApi } from './api.js';

const raw = createRequire(import.meta.url)('./dist/qr-decode/node/twofold_core.cjs');
export const { totp, createTotp, hotp, steam, motp, yandex, parseUri, toUri, importData, exportData, qrSvg, qrPng, decodeQr } = makeApi(raw);
/** Nothing to initialise in Node; present so code can call it everywhere. */
export async function init() {}
