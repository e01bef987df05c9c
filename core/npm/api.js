// The package's API over the raw wasm exports (shared by the Node and browser entry points).

const now = () => Math.floor(Date.now() / 1000);
// Indexes of the core's Algorithm::ALL.
const ALGORITHMS = { sha1: 0, sha256: 1, sha512: 2, md5: 3 };

/** @param {object} raw the wasm-bindgen module */
export function makeApi(raw) {
  const bigint = (v, name) => {
    if (typeof v === 'bigint') return v;
    if (Number.isSafeInteger(v) && v >= 0) return BigInt(v);
    const e = new Error(`${name} must be a non-negative integer`);
    e.code = 'INVALID_ARGUMENT';
    throw e;
  };
  return {
    totp({ secret, algorithm = 'sha1', digits = 6, period = 30, time = now() }) {
      // Hot path: plain numbers across the boundary, padding on this side.
      const code = raw.rawTotp(secret, ALGORITHMS[algorithm] ?? 255, digits, period, time);
      return String(code).padStart(digits, '0');
    },
    createTotp({ secret, algorithm = 'sha1', digits = 6, period = 30 }) {
      const generator = new raw.RawTotp(secret, ALGORITHMS[algorithm] ?? 255, digits, period);
      return {
        generate(time = now()) {
          return String(generator.generate(time)).padStart(digits, '0');
        },
        free() {
          generator.free();
        },
      };
    },
    hotp({ secret, algorithm = 'sha1', digits = 6, counter }) {
      return raw.rawHotp(secret, algorithm, digits, bigint(counter, 'counter'));
    },
    steam({ secret, time = now() }) {
      return raw.rawSteam(secret, time);
    },
    motp({ secret, pin, digits = 6, period = 10, time = now() }) {
      return raw.rawMotp(secret, String(pin), digits, period, time);
    },
    yandex({ secret, pin, digits = 8, period = 30, time = now() }) {
      return raw.rawYandex(secret, String(pin), digits, period, time);
    },
    parseUri(uri) {
      return JSON.parse(raw.rawParseUri(uri));
    },
    toUri(account) {
      return raw.rawToUri(JSON.stringify(account));
    },
    importData(data, password) {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      return JSON.parse(raw.rawImport(bytes, password ?? undefined));
    },
    exportData(accounts, format, options = {}) {
      const out = raw.rawExport(JSON.stringify(accounts), format, options.password ?? undefined, options.batchId ?? 1, new Date().toISOString());
      return format === 'otpauth' ? out : JSON.parse(out);
    },
    qrSvg(text) {
      return raw.rawQrSvg(text);
    },
    qrPng(text) {
      return raw.rawQrPng(text);
    },
    // Only the qr-decode build has it; the main entry points do not export it.
    decodeQr(image) {
      return raw.rawQrDecode(image);
    },
  };
}
