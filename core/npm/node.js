// Node entry point: the wasm is loaded synchronously from the package.
import { createRequire } from 'node:module';
import { makeApi } from './api.js';

const raw = createRequire(import.meta.url)('./dist/node/twofold_core.cjs');
export const { totp, createTotp, hotp, steam, parseUri, toUri, importData, exportData } = makeApi(raw);
/** Nothing to initialise in Node; present so code can call it everywhere. */
export async function init() {}
