// Every real file of ../shared/fixtures/imports (its README describes them): the password it
// needs, the app an import names, and how many accounts it holds. The API, the npm package and the
// web app's import screen are each checked against this one table; a file added to the folder
// without a row fails them (`fixtureFiles`). The exact accounts are checked in core
// (core/src/import/real_files.rs); here every account's secret must be one the folder's README names.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'imports');

export const IMPORT_FIXTURES = [
  { file: 'plain.txt', app: 'otpauth URIs', count: 7 },
  { file: 'ente_auth.txt', app: 'otpauth URIs', count: 7 },
  { file: 'aegis_plain.json', app: 'Aegis', count: 7 },
  { file: 'aegis_encrypted.json', password: 'test', app: 'Aegis', count: 7 },
  { file: '2fas_authenticator_plain_v4.2fas', app: '2FAS', count: 5 },
  { file: '2fas_authenticator_encrypted_v4.2fas', password: 'test', app: '2FAS', count: 5 },
  { file: '2fas_authenticator_encrypted.2fas', password: 'test', app: '2FAS', count: 4 },
  { file: 'bitwarden.json', app: 'Bitwarden', count: 4 },
  { file: 'andotp_plain.json', app: 'andOTP', count: 7 },
  { file: 'andotp_encrypted_old.bin', password: 'test', app: 'andOTP', count: 6 },
  { file: 'freeotp_plus.json', app: 'FreeOTP+', count: 6 },
  { file: 'freeotp.xml', app: 'FreeOTP', count: 4 },
  { file: 'freeotp_v2_api23.xml', password: 'test', app: 'FreeOTP', count: 6 },
  { file: 'freeotp_v2_api25.xml', password: 'test', app: 'FreeOTP', count: 6 },
  { file: 'freeotp_v2_api27.xml', password: 'test', app: 'FreeOTP', count: 6 },
  { file: 'freeotp_v2_api34.xml', password: 'test', app: 'FreeOTP', count: 6 },
  { file: 'proton_authenticator.json', app: 'Proton Authenticator', count: 3 },
  { file: 'authy_plain.xml', app: 'Authy', count: 3 },
  { file: 'authy_encrypted.xml', password: 'testtest', app: 'Authy', count: 3 },
  { file: 'battle_net_authenticator.xml', app: 'Battle.net', count: 1 },
  { file: 'duo.json', app: 'Duo Mobile', count: 2 },
  { file: 'google_authenticator.sqlite', app: 'Google Authenticator', count: 6 },
  { file: 'microsoft_authenticator.sqlite', app: 'Microsoft Authenticator', count: 7 },
  { file: 'stratum_plain.json', app: 'Stratum (Authenticator Pro)', count: 7 },
  // Argon2id over 64 MiB × 3 passes: more than a Worker runs (the API answers 400, pointing to the
  // web app), opened by the browser and the npm package.
  { file: 'stratum_encrypted.bin', password: 'test', app: 'Stratum (Authenticator Pro)', count: 7, tooCostlyForWorker: true },
  { file: 'stratum_internal.db', app: 'Stratum (Authenticator Pro)', count: 7 },
  { file: 'totp_authenticator.bin', password: 'Testtest1', app: 'TOTP Authenticator', count: 3 },
  { file: 'authenticator_plus.zip', password: 'testtesttest', app: 'Authenticator Plus', count: 7 },
  { file: 'steam_old.json', app: 'Steam', count: 1 },
];

/** The secrets the folder's accounts hold (plain.txt's, and the one Battle.net account's). */
export const FIXTURE_SECRETS = new Set(['4SJHB4GSD43FZBAI7C2HLRJGPQ', '5OM4WOOGPLQEF6UGN3CPEOOLWU',
  '7ELGJSGXNCCTV3O6LKJWYFV2RA', 'YOOMIXWS5GN6RTBPUFFWKTW5M4', 'KUVJJOM753IHTNDSZVCNKL7GII',
  '5VAML3X35THCEBVRLV24CGBKOY', 'JRZCL47CMXVOQMNPZR2F7J4RGI', 'BMGRXPGFARQQF4GMT25JATL2VYLAHDBI']);

/** A secret as compared: no padding, upper case. */
export const secretKey = (secret) => String(secret).replace(/=+$/, '').toUpperCase();

/** The folder's files, which must be exactly the table's (fails when the folder is missing). */
export function fixtureFiles() {
  if (!existsSync(FIXTURES)) throw new Error(`${FIXTURES} is missing: the real export files cannot be checked`);
  return readdirSync(FIXTURES).filter((f) => f !== 'README.md').sort();
}
