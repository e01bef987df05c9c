//! Small building blocks of the settings app's forms: a labelled input bound to a
//! signal, and one way to send a form and report its outcome.

use leptos::prelude::*;
use leptos::task::spawn_local;
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

/// Sends a request whose answer's body is of no use, and [`report`]s its outcome.
pub fn send(
    method: &'static str,
    path: String,
    body: Option<Value>,
    status: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    done: &'static str,
    then: impl FnOnce() + 'static,
) {
    let request = async move { client::run(method, &path, body.as_ref()).await };
    report(request, status, errors, done, |()| then());
}

/// Waits for `request`: on success announces `done` in `status` and runs `then` with the answer,
/// on failure lists the errors.
pub fn report<T: 'static>(
    request: impl Future<Output = Result<T, ApiError>> + 'static,
    status: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    done: &'static str,
    then: impl FnOnce(T) + 'static,
) {
    spawn_local(async move {
        match request.await {
            Ok(answer) => {
                errors.set(Vec::new());
                status.set(tr(done).into());
                then(answer);
            }
            Err(e) => {
                status.set(String::new());
                errors.set(e.details());
            }
        }
    });
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
