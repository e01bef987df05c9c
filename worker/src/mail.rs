//! Sending e-mail over SMTP from the Worker's TCP sockets (`connect()`): `twofold_core::smtp`
//! decides every exchange, this module only moves its bytes, upgrades the socket to TLS when told,
//! and gives up after [`DEADLINE`]. Settings are 2FAuth's (Laravel's) `MAIL_*` variables; the
//! password is read as a secret and never logged.

use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use futures_util::future::{Either, poll_fn, select};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use twofold_core::email::{Content, Email, Mailbox};
use twofold_core::smtp::{Action, Client, ReplyReader, Security, Settings, SmtpError, Transaction};
use worker::{Delay, Request, SecureTransport, Socket};

use crate::context::Ctx;
use crate::crypto::hex;
use crate::error::{ApiError, ApiResult};
use crate::platform::random_bytes;
use crate::store::users::User;

/// How long one delivery may take, connection included: a mail server that hangs must not hold
/// a sign-in or a share for long.
const DEADLINE: Duration = Duration::from_secs(15);

/// Why a message was not sent.
#[derive(Debug)]
pub enum MailError {
    /// The `MAIL_*` variables do not make a usable setting.
    Settings(twofold_core::smtp::SettingsError),
    /// The message could not be composed (a bad address).
    Compose,
    /// The server refused, or did not speak SMTP.
    Smtp(SmtpError),
    /// The connection failed (refused, reset, TLS handshake).
    Connection(String),
    /// [`DEADLINE`] passed.
    Timeout,
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Settings(e) => write!(f, "the MAIL_* settings are unusable: {e:?}"),
            Self::Compose => f.write_str("the message has an unusable address"),
            Self::Smtp(e) => write!(f, "{e}"),
            Self::Connection(e) => write!(f, "the connection to the mail server failed: {e}"),
            Self::Timeout => f.write_str("the mail server did not answer in time"),
        }
    }
}

/// The mail settings, `None` when mail is off (`MAIL_MAILER` is not `smtp`).
pub fn settings(ctx: &Ctx) -> Result<Option<Settings>, MailError> {
    Settings::from_vars(&|name| match name {
        "MAIL_PASSWORD" => ctx.secret(name),
        _ => ctx.var(name),
    })
    .map_err(MailError::Settings)
}

/// Whether mail is configured (well or not): without it, the flows keep their mail-less forms.
pub fn enabled(ctx: &Ctx) -> bool {
    !matches!(settings(ctx), Ok(None))
}

/// The address links in messages start with: `APP_URL` (2FAuth's name) when set, else the
/// origin the request came to.
pub fn app_url(ctx: &Ctx, req: &Request) -> String {
    match ctx.var("APP_URL") {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => req
            .url()
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default(),
    }
}

/// The link a mailed token travels in: `{APP_URL}{path}?token=…&email=…`, which opens the web
/// app's page for it.
pub fn token_link(ctx: &Ctx, req: &Request, path: &str, token: &str, email: &str) -> String {
    let email = percent_encoding::utf8_percent_encode(email, percent_encoding::NON_ALPHANUMERIC);
    format!("{}{path}?token={token}&email={email}", app_url(ctx, req))
}

/// Sends `content` to `user` when the request needs it to go: a failure is the request's (424).
pub async fn send_to(ctx: &Ctx, user: &User, content: Content) -> ApiResult<()> {
    send(ctx, &user.name, &user.email, content)
        .await
        .map_err(|e| ApiError::MailFailed(e.to_string()))
}

/// Sends `content` to `name <address>`. Does nothing (and succeeds) when mail is off.
pub async fn send(ctx: &Ctx, name: &str, address: &str, content: Content) -> Result<(), MailError> {
    let Some(settings) = settings(ctx)? else {
        return Ok(());
    };
    let id: [u8; 16] = random_bytes().map_err(|_| MailError::Compose)?;
    let domain = settings
        .from_address
        .rsplit('@')
        .next()
        .unwrap_or("localhost");
    let email = Email {
        from: Mailbox {
            name: Some(settings.from_name.clone()),
            address: settings.from_address.clone(),
        },
        to: Mailbox {
            name: Some(name.to_string()),
            address: address.to_string(),
        },
        subject: content.subject,
        text: content.text,
        date: ctx.now as i64,
        message_id: format!("{}@{domain}", hex(&id)),
    };
    let transaction = Transaction {
        client_name: settings.client_name.clone(),
        security: settings.security,
        credentials: settings.credentials.clone(),
        from: settings.from_address.clone(),
        to: vec![address.to_string()],
        message: email.compose().map_err(|_| MailError::Compose)?,
    };
    let client = Client::new(transaction).map_err(MailError::Smtp)?;
    let session = Box::pin(converse(&settings, client));
    match select(session, Box::pin(Delay::from(DEADLINE))).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(_) => Err(MailError::Timeout),
    }
}

/// Sends a notification: a failure is logged, never the caller's failure (a sign-in or a share
/// must not fail because the mail server is down).
pub async fn notify(ctx: &Ctx, name: &str, address: &str, content: Content) {
    if let Err(error) = send(ctx, name, address, content).await {
        worker::console_error!("mail not sent: {error}");
    }
}

/// One SMTP session over a fresh connection.
async fn converse(settings: &Settings, mut client: Client) -> Result<(), MailError> {
    let transport = match settings.security {
        Security::Plain => SecureTransport::Off,
        Security::StartTls => SecureTransport::StartTls,
        Security::Tls => SecureTransport::On,
    };
    let connection = |e: worker::Error| MailError::Connection(e.to_string());
    let mut socket = Socket::builder()
        .secure_transport(transport)
        .connect(settings.host.clone(), settings.port)
        .map_err(connection)?;
    let mut reader = ReplyReader::new();
    let mut buffer = vec![0u8; 4096];
    let outcome = loop {
        let reply = loop {
            if let Some(reply) = reader.next_reply().map_err(MailError::Smtp)? {
                break reply;
            }
            let n = read(&mut socket, &mut buffer).await?;
            if n == 0 {
                // Closed early: a delivered message stays delivered.
                if client.delivered() {
                    return Ok(());
                }
                return Err(MailError::Connection("closed by the server".into()));
            }
            reader.feed(&buffer[..n]).map_err(MailError::Smtp)?;
        };
        match client.on_reply(&reply).map_err(MailError::Smtp) {
            Ok(Action::Send(bytes)) => write(&mut socket, &bytes).await?,
            Ok(Action::StartTls) => {
                socket = socket.start_tls();
                reader = ReplyReader::new();
                if let Action::Send(bytes) = client.tls_ready() {
                    write(&mut socket, &bytes).await?;
                }
            }
            Ok(Action::Done) => break Ok(()),
            Err(error) if client.delivered() => {
                worker::console_log!("mail delivered, then: {error}");
                break Ok(());
            }
            Err(error) => break Err(error),
        }
    };
    let _ = socket.close().await;
    outcome
}

fn io_error(error: std::io::Error) -> MailError {
    MailError::Connection(error.to_string())
}

/// Reads what the server sent (0 bytes: the connection is closed).
async fn read(socket: &mut Socket, buffer: &mut [u8]) -> Result<usize, MailError> {
    poll_fn(|cx| {
        let mut read = ReadBuf::new(buffer);
        match Pin::new(&mut *socket).poll_read(cx, &mut read) {
            Poll::Ready(Ok(())) => Poll::Ready(Ok(read.filled().len())),
            Poll::Ready(Err(e)) => Poll::Ready(Err(io_error(e))),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Writes all of `bytes`.
async fn write(socket: &mut Socket, mut bytes: &[u8]) -> Result<(), MailError> {
    while !bytes.is_empty() {
        let n = poll_fn(|cx| Pin::new(&mut *socket).poll_write(cx, bytes))
            .await
            .map_err(io_error)?;
        if n == 0 {
            return Err(MailError::Connection("the connection closed".into()));
        }
        bytes = &bytes[n..];
    }
    poll_fn(|cx| Pin::new(&mut *socket).poll_flush(cx))
        .await
        .map_err(io_error)
}
