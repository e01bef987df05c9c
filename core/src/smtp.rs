//! SMTP as a client speaks it (RFC 5321, with STARTTLS of RFC 3207 and AUTH PLAIN/LOGIN of
//! RFC 4616/4954): a state machine fed with the server's replies that answers what to send next.
//!
//! It does no I/O: the Worker moves the bytes over its TCP socket and upgrades the socket to TLS
//! when told to. So every exchange, refusals included, is tested here with scripted replies.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The most bytes of reply the client keeps before it gives up on a server that never ends one:
/// real replies are a few hundred bytes.
const MAX_REPLY: usize = 16 * 1024;

/// A server's reply: its code and the text of each line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code (`250`).
    pub code: u16,
    /// The text after the code on each line (multi-line replies have several).
    pub lines: Vec<String>,
}

impl Reply {
    /// The reply's text on one line, for error reports.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

/// Collects the bytes a server sends into whole replies.
#[derive(Debug, Default)]
pub struct ReplyReader {
    buffer: Vec<u8>,
}

impl ReplyReader {
    /// An empty reader.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes read from the server.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), SmtpError> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() > MAX_REPLY {
            return Err(SmtpError::Malformed);
        }
        Ok(())
    }

    /// The next complete reply, if the bytes so far hold one; the rest stays buffered.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, SmtpError> {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut code = None;
        while let Some(end) = self.buffer[start..].iter().position(|&b| b == b'\n') {
            let raw = &self.buffer[start..start + end];
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            start += end + 1;
            // `250-more` continues, `250 last` (or a bare `250`) ends the reply.
            if raw.len() < 3 || !raw[..3].iter().all(u8::is_ascii_digit) {
                return Err(SmtpError::Malformed);
            }
            let this: u16 = raw[..3].iter().fold(0, |n, d| n * 10 + u16::from(d - b'0'));
            if *code.get_or_insert(this) != this {
                return Err(SmtpError::Malformed);
            }
            let more = match raw.get(3) {
                None | Some(b' ') => false,
                Some(b'-') => true,
                Some(_) => return Err(SmtpError::Malformed),
            };
            let text = raw.get(4..).unwrap_or_default();
            lines.push(String::from_utf8_lossy(text).into_owned());
            if !more {
                self.buffer.drain(..start);
                return Ok(Some(Reply { code: this, lines }));
            }
        }
        Ok(None)
    }
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain TCP throughout (a relay on a trusted network).
    Plain,
    /// Plain TCP upgraded with `STARTTLS` before anything else is said (port 587); a server that
    /// does not offer it is refused, so credentials never travel in clear by accident.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// A user name and password for `AUTH`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password; never printed (see the `Debug` impl).
    pub password: String,
}

impl core::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// One message to deliver: the envelope and the composed message (see [`crate::email`]).
#[derive(Debug, Clone)]
pub struct Transaction {
    /// The name the client gives in `EHLO`.
    pub client_name: String,
    /// How the connection is protected.
    pub security: Security,
    /// `AUTH` credentials, if the server wants them.
    pub credentials: Option<Credentials>,
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`), at least one.
    pub to: Vec<String>,
    /// The message as composed, lines ending in CRLF; dot-stuffed when sent.
    pub message: Vec<u8>,
}

/// What the client does next.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    /// Write these bytes, then read the next reply.
    Send(Vec<u8>),
    /// Upgrade the connection to TLS, then call [`Client::tls_ready`].
    StartTls,
    /// The message was accepted and the session is over: close the connection.
    Done,
}

/// Where in the session the server said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The greeting.
    Greeting,
    /// `EHLO` / `HELO`.
    Hello,
    /// `STARTTLS`.
    StartTls,
    /// `AUTH`.
    Auth,
    /// `MAIL FROM`.
    Sender,
    /// `RCPT TO`.
    Recipient,
    /// `DATA` and the message.
    Data,
}

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmtpError {
    /// The server answered `code` where another was expected.
    Rejected {
        /// Where.
        stage: Stage,
        /// The server's code.
        code: u16,
        /// The server's text (never holds the password, which is only sent base64 in AUTH).
        text: String,
    },
    /// `STARTTLS` was asked for and the server does not offer it.
    StartTlsUnavailable,
    /// Credentials are set and the server offers neither AUTH PLAIN nor AUTH LOGIN.
    AuthUnavailable,
    /// The server's bytes are not SMTP replies.
    Malformed,
    /// An address or the message cannot be sent as is (a line break in an address, no recipient).
    BadEnvelope,
    /// A reply came after the session was over.
    Unexpected,
}

impl core::fmt::Display for SmtpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Rejected { stage, code, text } => {
                write!(f, "the server refused at {stage:?}: {code} {text}")
            }
            Self::StartTlsUnavailable => f.write_str("the server does not offer STARTTLS"),
            Self::AuthUnavailable => f.write_str("the server offers neither AUTH PLAIN nor LOGIN"),
            Self::Malformed => f.write_str("the server's answer is not SMTP"),
            Self::BadEnvelope => f.write_str("an address cannot be sent"),
            Self::Unexpected => f.write_str("the server spoke after the session ended"),
        }
    }
}

/// Where the client is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Greeting,
    Ehlo,
    Helo,
    StartTls,
    AwaitTls,
    AuthPlain,
    AuthLoginUser,
    AuthLoginPassword,
    AuthLoginDone,
    MailFrom,
    RcptTo(usize),
    Data,
    Body,
    Quit,
    Done,
}

/// The client side of one SMTP session delivering one [`Transaction`].
#[derive(Debug)]
pub struct Client {
    transaction: Transaction,
    state: State,
    tls: bool,
}

/// Whether `address` can go between `<` and `>` in a command: no controls, spaces or brackets.
pub fn is_sendable_address(address: &str) -> bool {
    !address.is_empty()
        && address.len() <= 254
        && address.contains('@')
        && !address
            .chars()
            .any(|c| c.is_control() || c == ' ' || c == '<' || c == '>')
}

impl Client {
    /// A client for `transaction`, waiting for the server's greeting. With [`Security::Tls`] the
    /// connection must already be TLS.
    pub fn new(transaction: Transaction) -> Result<Self, SmtpError> {
        let addresses = core::iter::once(&transaction.from).chain(&transaction.to);
        if transaction.to.is_empty() || !addresses.into_iter().all(|a| is_sendable_address(a)) {
            return Err(SmtpError::BadEnvelope);
        }
        if transaction
            .client_name
            .chars()
            .any(|c| c.is_control() || c == ' ')
        {
            return Err(SmtpError::BadEnvelope);
        }
        let tls = transaction.security == Security::Tls;
        Ok(Self {
            transaction,
            state: State::Greeting,
            tls,
        })
    }

    /// Whether the server has accepted the message (a failure after that, at `QUIT`, loses nothing).
    pub fn delivered(&self) -> bool {
        matches!(self.state, State::Quit | State::Done)
    }

    /// Called once the connection is TLS after [`Action::StartTls`]: greets again, as RFC 3207
    /// requires (what the server said before is forgotten).
    pub fn tls_ready(&mut self) -> Action {
        self.tls = true;
        self.state = State::Ehlo;
        self.command(format!("EHLO {}", self.transaction.client_name))
    }

    fn command(&self, line: String) -> Action {
        let mut bytes = line.into_bytes();
        bytes.extend_from_slice(b"\r\n");
        Action::Send(bytes)
    }

    fn go(&mut self, state: State, line: String) -> Result<Action, SmtpError> {
        self.state = state;
        Ok(self.command(line))
    }

    /// What to do after the server's `reply`.
    pub fn on_reply(&mut self, reply: &Reply) -> Result<Action, SmtpError> {
        let refused = |stage| {
            Err(SmtpError::Rejected {
                stage,
                code: reply.code,
                text: reply.text(),
            })
        };
        let name = self.transaction.client_name.clone();
        match (self.state, reply.code) {
            (State::Greeting, 220) => self.go(State::Ehlo, format!("EHLO {name}")),
            (State::Greeting, _) => refused(Stage::Greeting),
            (State::Ehlo, 250) => self.after_hello(Some(reply)),
            // An old server without ESMTP: HELO, and no extension (so no STARTTLS nor AUTH).
            (State::Ehlo, 500..=504) if !self.tls => self.go(State::Helo, format!("HELO {name}")),
            (State::Helo, 250) => self.after_hello(None),
            (State::Ehlo | State::Helo, _) => refused(Stage::Hello),
            (State::StartTls, 220) => {
                self.state = State::AwaitTls;
                Ok(Action::StartTls)
            }
            (State::StartTls, _) => refused(Stage::StartTls),
            (State::AuthPlain | State::AuthLoginDone, 235) => self.mail_from(),
            (State::AuthLoginUser, 334) => {
                let user = self.credentials()?.username.clone();
                self.state = State::AuthLoginPassword;
                Ok(self.command(STANDARD.encode(user)))
            }
            (State::AuthLoginPassword, 334) => {
                let password = STANDARD.encode(&self.credentials()?.password);
                self.state = State::AuthLoginDone;
                Ok(self.command(password))
            }
            (
                State::AuthPlain
                | State::AuthLoginUser
                | State::AuthLoginPassword
                | State::AuthLoginDone,
                _,
            ) => refused(Stage::Auth),
            (State::MailFrom, 250) => self.rcpt_to(0),
            (State::MailFrom, _) => refused(Stage::Sender),
            (State::RcptTo(i), 250 | 251) if i + 1 < self.transaction.to.len() => {
                self.rcpt_to(i + 1)
            }
            (State::RcptTo(_), 250 | 251) => self.go(State::Data, "DATA".into()),
            (State::RcptTo(_), _) => refused(Stage::Recipient),
            (State::Data, 354) => {
                self.state = State::Body;
                Ok(Action::Send(data_payload(&self.transaction.message)))
            }
            (State::Data, _) => refused(Stage::Data),
            (State::Body, 250) => self.go(State::Quit, "QUIT".into()),
            (State::Body, _) => refused(Stage::Data),
            // Delivered: whatever QUIT gets, the session is over.
            (State::Quit, _) => {
                self.state = State::Done;
                Ok(Action::Done)
            }
            (State::AwaitTls | State::Done, _) => Err(SmtpError::Unexpected),
        }
    }

    fn credentials(&self) -> Result<&Credentials, SmtpError> {
        self.transaction
            .credentials
            .as_ref()
            .ok_or(SmtpError::Unexpected)
    }

    /// After `EHLO` (with its extension lines) or `HELO` (none): STARTTLS, AUTH or the envelope.
    fn after_hello(&mut self, ehlo: Option<&Reply>) -> Result<Action, SmtpError> {
        let extensions: Vec<String> = ehlo
            .map(|r| {
                r.lines
                    .iter()
                    .skip(1)
                    .map(|l| l.to_ascii_uppercase())
                    .collect()
            })
            .unwrap_or_default();
        let offers = |name: &str| extensions.iter().any(|l| l.split(' ').next() == Some(name));
        if self.transaction.security == Security::StartTls && !self.tls {
            if !offers("STARTTLS") {
                return Err(SmtpError::StartTlsUnavailable);
            }
            return self.go(State::StartTls, "STARTTLS".into());
        }
        let Some(credentials) = &self.transaction.credentials else {
            return self.mail_from();
        };
        // `AUTH PLAIN LOGIN` (RFC 4954) or the older `AUTH=PLAIN LOGIN`.
        let mechanisms: Vec<&str> = extensions
            .iter()
            .filter_map(|l| l.strip_prefix("AUTH").filter(|r| r.starts_with([' ', '='])))
            .flat_map(|rest| rest[1..].split(' '))
            .collect();
        if mechanisms.contains(&"PLAIN") {
            let token = format!("\0{}\0{}", credentials.username, credentials.password);
            let line = format!("AUTH PLAIN {}", STANDARD.encode(token));
            self.go(State::AuthPlain, line)
        } else if mechanisms.contains(&"LOGIN") {
            self.go(State::AuthLoginUser, "AUTH LOGIN".into())
        } else {
            Err(SmtpError::AuthUnavailable)
        }
    }

    fn mail_from(&mut self) -> Result<Action, SmtpError> {
        let line = format!("MAIL FROM:<{}>", self.transaction.from);
        self.go(State::MailFrom, line)
    }

    fn rcpt_to(&mut self, i: usize) -> Result<Action, SmtpError> {
        let line = format!("RCPT TO:<{}>", self.transaction.to[i]);
        self.go(State::RcptTo(i), line)
    }
}

/// The message as `DATA` sends it: every line ends in CRLF (a bare LF or CR becomes one), a line
/// that starts with `.` gets another (RFC 5321 §4.5.2), and `.` on a line of its own ends it.
pub fn data_payload(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 8);
    let mut line_start = true;
    let mut i = 0;
    while i < message.len() {
        let b = message[i];
        if line_start && b == b'.' {
            out.push(b'.');
        }
        match b {
            b'\r' | b'\n' => {
                out.extend_from_slice(b"\r\n");
                if b == b'\r' && message.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line_start = true;
            }
            _ => {
                out.push(b);
                line_start = false;
            }
        }
        i += 1;
    }
    if !line_start {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// Mail settings from 2FAuth's (Laravel's) `MAIL_*` variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `MAIL_HOST`.
    pub host: String,
    /// `MAIL_PORT` (587 by default, as Laravel's).
    pub port: u16,
    /// From `MAIL_ENCRYPTION` and the port.
    pub security: Security,
    /// `MAIL_USERNAME` and `MAIL_PASSWORD`, when a user name is set.
    pub credentials: Option<Credentials>,
    /// `MAIL_FROM_ADDRESS`.
    pub from_address: String,
    /// `MAIL_FROM_NAME` (else `APP_NAME`, else `Twofold`).
    pub from_name: String,
    /// `MAIL_EHLO_DOMAIN` (else `localhost`).
    pub client_name: String,
}

/// Why the `MAIL_*` variables do not make a usable setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// `MAIL_MAILER=smtp` without `MAIL_HOST`.
    NoHost,
    /// `MAIL_PORT` is not a port.
    BadPort,
    /// `MAIL_ENCRYPTION` is none of `tls`, `starttls`, `ssl`, `smtps`, `null`.
    BadEncryption,
    /// `MAIL_FROM_ADDRESS` missing or not an address.
    BadFromAddress,
}

impl Settings {
    /// Reads the settings through `var` (unset and Laravel's `null` read as absent). `Ok(None)`
    /// when mail is off: `MAIL_MAILER` is not `smtp` (Laravel's default is `log`).
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Self>, SettingsError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && v != "null")
        };
        if get("MAIL_MAILER").as_deref() != Some("smtp") {
            return Ok(None);
        }
        let host = get("MAIL_HOST").ok_or(SettingsError::NoHost)?;
        let port = match get("MAIL_PORT") {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|&p| p > 0)
                .ok_or(SettingsError::BadPort)?,
            None => 587,
        };
        // Laravel writes `tls` for STARTTLS on 587 and `ssl` for TLS on 465; Symfony's mailer
        // uses implicit TLS on 465 whatever the name says, and so do we.
        let encryption = get("MAIL_ENCRYPTION").map(|e| e.to_ascii_lowercase());
        let security = match (encryption.as_deref(), port) {
            (_, 465) | (Some("ssl" | "smtps"), _) => Security::Tls,
            (Some("tls" | "starttls"), _) => Security::StartTls,
            (None, _) => Security::Plain,
            _ => return Err(SettingsError::BadEncryption),
        };
        let credentials = get("MAIL_USERNAME").map(|username| Credentials {
            username,
            password: var("MAIL_PASSWORD")
                .filter(|p| p != "null")
                .unwrap_or_default(),
        });
        let from_address = get("MAIL_FROM_ADDRESS")
            .filter(|a| is_sendable_address(a))
            .ok_or(SettingsError::BadFromAddress)?;
        let from_name = get("MAIL_FROM_NAME")
            .or_else(|| get("APP_NAME"))
            .unwrap_or_else(|| "Twofold".into());
        let client_name = get("MAIL_EHLO_DOMAIN")
            .filter(|d| !d.chars().any(|c| c.is_control() || c == ' '))
            .unwrap_or_else(|| "localhost".into());
        Ok(Some(Self {
            host,
            port,
            security,
            credentials,
            from_address,
            from_name,
            client_name,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn reply(code: u16, lines: &[&str]) -> Reply {
        Reply {
            code,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }

    fn transaction(security: Security, credentials: bool) -> Transaction {
        Transaction {
            client_name: "twofold.test".into(),
            security,
            credentials: credentials.then(|| Credentials {
                username: "jane".into(),
                password: "s3cret".into(),
            }),
            from: "vault@example.org".into(),
            to: vec!["jane@example.com".into(), "john@example.com".into()],
            message: b"Subject: hi\r\n\r\n.dot\r\nbody".to_vec(),
        }
    }

    fn sent(action: Result<Action, SmtpError>) -> String {
        match action.unwrap() {
            Action::Send(bytes) => String::from_utf8(bytes).unwrap(),
            other => panic!("expected bytes, got {other:?}"),
        }
    }

    /// Drives a client to delivery: EHLO, envelope, data, QUIT.
    fn deliver(client: &mut Client, ehlo: &[&str]) -> Vec<String> {
        let mut log = vec![sent(client.on_reply(&reply(220, &["ready"])))];
        log.push(sent(client.on_reply(&reply(250, ehlo))));
        log
    }

    #[test]
    fn replies_are_read_whole_across_reads() {
        let mut reader = ReplyReader::new();
        reader
            .feed(b"250-smtp.example greets\r\n250-AUTH PL")
            .unwrap();
        assert_eq!(reader.next_reply().unwrap(), None);
        reader
            .feed(b"AIN LOGIN\r\n250 STARTTLS\r\n220 next")
            .unwrap();
        let r = reader.next_reply().unwrap().unwrap();
        assert_eq!(r.code, 250);
        assert_eq!(
            r.lines,
            ["smtp.example greets", "AUTH PLAIN LOGIN", "STARTTLS"]
        );
        assert_eq!(reader.next_reply().unwrap(), None);
        reader.feed(b"\n").unwrap();
        assert_eq!(reader.next_reply().unwrap().unwrap(), reply(220, &["next"]));
        // A bare code ends a reply too.
        reader.feed(b"354\r\n").unwrap();
        assert_eq!(reader.next_reply().unwrap().unwrap().code, 354);
    }

    #[test]
    fn garbage_and_endless_replies_are_refused() {
        let mut reader = ReplyReader::new();
        reader.feed(b"HTTP/1.1 400 Bad Request\r\n").unwrap();
        assert_eq!(reader.next_reply(), Err(SmtpError::Malformed));
        let mut reader = ReplyReader::new();
        reader.feed(b"250-a\r\n354 b\r\n").unwrap();
        assert_eq!(reader.next_reply(), Err(SmtpError::Malformed));
        let mut reader = ReplyReader::new();
        assert_eq!(
            reader.feed(&[b'2'; MAX_REPLY + 1]),
            Err(SmtpError::Malformed)
        );
    }

    #[test]
    fn a_whole_session_with_auth_plain() {
        let mut c = Client::new(transaction(Security::Plain, true)).unwrap();
        let log = deliver(&mut c, &["hi", "AUTH LOGIN PLAIN", "8BITMIME"]);
        assert_eq!(log[0], "EHLO twofold.test\r\n");
        // base64("\0jane\0s3cret")
        assert_eq!(log[1], "AUTH PLAIN AGphbmUAczNjcmV0\r\n");
        assert_eq!(
            sent(c.on_reply(&reply(235, &["ok"]))),
            "MAIL FROM:<vault@example.org>\r\n"
        );
        assert_eq!(
            sent(c.on_reply(&reply(250, &["ok"]))),
            "RCPT TO:<jane@example.com>\r\n"
        );
        assert_eq!(
            sent(c.on_reply(&reply(250, &["ok"]))),
            "RCPT TO:<john@example.com>\r\n"
        );
        assert_eq!(sent(c.on_reply(&reply(251, &["will forward"]))), "DATA\r\n");
        assert!(!c.delivered());
        assert_eq!(
            sent(c.on_reply(&reply(354, &["go"]))),
            "Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n"
        );
        assert_eq!(sent(c.on_reply(&reply(250, &["queued"]))), "QUIT\r\n");
        assert!(c.delivered());
        assert_eq!(c.on_reply(&reply(221, &["bye"])), Ok(Action::Done));
        assert_eq!(c.on_reply(&reply(250, &[])), Err(SmtpError::Unexpected));
    }

    #[test]
    fn auth_login_when_plain_is_not_offered() {
        let mut c = Client::new(transaction(Security::Plain, true)).unwrap();
        let log = deliver(&mut c, &["hi", "AUTH=LOGIN"]);
        assert_eq!(log[1], "AUTH LOGIN\r\n");
        assert_eq!(
            sent(c.on_reply(&reply(334, &["VXNlcm5hbWU6"]))),
            "amFuZQ==\r\n"
        );
        assert_eq!(
            sent(c.on_reply(&reply(334, &["UGFzc3dvcmQ6"]))),
            "czNjcmV0\r\n"
        );
        assert_eq!(
            sent(c.on_reply(&reply(235, &[]))),
            "MAIL FROM:<vault@example.org>\r\n"
        );
    }

    #[test]
    fn auth_refusals_and_missing_mechanisms() {
        let mut c = Client::new(transaction(Security::Plain, true)).unwrap();
        deliver(&mut c, &["hi", "AUTH PLAIN"]);
        let error = c
            .on_reply(&reply(535, &["5.7.8 bad credentials"]))
            .unwrap_err();
        assert_eq!(
            error,
            SmtpError::Rejected {
                stage: Stage::Auth,
                code: 535,
                text: "5.7.8 bad credentials".into()
            }
        );
        assert!(!format!("{error}").contains("s3cret"));
        let mut c = Client::new(transaction(Security::Plain, true)).unwrap();
        c.on_reply(&reply(220, &[])).unwrap();
        assert_eq!(
            c.on_reply(&reply(250, &["hi", "AUTHX PLAIN", "SIZE 1000"])),
            Err(SmtpError::AuthUnavailable)
        );
        // Without credentials, no AUTH even when offered.
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        let log = deliver(&mut c, &["hi", "AUTH PLAIN"]);
        assert_eq!(log[1], "MAIL FROM:<vault@example.org>\r\n");
    }

    #[test]
    fn starttls_upgrades_then_greets_again() {
        let mut c = Client::new(transaction(Security::StartTls, true)).unwrap();
        let log = deliver(&mut c, &["hi", "STARTTLS", "AUTH PLAIN"]);
        // No credentials before TLS, even though AUTH is offered.
        assert_eq!(log[1], "STARTTLS\r\n");
        assert_eq!(c.on_reply(&reply(220, &["go ahead"])), Ok(Action::StartTls));
        assert_eq!(c.on_reply(&reply(250, &[])), Err(SmtpError::Unexpected));
        let mut c = Client::new(transaction(Security::StartTls, true)).unwrap();
        deliver(&mut c, &["hi", "STARTTLS", "AUTH PLAIN"]);
        c.on_reply(&reply(220, &[])).unwrap();
        assert_eq!(sent(Ok(c.tls_ready())), "EHLO twofold.test\r\n");
        assert!(sent(c.on_reply(&reply(250, &["hi", "AUTH PLAIN"]))).starts_with("AUTH PLAIN "));
    }

    #[test]
    fn starttls_missing_or_refused_stops_before_credentials() {
        let mut c = Client::new(transaction(Security::StartTls, true)).unwrap();
        c.on_reply(&reply(220, &[])).unwrap();
        assert_eq!(
            c.on_reply(&reply(250, &["hi", "AUTH PLAIN"])),
            Err(SmtpError::StartTlsUnavailable)
        );
        let mut c = Client::new(transaction(Security::StartTls, true)).unwrap();
        deliver(&mut c, &["hi", "STARTTLS"]);
        assert!(matches!(
            c.on_reply(&reply(454, &["TLS not available"])),
            Err(SmtpError::Rejected {
                stage: Stage::StartTls,
                code: 454,
                ..
            })
        ));
        // Implicit TLS: no STARTTLS asked, AUTH at once.
        let mut c = Client::new(transaction(Security::Tls, true)).unwrap();
        let log = deliver(&mut c, &["hi", "AUTH PLAIN", "STARTTLS"]);
        assert!(log[1].starts_with("AUTH PLAIN "));
    }

    #[test]
    fn helo_for_old_servers_and_refusals_at_each_stage() {
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        c.on_reply(&reply(220, &[])).unwrap();
        assert_eq!(
            sent(c.on_reply(&reply(502, &["no"]))),
            "HELO twofold.test\r\n"
        );
        assert_eq!(
            sent(c.on_reply(&reply(250, &[]))),
            "MAIL FROM:<vault@example.org>\r\n"
        );
        let stage_of = |e: SmtpError| match e {
            SmtpError::Rejected { stage, .. } => stage,
            other => panic!("{other:?}"),
        };
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        assert_eq!(
            stage_of(c.on_reply(&reply(554, &["go away"])).unwrap_err()),
            Stage::Greeting
        );
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        deliver(&mut c, &["hi"]);
        assert_eq!(
            stage_of(c.on_reply(&reply(550, &[])).unwrap_err()),
            Stage::Sender
        );
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        deliver(&mut c, &["hi"]);
        c.on_reply(&reply(250, &[])).unwrap();
        assert_eq!(
            stage_of(c.on_reply(&reply(550, &[])).unwrap_err()),
            Stage::Recipient
        );
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        deliver(&mut c, &["hi"]);
        for code in [250, 250, 250] {
            c.on_reply(&reply(code, &[])).unwrap();
        }
        assert_eq!(
            stage_of(c.on_reply(&reply(451, &[])).unwrap_err()),
            Stage::Data
        );
        let mut c = Client::new(transaction(Security::Plain, false)).unwrap();
        deliver(&mut c, &["hi"]);
        for code in [250, 250, 250, 354] {
            c.on_reply(&reply(code, &[])).unwrap();
        }
        assert_eq!(
            stage_of(c.on_reply(&reply(552, &["too big"])).unwrap_err()),
            Stage::Data
        );
        assert!(!c.delivered());
    }

    #[test]
    fn addresses_that_could_inject_commands_are_refused() {
        for bad in ["a@b\r\nRCPT TO:<x@y>", "a b@c", "<a@b>", "nobody", ""] {
            let mut t = transaction(Security::Plain, false);
            t.to = vec![bad.into()];
            assert_eq!(
                Client::new(t).unwrap_err(),
                SmtpError::BadEnvelope,
                "{bad:?}"
            );
        }
        let mut t = transaction(Security::Plain, false);
        t.to.clear();
        assert_eq!(Client::new(t).unwrap_err(), SmtpError::BadEnvelope);
        let mut t = transaction(Security::Plain, false);
        t.client_name = "a\r\nQUIT".into();
        assert_eq!(Client::new(t).unwrap_err(), SmtpError::BadEnvelope);
    }

    #[test]
    fn data_is_dot_stuffed_with_crlf_lines() {
        assert_eq!(
            data_payload(b"a\nb\r\n.\r\n..x\rc"),
            b"a\r\nb\r\n..\r\n...x\r\nc\r\n.\r\n"
        );
        assert_eq!(data_payload(b".start\r\n"), b"..start\r\n.\r\n");
        assert_eq!(data_payload(b""), b".\r\n");
    }

    #[test]
    fn settings_from_laravel_names() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Settings::from_vars(&vars(&[])), Ok(None));
        assert_eq!(
            Settings::from_vars(&vars(&[("MAIL_MAILER", "log")])),
            Ok(None)
        );
        let s = Settings::from_vars(&vars(&[
            ("MAIL_MAILER", "smtp"),
            ("MAIL_HOST", "smtp.example.org"),
            ("MAIL_ENCRYPTION", "tls"),
            ("MAIL_USERNAME", "jane"),
            ("MAIL_PASSWORD", "pw"),
            ("MAIL_FROM_ADDRESS", "vault@example.org"),
            ("APP_NAME", "My vault"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((s.port, s.security), (587, Security::StartTls));
        assert_eq!(s.credentials.as_ref().unwrap().password, "pw");
        assert_eq!(
            (s.from_name.as_str(), s.client_name.as_str()),
            ("My vault", "localhost")
        );
        assert!(!format!("{s:?}").contains("pw\""));
        let s = Settings::from_vars(&vars(&[
            ("MAIL_MAILER", "smtp"),
            ("MAIL_HOST", "h"),
            ("MAIL_PORT", "465"),
            ("MAIL_USERNAME", "null"),
            ("MAIL_ENCRYPTION", "null"),
            ("MAIL_FROM_ADDRESS", "a@b.c"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((s.security, s.credentials), (Security::Tls, None));
        let s = Settings::from_vars(&vars(&[
            ("MAIL_MAILER", "smtp"),
            ("MAIL_HOST", "h"),
            ("MAIL_PORT", "2525"),
            ("MAIL_FROM_ADDRESS", "a@b.c"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((s.port, s.security), (2525, Security::Plain));
        let failing: [(&'static [(&'static str, &'static str)], SettingsError); 4] = [
            (&[("MAIL_MAILER", "smtp")], SettingsError::NoHost),
            (
                &[
                    ("MAIL_MAILER", "smtp"),
                    ("MAIL_HOST", "h"),
                    ("MAIL_PORT", "99999"),
                ],
                SettingsError::BadPort,
            ),
            (
                &[
                    ("MAIL_MAILER", "smtp"),
                    ("MAIL_HOST", "h"),
                    ("MAIL_ENCRYPTION", "rot13"),
                ],
                SettingsError::BadEncryption,
            ),
            (
                &[
                    ("MAIL_MAILER", "smtp"),
                    ("MAIL_HOST", "h"),
                    ("MAIL_FROM_ADDRESS", "x\r\n@y"),
                ],
                SettingsError::BadFromAddress,
            ),
        ];
        for (pairs, error) in failing {
            assert_eq!(Settings::from_vars(&vars(pairs)), Err(error));
        }
    }
}
