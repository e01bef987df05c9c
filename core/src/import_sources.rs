//! The apps Twofold imports from (`import`, feature `formats`), each with the file to take from
//! it: what an import screen shows so that people find the file (many apps hide it: an export
//! menu, a backup, or their private storage, which only a rooted Android device lets one copy).
//! Plain data, so the web app lists it without building the importers.

/// When an app's file needs a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Password {
    /// Never encrypted.
    Never,
    /// Only when the user chose to encrypt it.
    IfEncrypted,
    /// Always encrypted.
    Always,
}

/// One app and the file to give Twofold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The app's name.
    pub app: &'static str,
    /// Where the file comes from, in English.
    pub file: &'static str,
    /// Whether it needs a password.
    pub password: Password,
}

const fn source(app: &'static str, file: &'static str, password: Password) -> Source {
    Source {
        app,
        file,
        password,
    }
}

use Password::{Always, IfEncrypted, Never};

/// Every app the importers read, by name (any other app's otpauth list is read too).
pub const SOURCES: &[Source] = &[
    source("2FAS", "Backup file (.2fas)", IfEncrypted),
    source("2FAuth", "Export (JSON)", Never),
    source("Aegis", "Export of the vault (.json)", IfEncrypted),
    source("andOTP", "Backup (.json or .json.aes)", IfEncrypted),
    source(
        "Authenticator Plus",
        "Export (password-protected .zip)",
        Always,
    ),
    source(
        "Authy",
        "Rooted device: shared_prefs/com.authy.storage.tokens.authenticator.xml",
        IfEncrypted,
    ),
    source(
        "Battle.net",
        "Rooted device: the authenticator's shared_prefs .xml",
        Never,
    ),
    source("Bitwarden", "Export (JSON or CSV)", Never),
    source(
        "Duo Mobile",
        "Rooted device: files/duokit/accounts.json",
        Never,
    ),
    source("Ente Auth", "Export, plain text or encrypted", IfEncrypted),
    source(
        "FreeOTP",
        "Backup (externalBackup.xml); version 1, rooted device: shared_prefs/tokens.xml",
        IfEncrypted,
    ),
    source("FreeOTP+", "Backup (.json)", Never),
    source(
        "Google Authenticator",
        "Transfer accounts: the QR codes (images); rooted device: databases/databases",
        Never,
    ),
    source(
        "Microsoft Authenticator",
        "Rooted device: databases/PhoneFactor",
        Never,
    ),
    source("Proton Authenticator", "Export (.json)", Never),
    source(
        "Steam",
        "Rooted device: files/Steamguard-…; Steam Desktop Authenticator: the .maFile",
        Never,
    ),
    source(
        "Stratum (Authenticator Pro)",
        "Backup, plain or encrypted; rooted device: databases/authenticator.db3",
        IfEncrypted,
    ),
    source(
        "TOTP Authenticator",
        "Backup (encrypted); rooted device: its shared_prefs .xml",
        IfEncrypted,
    ),
    source(
        "WinAuth",
        "Export: the text file, or the password-protected .zip",
        IfEncrypted,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apps_are_listed_once_in_order() {
        let names: alloc::vec::Vec<_> = SOURCES.iter().map(|s| s.app.to_lowercase()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "alphabetical, each once");
    }
}
