/** Hash of the HMAC. */
export type Algorithm = 'sha1' | 'sha256' | 'sha512' | 'md5';
/** Kind of code, in 2FAuth's words. */
export type OtpType = 'totp' | 'hotp' | 'steamtotp';

/** An account with 2FAuth's field names. */
export interface Account {
  otp_type: OtpType;
  service: string | null;
  account: string;
  /** Base32, upper case, `=`-padded. */
  secret: string;
  digits: number;
  algorithm: Algorithm;
  period: number | null;
  counter: number | null;
}

/** Errors thrown by this package carry a stable `code`. */
export interface TwofoldError extends Error {
  code:
    | 'INVALID_SECRET' | 'INVALID_ALGORITHM' | 'INVALID_DIGITS' | 'INVALID_PERIOD' | 'INVALID_ARGUMENT'
    | 'INVALID_URI' | 'MISSING_LABEL' | 'INVALID_ACCOUNT'
    | 'UNSUPPORTED_FORMAT' | 'PASSWORD_REQUIRED' | 'WRONG_PASSWORD' | 'UNREADABLE' | 'INVALID_DATA'
    | 'TOO_COSTLY' | 'TOO_LONG'
    | 'NOT_AN_IMAGE' | 'NOT_DETECTED' | 'UNDECODABLE' | 'INVALID_CHECKSUM' | 'TOO_LARGE';
}

/** Loads the WebAssembly (browsers: required once; Node: a no-op). */
export function init(input?: unknown): Promise<void>;

/** TOTP code (RFC 6238). `time` in Unix seconds, default now. */
export function totp(options: { secret: string; algorithm?: Algorithm; digits?: number; period?: number; time?: number }): string;
/** A TOTP generator that decodes its secret once (faster for repeated codes of one account). */
export function createTotp(options: { secret: string; algorithm?: Algorithm; digits?: number; period?: number }): {
  generate(time?: number): string;
  /** Releases the wasm memory now (otherwise done when garbage-collected). */
  free(): void;
};
/** HOTP code (RFC 4226); counters up to 2^64 − 1 as bigint. */
export function hotp(options: { secret: string; algorithm?: Algorithm; digits?: number; counter: number | bigint }): string;
/** Steam Guard code (5 characters). */
export function steam(options: { secret: string; time?: number }): string;
/** mOTP code as Aegis defines it (hex characters); the secret in base32. Defaults: 6 digits, 10 s. */
export function motp(options: { secret: string; pin: string; digits?: number; period?: number; time?: number }): string;
/** Yandex code as Aegis defines it (lower-case letters); the secret in base32. Defaults: 8 letters, 30 s. */
export function yandex(options: { secret: string; pin: string; digits?: number; period?: number; time?: number }): string;

/** Parses an otpauth URI (`otpauth://totp|hotp|steam/...`) as 2FAuth would. */
export function parseUri(uri: string): Account;
/** The provisioning URI of an account. */
export function toUri(account: Partial<Account> & Pick<Account, 'account' | 'otp_type' | 'secret'>): string;

/** Reads another app's export, backup or internal storage file (text, or the bytes of a binary
 *  file: SQLite databases, ZIP archives, Java-serialized or encrypted backups); encrypted files need
 *  `password`; bad entries come back in `errors`, never fail the batch. Key derivations may use up
 *  to 1 GiB (Ente's strongest setting). `app` names the app as people know it. */
export function importData(data: string | Uint8Array, password?: string): {
  format: 'TwoFAuth' | 'Aegis' | 'TwoFas' | 'GoogleAuthenticator' | 'Bitwarden' | 'Otpauth' | 'AndOtp' | 'FreeOtpPlus'
    | 'ProtonAuthenticator' | 'EnteAuth' | 'Authy' | 'BattleNet' | 'Duo' | 'FreeOtp' | 'Steam' | 'Stratum'
    | 'TotpAuthenticator' | 'MicrosoftAuthenticator' | 'AuthenticatorPlus';
  app: string;
  accounts: Account[];
  errors: { index: number; service: string | null; account: string | null; error: string }[];
};

/** Exports accounts: `otpauth` gives one URI per line; `google` migration URIs in batches of 10. */
export function exportData(accounts: Account[], format: 'otpauth', options?: object): string;
export function exportData(accounts: Account[], format: 'google', options?: { batchId?: number }): { uris: string[]; skipped: number[] };
export function exportData(accounts: Account[], format: '2fauth' | 'aegis', options?: { password?: string }): object;

/** A QR code of `text` as SVG markup. */
export function qrSvg(text: string): string;
/** A QR code of `text` as PNG bytes. */
export function qrPng(text: string): Uint8Array;
