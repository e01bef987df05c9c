// Node entry point: the wasm is loaded synchronously from the package.
import { createRequire } from 'node:module';
import { makeApi } from './api.js';

const raw = createRequire(import.meta.url)('./dist/main/node/twofold_core.cjs');
export const { totp, createTotp, hotp, steam, motp, yandex, parseUri, toUri, importData, exportData, qrSvg, qrPng } = makeApi(raw);
/** Nothing to initialise in Node; present so code can call it everywhere. */
export async function init() {}
