//! E-mail messages as Twofold sends them (RFC 5322 + MIME): a plain-text UTF-8 body, headers
//! with RFC 2047 encoded words where the text is not ASCII, and the messages themselves — the
//! reset and recovery links, sign-in and sharing notifications — in our own words.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A name and an address (`"Jane Doe" <jane@example.com>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, if any.
    pub name: Option<String>,
    /// The address.
    pub address: String,
}

/// A message to compose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// `From`.
    pub from: Mailbox,
    /// `To` (one recipient: every message Twofold sends is for one person).
    pub to: Mailbox,
    /// `Subject`.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// `Date`, Unix seconds.
    pub date: i64,
    /// `Message-ID` without its angle brackets (`random@domain`).
    pub message_id: String,
}

/// Why a message cannot be composed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeError {
    /// An address holds a character that could end the header (a line break, `<`, `>`).
    BadAddress,
}

/// The longest encoded word RFC 2047 allows.
const MAX_ENCODED_WORD: usize = 75;

/// Whether `text` can stand in a header as it is: printable ASCII, with no run long enough to
/// break the 78-column advice badly.
fn is_plain_header_text(text: &str) -> bool {
    text.len() <= 900 && text.bytes().all(|b| (0x20..0x7f).contains(&b)) && !text.contains("=?")
}

/// `text` as RFC 2047 `B` encoded words of UTF-8, each at most 75 characters and never splitting
/// a character, folded onto continuation lines.
pub fn encoded_words(text: &str) -> String {
    // "=?UTF-8?B?" + "?=" is 12 characters: 63 left for base64, so 45 bytes of text per word.
    const CHUNK: usize = (MAX_ENCODED_WORD - 12) / 4 * 3;
    let mut words = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        words.push(format!(
            "=?UTF-8?B?{}?=",
            STANDARD.encode(&text.as_bytes()[start..end])
        ));
        start = end;
    }
    words.join("\r\n ")
}

/// Header text: as it is when plain, else encoded words.
fn header_text(text: &str) -> String {
    if is_plain_header_text(text) {
        text.to_string()
    } else {
        encoded_words(text)
    }
}

/// A display name as a phrase: atoms as they are, other ASCII quoted, the rest encoded words.
fn phrase(name: &str) -> String {
    const SPECIALS: &str = "()<>[]:;@\\,.\"";
    if !is_plain_header_text(name) {
        return encoded_words(name);
    }
    if name.chars().any(|c| SPECIALS.contains(c)) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{escaped}\"");
    }
    name.to_string()
}

fn mailbox(m: &Mailbox) -> Result<String, ComposeError> {
    if !crate::smtp::is_sendable_address(&m.address) {
        return Err(ComposeError::BadAddress);
    }
    Ok(match m.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) => format!("{} <{}>", phrase(name), m.address),
        None => m.address.clone(),
    })
}

/// Unix seconds as an RFC 5322 date in UTC: `Sun, 06 Dec 2026 05:14:45 +0000`.
pub fn rfc5322_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = crate::dates::iso8601(unix);
    let (year, month, day) = (&iso[0..4], &iso[5..7], &iso[8..10]);
    let month = MONTHS[month.parse::<usize>().unwrap_or(1).saturating_sub(1) % 12];
    format!(
        "{}, {day} {month} {year} {} +0000",
        DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize],
        &iso[11..19]
    )
}

/// The body as quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, CRLF ends.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut width = 0;
        let bytes = line.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            // Spaces and tabs are kept literally except at the end of a line, where transports
            // may strip them.
            let literal =
                (b'!'..=b'~').contains(&b) && b != b'=' || (matches!(b, b' ' | b'\t') && !last);
            let piece = if literal {
                String::from(b as char)
            } else {
                format!("={b:02X}")
            };
            if width + piece.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
    }
    out
}

/// Whether the body can go as it is (7bit): ASCII, short lines, no lone CR.
fn is_seven_bit(text: &str) -> bool {
    text.bytes()
        .all(|b| b == b'\n' || b == b'\t' || (0x20..0x7f).contains(&b))
        && text.split('\n').all(|l| l.len() <= 76)
}

impl Email {
    /// The message, lines ending in CRLF, ready for [`crate::smtp`] (which dot-stuffs it).
    pub fn compose(&self) -> Result<Vec<u8>, ComposeError> {
        if self
            .message_id
            .chars()
            .any(|c| c.is_control() || " <>".contains(c))
        {
            return Err(ComposeError::BadAddress);
        }
        let (encoding, body) = if is_seven_bit(&self.text) {
            ("7bit", self.text.replace('\n', "\r\n"))
        } else {
            ("quoted-printable", quoted_printable(&self.text))
        };
        let headers = [
            ("Date", rfc5322_date(self.date)),
            ("From", mailbox(&self.from)?),
            ("To", mailbox(&self.to)?),
            ("Subject", header_text(&self.subject)),
            ("Message-ID", format!("<{}>", self.message_id)),
            // Vacation responders do not answer it (RFC 3834).
            ("Auto-Submitted", "auto-generated".into()),
            ("MIME-Version", "1.0".into()),
            ("Content-Type", "text/plain; charset=utf-8".into()),
            ("Content-Transfer-Encoding", encoding.into()),
        ];
        let mut out = String::new();
        for (name, value) in headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(&value);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        out.push_str(&body);
        if !out.ends_with("\r\n") {
            out.push_str("\r\n");
        }
        Ok(out.into_bytes())
    }
}

/// A message's subject and body, before addresses and dates are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
}

fn content(subject: &str, lines: &[&str]) -> Content {
    Content {
        subject: subject.into(),
        text: lines.join("\n"),
    }
}

/// Where an event happened, as a notification tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The date in the recipient's time zone, worded.
    pub when: String,
    /// The client address, if known.
    pub ip: Option<String>,
    /// The browser and system (`Firefox on Linux`), if known.
    pub device: Option<String>,
}

impl Place {
    fn lines(&self) -> String {
        format!(
            "  When:    {}\n  Address: {}\n  Device:  {}",
            self.when,
            self.ip.as_deref().unwrap_or("unknown"),
            self.device.as_deref().unwrap_or("unknown")
        )
    }
}

/// Whether a successful sign-in is from a new device and worth a mail (2FAuth's rule): no earlier
/// successful sign-in from the same address and browser, and an account older than a minute (a
/// new account's first sign-in is not news).
pub fn is_new_device(earlier_from_same_origin: i64, account_created_at: i64, now: i64) -> bool {
    earlier_from_same_origin == 0 && now - account_created_at > 60
}

/// A user agent worded for a person: `Firefox on Linux`.
pub fn device_words(user_agent: &str) -> Option<String> {
    let agent = crate::user_agent::parse(user_agent);
    match (agent.browser, agent.platform) {
        (Some(b), Some(p)) => Some(format!("{b} on {p}")),
        (Some(one), None) | (None, Some(one)) => Some(one.into()),
        (None, None) => None,
    }
}

/// The messages, in plain English.
pub mod messages {
    use super::*;

    /// The password reset link (`POST /user/password/lost`).
    pub fn password_reset(name: &str, link: &str, minutes: i64) -> Content {
        content(
            "Reset your Twofold password",
            &[
                &format!("Hello {name},"),
                "",
                "Someone (hopefully you) asked to reset the password of your Twofold account.",
                "To choose a new password, open this link:",
                "",
                link,
                "",
                &format!("The link works once, for the next {minutes} minutes."),
                "If you did not ask for it, ignore this message: your password stays as it is.",
            ],
        )
    }

    /// The passkey recovery link (`POST /webauthn/lost`).
    pub fn webauthn_recovery(name: &str, link: &str, minutes: i64) -> Content {
        content(
            "Sign in to Twofold without your passkey",
            &[
                &format!("Hello {name},"),
                "",
                "Someone (hopefully you) said the passkey of your Twofold account is lost.",
                "Open this link and confirm your password to sign in with it again; you can",
                "also remove every passkey of the account there:",
                "",
                link,
                "",
                &format!("The link works once, for the next {minutes} minutes."),
                "If you did not ask for it, ignore this message: nothing changes.",
            ],
        )
    }

    /// A sign-in from a device not seen before (`notifyOnNewAuthDevice`).
    pub fn new_device(name: &str, place: &Place) -> Content {
        content(
            "New sign-in to your Twofold account",
            &[
                &format!("Hello {name},"),
                "",
                "Your Twofold account was just signed in to from a device it had not seen before:",
                "",
                &place.lines(),
                "",
                "If it was you, there is nothing to do.",
                "If not, change your password now and sign out of every session.",
            ],
        )
    }

    /// A failed sign-in (`notifyOnFailedLogin`).
    pub fn failed_login(name: &str, place: &Place) -> Content {
        content(
            "Failed sign-in to your Twofold account",
            &[
                &format!("Hello {name},"),
                "",
                "Someone just tried to sign in to your Twofold account with a wrong password:",
                "",
                &place.lines(),
                "",
                "If it was you, there is nothing to do.",
                "If not, make sure your password is strong and not used anywhere else.",
            ],
        )
    }

    /// An account shared with the recipient (`notifyOnShare`).
    pub fn shared(name: &str, owner: &str, account: &str) -> Content {
        content(
            "An account was shared with you on Twofold",
            &[
                &format!("Hello {name},"),
                "",
                &format!("{owner} shared the account \"{account}\" with you."),
                "You can now see its codes in your Twofold vault.",
            ],
        )
    }

    /// A share withdrawn from the recipient (`notifyOnShare`).
    pub fn unshared(name: &str, owner: &str, account: &str) -> Content {
        content(
            "An account is no longer shared with you on Twofold",
            &[
                &format!("Hello {name},"),
                "",
                &format!("{owner} stopped sharing the account \"{account}\" with you."),
                "It no longer shows in your Twofold vault.",
            ],
        )
    }

    /// An account handed to the recipient (`notifyOnOwnershipTransfer`).
    pub fn ownership_received(name: &str, owner: &str, account: &str) -> Content {
        content(
            "You now own an account on Twofold",
            &[
                &format!("Hello {name},"),
                "",
                &format!("{owner} handed the account \"{account}\" over to you."),
                "It is yours now: you can edit it, share it or delete it.",
            ],
        )
    }

    /// The administrator's test (`POST /system/test-email`).
    pub fn test(name: &str) -> Content {
        content(
            "Twofold test e-mail",
            &[
                &format!("Hello {name},"),
                "",
                "This is the test message you asked for: Twofold can send e-mail.",
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(subject: &str, text: &str, name: &str) -> Email {
        Email {
            from: Mailbox {
                name: Some(name.into()),
                address: "vault@example.org".into(),
            },
            to: Mailbox {
                name: None,
                address: "jane@example.com".into(),
            },
            subject: subject.into(),
            text: text.into(),
            date: 1_796_534_085,
            message_id: "abc@example.org".into(),
        }
    }

    fn decode_words(header: &str) -> String {
        let mut bytes = Vec::new();
        for word in header.split("\r\n ") {
            let b64 = word
                .strip_prefix("=?UTF-8?B?")
                .unwrap()
                .strip_suffix("?=")
                .unwrap();
            bytes.extend(STANDARD.decode(b64).unwrap());
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn dates_as_rfc5322() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc5322_date(1_796_534_085),
            "Sun, 06 Dec 2026 05:14:45 +0000"
        );
    }

    #[test]
    fn ascii_messages_go_as_they_are() {
        let m = String::from_utf8(
            email("Hello", "line one\nline two", "Twofold")
                .compose()
                .unwrap(),
        )
        .unwrap();
        assert!(m.starts_with("Date: Sun, 06 Dec 2026 05:14:45 +0000\r\nFrom: Twofold <vault@example.org>\r\nTo: jane@example.com\r\nSubject: Hello\r\nMessage-ID: <abc@example.org>\r\n"));
        assert!(m.contains("Content-Transfer-Encoding: 7bit\r\n\r\nline one\r\nline two\r\n"));
        assert!(!m.contains("\n\n"), "no bare LF");
    }

    #[test]
    fn non_ascii_headers_become_encoded_words() {
        let subject = "Réinitialisez votre mot de passe — ça prend une minute, promis 🙂 vraiment";
        let m = String::from_utf8(email(subject, "x", "Coffre de Zoé").compose().unwrap()).unwrap();
        let header = m
            .split("Subject: ")
            .nth(1)
            .unwrap()
            .split("\r\nMessage-ID")
            .next()
            .unwrap();
        assert_eq!(decode_words(header), subject);
        assert!(header.split("\r\n ").all(|w| w.len() <= MAX_ENCODED_WORD));
        assert!(m.contains("From: =?UTF-8?B?"));
        // A name with specials is quoted; one that tries to smuggle a header is encoded.
        let m = String::from_utf8(email("s", "x", "Vault, \"home\"").compose().unwrap()).unwrap();
        assert!(m.contains("From: \"Vault, \\\"home\\\"\" <vault@example.org>\r\n"));
        let m = String::from_utf8(email("a\r\nBcc: x@y.z", "x", "n").compose().unwrap()).unwrap();
        assert!(!m.contains("\r\nBcc:"));
    }

    #[test]
    fn encoded_words_never_split_a_character() {
        let text = "€".repeat(40);
        let words = encoded_words(&text);
        assert_eq!(decode_words(&words), text);
        for w in words.split("\r\n ") {
            let b64 = &w[10..w.len() - 2];
            assert!(core::str::from_utf8(&STANDARD.decode(b64).unwrap()).is_ok());
        }
    }

    #[test]
    fn bodies_with_non_ascii_or_long_lines_are_quoted_printable() {
        let long = "a".repeat(100);
        let text = format!("Café = good \n{long}\nend ");
        let m = String::from_utf8(email("s", &text, "n").compose().unwrap()).unwrap();
        assert!(m.contains("Content-Transfer-Encoding: quoted-printable\r\n"));
        let body = m.split("\r\n\r\n").nth(1).unwrap();
        assert!(body.starts_with("Caf=C3=A9 =3D good=20\r\n"));
        assert!(body.lines().all(|l| l.trim_end_matches('\r').len() <= 76));
        assert!(body.trim_end().ends_with("end=20"));
        // Soft breaks undone give the text back.
        let undone = body.replace("=\r\n", "");
        assert!(undone.contains(&long));
    }

    #[test]
    fn bad_addresses_are_refused() {
        let mut e = email("s", "x", "n");
        e.to.address = "jane@example.com>\r\nBcc: <x@y.z".into();
        assert_eq!(e.compose(), Err(ComposeError::BadAddress));
        let mut e = email("s", "x", "n");
        e.message_id = "a>\r\nX: y".into();
        assert_eq!(e.compose(), Err(ComposeError::BadAddress));
    }

    #[test]
    fn messages_carry_their_links_and_places() {
        let c = messages::password_reset(
            "Jane",
            "https://v.example/user/password/reset?token=t&email=j",
            60,
        );
        assert!(
            c.text
                .contains("https://v.example/user/password/reset?token=t&email=j")
        );
        assert!(c.text.contains("60 minutes"));
        let place = Place {
            when: "Sun, Dec 6, 2026 5:14 AM".into(),
            ip: Some("203.0.113.9".into()),
            device: None,
        };
        let c = messages::failed_login("Jane", &place);
        assert!(c.text.contains("203.0.113.9") && c.text.contains("unknown"));
        assert!(
            messages::shared("J", "Bob", "GitHub")
                .text
                .contains("\"GitHub\"")
        );
    }

    #[test]
    fn new_devices_and_their_words() {
        assert!(is_new_device(0, 1000, 1061));
        assert!(
            !is_new_device(0, 1000, 1060),
            "a fresh account's first sign-in"
        );
        assert!(!is_new_device(1, 0, 100_000), "seen before");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_words(firefox).as_deref(), Some("Firefox on Linux"));
        assert_eq!(device_words("curl/8.0"), None);
    }
}
