//! Native TOTP throughput (a command, not a test): Twofold's core against totp-rs (the peer) and
//! against a bare HMAC-SHA1 loop (the bound: what any TOTP must compute), in one run.
//! `cargo bench -p twofold-core --bench otp`

use std::hint::black_box;
use std::time::Instant;

use hmac::{Hmac, KeyInit, Mac};
use twofold_core::base32;
use twofold_core::otp::{self, Algorithm};

const SECRET: &str = "A4GRFHVVRBGY7UIW";
const CODES: u64 = 2_000_000;
const ROUNDS: usize = 5;

/// Codes per second: the best of `ROUNDS` runs of `CODES` iterations.
fn rate(mut f: impl FnMut(u64) -> usize) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let mut sink = 0usize;
            for i in 0..CODES {
                sink = sink.wrapping_add(f(1_700_000_000 + i * 30));
            }
            black_box(sink);
            CODES as f64 / start.elapsed().as_secs_f64()
        })
        .fold(0.0, f64::max)
}

fn main() {
    let key = base32::decode(SECRET).expect("valid secret");
    let ours = rate(|t| otp::totp(&key, black_box(t), 30, 6, Algorithm::Sha1).len());

    // The 10-byte test secret is below RFC 4226's recommended 16: totp-rs calls that non-compliant.
    let peer = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(key.clone())
        .build_noncompliant();
    // Both sides produce the code as text, as an app shows it.
    let theirs = rate(|t| peer.generate(black_box(t)).to_string().len());

    let bound = rate(|t| {
        let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key).expect("any key length");
        mac.update(&(black_box(t) / 30).to_be_bytes());
        mac.finalize().into_bytes()[19] as usize
    });

    // Same codes, or the comparison means nothing.
    assert_eq!(
        otp::totp(&key, 59, 30, 6, Algorithm::Sha1),
        peer.generate(59).to_string()
    );

    println!("TOTP SHA-1/6/30, {CODES} codes, best of {ROUNDS} runs");
    println!("  twofold-core       {:>12.0} codes/s", ours);
    println!("  totp-rs 6          {:>12.0} codes/s", theirs);
    println!("  bare HMAC-SHA1     {:>12.0} codes/s", bound);
    println!(
        "  twofold / totp-rs  {:>12.2}x  (target >= 1.0x)",
        ours / theirs
    );
    println!("  twofold / bound    {:>12.2}x", ours / bound);
}
