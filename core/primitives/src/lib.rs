//! The cryptographic work Twofold does once per account when it lists accounts: the HMACs of
//! their codes and, with feature `aead`, the opening of their sealed values.
//!
//! Why a crate of its own: the workspace compiles for size (`opt-level = "z"`), and a generic
//! function is compiled in the crate that names its types, at that crate's level. The RustCrypto
//! crates' own profile entries at `opt-level = 3` therefore left their generic HMAC and AEAD code
//! (instantiated in the core and the worker) compiled for size: a list of 500 spent about 1.1 ms
//! more CPU on it in the Worker's WebAssembly (`bench/list-work.mjs`). Here they are instantiated
//! by plain functions, and this crate is compiled at `opt-level = 3` (the workspace's
//! `Cargo.toml`), at the cost of a few KiB.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(any(feature = "aead", test))]
extern crate alloc;

#[cfg(feature = "aead")]
mod aead;
mod mac;

#[cfg(feature = "aead")]
pub use aead::{NONCE_LEN, open_aes256gcm, open_xchacha20poly1305, seal_xchacha20poly1305};
pub use mac::{Hash, HmacKey, hmac};
