//! Twofold's OTP core: every rule of a 2FAuth-compatible vault that does not need storage.
//!
//! `no_std` + `alloc`, so the same code computes codes in the Worker, in the browser and in the
//! npm package. Modules:
//! - [`otp`]: HOTP, TOTP, Steam Guard over RustCrypto HMACs;
//! - [`base32`]: secrets as 2FAuth decodes, pads and stores them;
//! - [`dates`]: dates and durations worded as 2FAuth words them;
//! - [`uri`]: otpauth URI parsing and generation;
//! - [`account`]: the two-factor account, its creation rules and its codes;
//! - [`icon`]: icon uploads, SVG sanitising and logo-library addresses;
//! - [`validation`], [`input`]: 2FAuth's (Laravel's) input handling and error shapes;
//! - [`preferences`]: the user preferences and their defaults;
//! - [`contract`]: the API's resources as typed values, shared by the worker and the web app;
//! - [`settings`]: the admin settings and the registration policy;
//! - [`sharing`]: share requests, recipient filters and ownership transfers;
//! - [`throttle`]: the API rate limit settings and arithmetic;
//! - [`login_throttle`]: how many password checks an attacker gets (per address and per account);
//! - [`user_agent`]: browser, platform and device of a `User-Agent`, for authentication logs.
#![no_std]
#![warn(missing_docs)]
extern crate alloc;

pub mod account;
pub mod base32;
pub mod contract;
pub mod dates;
pub mod export;
pub mod group;
pub mod icon;
pub mod ids;
pub mod import;
pub mod input;
pub mod login_throttle;
pub mod otp;
pub mod preferences;
#[cfg(feature = "qr")]
pub mod qr;
#[cfg(feature = "qr-decode")]
pub mod qr_decode;
pub mod settings;
pub mod sharing;
pub mod throttle;
#[cfg(any(feature = "qr", feature = "qr-decode", feature = "wasm"))]
extern crate std;
pub mod uri;
pub mod user;
pub mod user_agent;
pub mod validation;
#[cfg(feature = "wasm")]
pub mod wasm;
