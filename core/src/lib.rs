//! Twofold's OTP core: every rule of a 2FAuth-compatible vault that does not need storage.
//!
//! `no_std` + `alloc`, so the same code computes codes in the Worker, in the browser and in the
//! npm package. Without features it is the small kernel; `import` and `export` (both: `formats`)
//! add other apps' exports, `rule` the registration rule's regular expressions, `qr` and
//! `qr-decode` QR codes, `wasm` the npm package's bindings. Modules, leaf first:
//! - [`otp`]: HOTP, TOTP, Steam Guard over RustCrypto HMACs;
//! - [`base32`]: secrets as 2FAuth decodes, pads and stores them;
//! - [`secret`]: a stored secret, readable or `*indecipherable*`;
//! - [`limits`]: the bounds of an account's fields;
//! - [`dates`]: dates and durations worded as 2FAuth words them;
//! - [`messages`]: the API's messages in English, their templates, and the rule that translates
//!   them with a language's table;
//! - [`validation`]: Laravel's error shapes;
//! - [`input`]: 2FAuth's (Laravel's) input handling and scalar coercions;
//! - [`uri`]: otpauth URI parsing and generation;
//! - [`account`]: the two-factor account, its creation rules and its codes;
//! - [`access`]: who may do what with an account (owner, borrower, nobody) — start here for policy;
//! - [`duplicate`]: when an imported account duplicates an existing one;
//! - [`ids`]: id lists (`ids=1,2,3`) and the reorder algorithm;
//! - [`group`]: group rules and the active-group filter;
//! - [`sharing`]: share requests, recipient filters and ownership transfers;
//! - [`user`]: registration, login and profile input;
//! - [`preferences`]: the user preferences and their defaults;
//! - [`locale`]: the sixteen languages, which one a reader gets, and their plural rules;
//! - [`contract`]: the API's resources as typed values, shared by the worker and the web app;
//! - [`settings`]: the admin settings and the registration policy (its rule's regular
//!   expressions with feature `rule`);
//! - [`icon`]: icon uploads, SVG sanitising and logo-library addresses;
//! - [`throttle`]: the API rate limit settings and arithmetic;
//! - [`login_throttle`]: how many password checks an attacker gets (per address and per account);
//! - [`user_agent`]: browser, platform and device of a `User-Agent`, for authentication logs;
//! - [`cbor`], [`signature`]: CBOR as passkeys send it; the one signature a sign-in leaves to the
//!   platform;
//! - [`webauthn`]: passkeys as a relying party checks them;
//! - [`jwt`], [`oidc`]: ID tokens and Cloudflare Access assertions; signing in with an OpenID
//!   provider or GitHub;
//! - [`proxy_auth`]: authentication by a reverse proxy (trusted ranges, header names);
//! - [`cf_access`]: authentication by Cloudflare Access (its signed assertion);
//! - [`smtp`], [`email`]: mail as the Worker sends it (the SMTP client's exchanges; messages
//!   composed and worded);
//! - [`backup`], [`sigv4`]: automatic encrypted backups (settings, schedule, retention) and
//!   the AWS signature S3-compatible stores check;
//! - `import`, `export` (features `import`, `export`): other apps' exports, read and written;
//!   [`imported`] is what an import gives (no feature needed: the worker reads it from its tools
//!   module); [`import_sources`] names the apps and the file to take from each;
//! - `qr` (feature `qr`), `qr_decode` (feature `qr-decode`): QR codes written and read;
//! - `wasm` (feature `wasm`): the npm package's bindings.
#![no_std]
#![warn(missing_docs)]
extern crate alloc;

pub mod access;
pub mod account;
pub mod backup;
pub mod base32;
pub mod case;
pub mod cbor;
pub mod cf_access;
pub mod contract;
pub mod dates;
pub mod duplicate;
pub mod email;
#[cfg(feature = "export")]
pub mod export;
pub mod group;
pub mod icon;
pub mod ids;
#[cfg(feature = "import")]
pub mod import;
pub mod import_sources;
pub mod imported;
pub mod input;
pub mod jwt;
pub mod limits;
pub mod locale;
pub mod login_throttle;
pub mod messages;
pub mod oidc;
pub mod otp;
pub mod preferences;
pub mod proxy_auth;
#[cfg(feature = "qr")]
pub mod qr;
pub mod qr_decode;
pub mod secret;
pub mod settings;
pub mod sharing;
pub mod signature;
pub mod sigv4;
pub mod smtp;
pub mod throttle;
#[cfg(any(feature = "qr", feature = "qr-decode", feature = "wasm"))]
extern crate std;
pub mod uri;
pub mod user;
pub mod user_agent;
pub mod validation;
#[cfg(feature = "wasm")]
pub mod wasm;
pub mod webauthn;
