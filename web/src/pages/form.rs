//! Small building blocks of the settings app's forms: a labelled input bound to a
//! signal, and one way to send a form and report its outcome.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{self, ApiError};
use crate::i18n::tr;

/// A labelled input bound to `value`; `kind` is the input type (text when empty).
#[component]
pub fn Input(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <label for=id>{tr(label)}</label>
        <input id=id type=if kind.is_empty() { "text" } else { kind }
            autocomplete=(!autocomplete.is_empty()).then_some(autocomplete) bind:value=value/>
    }
}

/// Sends a request whose answer's body is of no use; on success announces `done` in `status` and
/// runs `then`, on failure lists the errors.
pub fn send(
    method: &'static str,
    path: String,
    body: Option<Value>,
    status: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    done: &'static str,
    then: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        let answer = client::run(method, &path, body.as_ref()).await;
        if reported(answer, status, errors, done).is_some() {
            then();
        }
    });
}

/// [`send`] for a request whose answer the screen shows: `then` has it.
pub fn send_for<T: DeserializeOwned + 'static>(
    method: &'static str,
    path: String,
    body: Option<Value>,
    status: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    done: &'static str,
    then: impl FnOnce(T) + 'static,
) {
    spawn_local(async move {
        let answer = client::call(method, &path, body.as_ref()).await;
        if let Some(answer) = reported(answer, status, errors, done) {
            then(answer);
        }
    });
}

/// Announces `done` after a success, lists the errors of a failure.
fn reported<T>(
    answer: Result<T, ApiError>,
    status: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    done: &'static str,
) -> Option<T> {
    match answer {
        Ok(answer) => {
            errors.set(Vec::new());
            status.set(tr(done).into());
            Some(answer)
        }
        Err(e) => {
            status.set(String::new());
            errors.set(e.details());
            None
        }
    }
}

/// An optional text of an API answer as shown: empty when absent.
pub fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// One field of an API answer read as JSON, as text: strings as they are, `null` (or absent)
/// empty, anything else as JSON.
pub fn json_text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
