//! Passkeys in the web app: the worker's routes (`/webauthn/*`) on one side, the browser's
//! `navigator.credentials` on the other, through `web/static/passkeys.js` (loaded on demand, so
//! the everyday app carries only these few calls).

use serde_json::{Value, json};

use crate::client;
use crate::i18n::tr;
use crate::tools::{ToolError, call_in};

/// `app.js`'s loader of `passkeys.js`.
const LOADER: &str = "twofoldPasskeys";

/// Runs `passkeys.js`'s `function` on the worker's `options`: the browser's answer as JSON.
async fn ceremony(function: &str, options: &Value) -> Result<Value, Vec<String>> {
    let answer = call_in(LOADER, function, &[options.to_string().into()])
        .await
        .map_err(|error| vec![refusal(&error).to_string()])?;
    serde_json::from_str(&answer.as_string().unwrap_or_default())
        .map_err(|_| vec![tr("The passkey's answer could not be read.").to_string()])
}

/// The browser's refusal, in words.
pub(crate) fn refusal(error: &ToolError) -> &'static str {
    match error.code.as_str() {
        "CANCELLED" => tr("The passkey request was cancelled or timed out."),
        "UNSUPPORTED" => tr("This browser cannot use passkeys."),
        "NOT_HERE" => tr("Passkeys cannot be used on this address."),
        "ALREADY_REGISTERED" => tr("This authenticator already holds a passkey for you."),
        _ => tr("The passkey request failed."),
    }
}

/// Signs in with a passkey: of the user `email` when one is typed, else any passkey this site
/// has on the authenticator (a discoverable one names its user). The session payload on success.
pub async fn sign_in(email: &str) -> Result<Value, Vec<String>> {
    let email = email.trim();
    let request = match email.is_empty() {
        true => json!({}),
        false => json!({ "email": email }),
    };
    let options: Value = client::call("POST", "/webauthn/login/options", Some(&request))
        .await
        .map_err(|e| e.details())?;
    let mut answer = ceremony("get", &options).await?;
    if !email.is_empty() {
        answer["email"] = email.into();
    }
    client::call("POST", "/webauthn/login", Some(&answer))
        .await
        .map_err(|e| e.details())
}

/// Registers a passkey for the signed-in user under `name`.
pub async fn register(name: &str) -> Result<(), Vec<String>> {
    let options: Value = client::call("POST", "/webauthn/register/options", Some(&json!({})))
        .await
        .map_err(|e| e.details())?;
    let mut answer = ceremony("create", &options).await?;
    if !name.trim().is_empty() {
        answer["name"] = name.trim().into();
    }
    client::run("POST", "/webauthn/register", Some(&answer))
        .await
        .map_err(|e| e.details())
}
