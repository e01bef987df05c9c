//! The bounds of a two-factor account's fields, enforced on every way in (parameters, otpauth
//! URIs, imports): kept apart so that the URI parser and the account rules share them without
//! depending on each other.

/// Longest service, account, icon name or secret accepted. 2FAuth sets no bound; ours keeps every
/// row far below D1's 2 MB row limit, which local `wrangler dev` does not enforce.
pub const MAX_TEXT: usize = 1000;

/// Longest TOTP period, in seconds (136 years). Larger values would not survive storage as a
/// JavaScript number and would break every later read of the account.
pub const MAX_PERIOD: u64 = u32::MAX as u64;

/// Largest HOTP counter: 2FAuth stores counters as PHP integers, i.e. signed 64-bit.
pub const MAX_COUNTER: u64 = i64::MAX as u64;
