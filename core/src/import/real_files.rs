//! The real export files of other apps (`../shared/fixtures/imports`, described in its README):
//! each is recognised as its own format and no other, opens with its password only, and imports
//! without loss to the accounts of `plain.txt`, but for what its format cannot carry.

extern crate std;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::tests::{Summary, summary};
use super::*;
use crate::account::OtpType;
use crate::otp::Algorithm;

/// One file: its password, its format, and the accounts it must give from `plain.txt`'s.
struct Case {
    file: &'static str,
    password: Option<&'static str>,
    format: Format,
    expected: fn(&[Summary]) -> Vec<Summary>,
}

/// `plain.txt`'s accounts on `lines` (1-based).
fn lines(reference: &[Summary], lines: &[usize]) -> Vec<Summary> {
    lines.iter().map(|l| reference[l - 1].clone()).collect()
}

/// What apps without algorithm or period store: SHA1 and 30 s, digits kept.
fn sha1_30(mut s: Summary) -> Summary {
    s.0 = OtpType::Totp;
    s.5 = Algorithm::Sha1;
    s.6 = Some(30);
    s.7 = None;
    s
}

const CASES: &[Case] = &[
    Case {
        file: "plain.txt",
        password: None,
        format: Format::Otpauth,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "ente_auth.txt",
        password: None,
        format: Format::Otpauth,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "aegis_plain.json",
        password: None,
        format: Format::Aegis,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "aegis_encrypted.json",
        password: Some("test"),
        format: Format::Aegis,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "2fas_authenticator_plain_v4.2fas",
        password: None,
        format: Format::TwoFas,
        expected: |r| lines(r, &[1, 4, 5, 6, 7]),
    },
    Case {
        file: "2fas_authenticator_encrypted_v4.2fas",
        password: Some("test"),
        format: Format::TwoFas,
        expected: |r| lines(r, &[1, 4, 5, 6, 7]),
    },
    // Schema 2: no token type, so every entry is a TOTP (30 s where the file has no period).
    Case {
        file: "2fas_authenticator_encrypted.2fas",
        password: Some("test"),
        format: Format::TwoFas,
        expected: |r| {
            let as_totp = |mut s: Summary| {
                s.0 = OtpType::Totp;
                s.6 = s.6.or(Some(30));
                s.7 = None;
                s
            };
            lines(r, &[1, 3, 4, 6]).into_iter().map(as_totp).collect()
        },
    },
    Case {
        file: "bitwarden.json",
        password: None,
        format: Format::Bitwarden,
        // `steam://` carries only the secret: the service is Steam, the account the item's name.
        expected: |r| {
            let mut list = lines(r, &[1, 2, 3, 7]);
            list[3].1 = Some("Steam".into());
            list[3].2 = "Test Steam".into();
            list
        },
    },
    Case {
        file: "andotp_plain.json",
        password: None,
        format: Format::AndOtp,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "andotp_encrypted_old.bin",
        password: Some("test"),
        format: Format::AndOtp,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "freeotp_plus.json",
        password: None,
        format: Format::FreeOtpPlus,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "freeotp.xml",
        password: None,
        format: Format::FreeOtp,
        expected: |r| lines(r, &[1, 3, 4, 6]),
    },
    Case {
        file: "proton_authenticator.json",
        password: None,
        format: Format::ProtonAuthenticator,
        expected: |r| lines(r, &[1, 2, 3]),
    },
    Case {
        file: "authy_plain.xml",
        password: None,
        format: Format::Authy,
        expected: |r| lines(r, &[1, 2, 3]).into_iter().map(sha1_30).collect(),
    },
    Case {
        file: "authy_encrypted.xml",
        password: Some("testtest"),
        format: Format::Authy,
        expected: |r| lines(r, &[1, 2, 3]).into_iter().map(sha1_30).collect(),
    },
    Case {
        file: "battle_net_authenticator.xml",
        password: None,
        format: Format::BattleNet,
        expected: |_| {
            alloc::vec![(
                OtpType::Totp,
                Some("Battle.net".into()),
                "US-2211-2050-3346".into(),
                "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI".into(),
                8,
                Algorithm::Sha1,
                Some(30),
                None,
            )]
        },
    },
    // No issuer, SHA1/6/30; Duo keeps the HOTP counter at 3 (plain.txt: 1).
    Case {
        file: "duo.json",
        password: None,
        format: Format::Duo,
        expected: |r| {
            let mut list = lines(r, &[1, 4]);
            list.iter_mut().for_each(|s| s.1 = None);
            list[1].7 = Some(3);
            list
        },
    },
    Case {
        file: "stratum_plain.json",
        password: None,
        format: Format::Stratum,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "stratum_encrypted.bin",
        password: Some("test"),
        format: Format::Stratum,
        expected: |r| r.to_vec(),
    },
    // SHA1, names stored lower-case; digits and period honoured.
    Case {
        file: "totp_authenticator.bin",
        password: Some("Testtest1"),
        format: Format::TotpAuthenticator,
        expected: |r| {
            let lower = |mut s: Summary| {
                s.2 = s.2.to_lowercase();
                s.5 = Algorithm::Sha1;
                s
            };
            lines(r, &[1, 2, 3]).into_iter().map(lower).collect()
        },
    },
    Case {
        file: "google_authenticator.sqlite",
        password: None,
        format: Format::GoogleAuthenticator,
        expected: |r| {
            let sha1_6 = |mut s: Summary| {
                s.4 = 6;
                s.5 = Algorithm::Sha1;
                if s.0 == OtpType::Totp {
                    s.6 = Some(30);
                }
                s
            };
            lines(r, &[1, 2, 3, 4, 5, 6])
                .into_iter()
                .map(sha1_6)
                .collect()
        },
    },
    // Every row is a plain TOTP (type 0): SHA1/6/30, whatever plain.txt says; the Steam account,
    // a TOTP here, keeps its issuer (2FAuth names only Steam accounts "Steam").
    Case {
        file: "microsoft_authenticator.sqlite",
        password: None,
        format: Format::MicrosoftAuthenticator,
        expected: |r| {
            let plain_totp = |mut s: Summary| {
                if s.0 == OtpType::Steamtotp {
                    s.1 = Some("Boeing".into());
                }
                s = sha1_30(s);
                s.4 = 6;
                s
            };
            r.iter().cloned().map(plain_totp).collect()
        },
    },
    Case {
        file: "stratum_internal.db",
        password: None,
        format: Format::Stratum,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "authenticator_plus.zip",
        password: Some("testtesttest"),
        format: Format::AuthenticatorPlus,
        expected: |r| r.to_vec(),
    },
    Case {
        file: "freeotp_v2_api23.xml",
        password: Some("test"),
        format: Format::FreeOtp,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "freeotp_v2_api25.xml",
        password: Some("test"),
        format: Format::FreeOtp,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "freeotp_v2_api27.xml",
        password: Some("test"),
        format: Format::FreeOtp,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "freeotp_v2_api34.xml",
        password: Some("test"),
        format: Format::FreeOtp,
        expected: |r| lines(r, &[1, 2, 3, 4, 5, 6]),
    },
    Case {
        file: "steam_old.json",
        password: None,
        format: Format::Steam,
        expected: |r| {
            let mut list = lines(r, &[7]);
            list[0].1 = Some("Steam".into());
            list
        },
    },
];

fn folder() -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/imports");
    // The real files are part of the contract (CI has `../shared`): their absence fails.
    assert!(
        dir.is_dir(),
        "{} is missing: the real export files cannot be checked",
        dir.display()
    );
    dir
}

fn open(file: &str, password: Option<&str>) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(folder().join(file)).unwrap();
    import_bytes(&bytes, password, Limits::DEVICE)
}

fn sorted(mut list: Vec<Summary>) -> Vec<Summary> {
    list.sort_by(|a, b| (&a.2, &a.3).cmp(&(&b.2, &b.3)));
    list
}

#[test]
fn every_file_of_the_folder_is_in_the_table() {
    let mut listed: Vec<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "README.md")
        .collect();
    present.sort();
    assert_eq!(listed, present);
}

#[test]
fn each_file_is_its_own_format_and_imports_without_loss() {
    let reference: Vec<Summary> = open("plain.txt", None)
        .unwrap()
        .entries
        .iter()
        .map(summary)
        .collect();
    assert_eq!(reference.len(), 7);
    for case in CASES {
        let imported =
            open(case.file, case.password).unwrap_or_else(|e| panic!("{}: {e:?}", case.file));
        assert_eq!(imported.format, case.format, "{}", case.file);
        let entries: Vec<Summary> = imported.entries.iter().map(summary).collect();
        assert_eq!(
            sorted(entries),
            sorted((case.expected)(&reference)),
            "{}",
            case.file
        );
    }
}

#[test]
fn encrypted_files_need_their_password_and_refuse_another() {
    for case in CASES {
        let Some(_) = case.password else { continue };
        assert_eq!(
            open(case.file, None).map(|i| i.format),
            Err(ImportError::Encrypted(case.format)),
            "{}",
            case.file
        );
        assert_eq!(
            open(case.file, Some("not the password")).map(|i| i.format),
            Err(ImportError::WrongPassword(case.format)),
            "{}",
            case.file
        );
    }
}
