// npm package throughput in Node (a command, not a test): @twofold/core (wasm) against the
// `otpauth` and `otplib` npm packages, in one run, same codes checked first.
// Usage: node bench/npm.mjs [codes per round, default 200000]
import * as OTPAuth from 'otpauth';
import { generateSync } from 'otplib';
import { createTotp, totp } from '../core/npm/node.js';

const CODES = Number(process.argv[2] ?? 200_000);
const ROUNDS = 5;
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const T0 = 1_700_000_000;

const otpauth = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET), algorithm: 'SHA1', digits: 6, period: 30 });
const generator = createTotp({ secret: SECRET });
// Object against object (each side decodes the secret once), and our one-shot function.
const contenders = {
  '@twofold/core (wasm)': (t) => generator.generate(t),
  '@twofold/core totp()': (t) => totp({ secret: SECRET, time: t }),
  [`otpauth ${OTPAuth.version}`]: (t) => otpauth.generate({ timestamp: t * 1000 }),
  'otplib 13': (t) => generateSync({ secret: SECRET, epoch: t }),
};

// Same answers, or the comparison means nothing.
for (const t of [59, 1111111109, T0]) {
  const codes = new Set(Object.values(contenders).map((f) => f(t)));
  if (codes.size !== 1) throw new Error(`codes differ at ${t}: ${[...codes]}`);
}

const rates = {};
for (const [name, f] of Object.entries(contenders)) {
  let best = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    let sink = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < CODES; i += 1) sink += f(T0 + i * 30).length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (sink === 0) throw new Error('no codes');
    best = Math.max(best, CODES / seconds);
  }
  rates[name] = best;
}
console.log(`TOTP SHA-1/6/30 in Node ${process.version}, ${CODES} codes, best of ${ROUNDS} rounds`);
for (const [name, rate] of Object.entries(rates)) console.log(`  ${name.padEnd(22)} ${rate.toFixed(0).padStart(10)} codes/s`);
for (const mine of ['@twofold/core (wasm)', '@twofold/core totp()']) {
  for (const [name, rate] of Object.entries(rates)) {
    if (!name.startsWith('@twofold')) {
      console.log(`  ${mine.padEnd(22)} / ${name.padEnd(14)} ${(rates[mine] / rate).toFixed(2)}x${name.startsWith('otpauth') ? '  (target >= 5x)' : ''}`);
    }
  }
}
