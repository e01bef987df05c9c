//! The advanced form of an account, shared by the create and edit screens: every field, the group,
//! and a "Test" button that shows the code these settings give (computed by the server's
//! `POST /api/v1/twofaccounts/otp`, nothing stored).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};

use crate::client;
use crate::i18n::{en, tr};
use twofold_core::contract::Group;

/// The form's fields, one text signal each.
#[derive(Clone, Copy)]
pub struct Fields {
    service: RwSignal<String>,
    account: RwSignal<String>,
    secret: RwSignal<String>,
    otp_type: RwSignal<String>,
    digits: RwSignal<String>,
    algorithm: RwSignal<String>,
    period: RwSignal<String>,
    counter: RwSignal<String>,
    group: RwSignal<String>,
    icon: RwSignal<String>,
}

fn number(s: String) -> Value {
    s.trim()
        .parse::<i64>()
        .map(Value::from)
        .unwrap_or(Value::Null)
}

impl Default for Fields {
    /// An empty form for a new TOTP account with 2FAuth's defaults.
    fn default() -> Self {
        let f = |v: &str| RwSignal::new(v.to_string());
        Self {
            service: f(""),
            account: f(""),
            secret: f(""),
            otp_type: f("totp"),
            digits: f("6"),
            algorithm: f("sha1"),
            period: f("30"),
            counter: f("0"),
            group: f(""),
            icon: f(""),
        }
    }
}

impl Fields {
    /// Fills the form from an account or a preview as the API gives it (a missing key leaves a
    /// field as is). Read as JSON, not as `TwoFAccountRead`/`TwoFAccountPreview`: their typed
    /// readings weighed 4.5 KB of the everyday `.wasm`, for ten texts.
    pub fn fill(self, a: &Value) {
        for (signal, key) in [
            (self.service, "service"),
            (self.account, "account"),
            (self.secret, "secret"),
            (self.otp_type, "otp_type"),
            (self.digits, "digits"),
            (self.algorithm, "algorithm"),
            (self.period, "period"),
            (self.counter, "counter"),
            (self.group, "group_id"),
            (self.icon, "icon"),
        ] {
            match a.get(key) {
                None => {}
                Some(Value::Null) => signal.set(String::new()),
                Some(Value::String(s)) => signal.set(s.clone()),
                Some(other) => signal.set(other.to_string()),
            }
        }
    }

    /// The body of a create, update or test request; without a group chosen, `group_id` is left
    /// out (a new account then goes to the user's `defaultGroup`).
    pub fn body(self) -> Value {
        let mut body = json!({
            "service": self.service.get(), "account": self.account.get(),
            "secret": self.secret.get(), "otp_type": self.otp_type.get(),
            "digits": number(self.digits.get()), "algorithm": self.algorithm.get(),
            "period": number(self.period.get()), "counter": number(self.counter.get()),
            "icon": Some(self.icon.get()).filter(|i| !i.is_empty()),
        });
        if let Some(group) = number(self.group.get()).as_i64() {
            body["group_id"] = group.into();
        }
        body
    }
}

/// A text field bound to one signal.
#[component]
fn Field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] kind: &'static str,
) -> impl IntoView {
    view! {
        <label for=id>{tr(label)}</label>
        <input id=id type=if kind.is_empty() { "text" } else { kind } bind:value=value/>
    }
}

/// A choice bound to one signal.
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <label for=id>{tr(label)}</label>
        <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            {options.iter().map(|(v, text)| view! { <option value=*v>{tr(text)}</option> }).collect_view()}
        </select>
    }
}

/// The fields, the group choice and a "Test" button; `actions` go under them.
#[component]
pub fn AccountForm(
    fields: Fields,
    groups: RwSignal<Vec<Group>>,
    errors: RwSignal<Vec<String>>,
    children: Children,
) -> impl IntoView {
    let tested = RwSignal::new(None::<String>);
    let test = move |_| {
        let body = fields.body();
        spawn_local(async move {
            match client::call::<Value>("POST", "/api/v1/twofaccounts/otp", Some(&body)).await {
                Ok(otp) => {
                    errors.set(Vec::new());
                    tested.set(otp["password"].as_str().map(str::to_string));
                }
                Err(e) => {
                    tested.set(None);
                    errors.set(e.details());
                }
            }
        });
    };
    let otp_type = fields.otp_type;
    let icon = fields.icon;
    let upload_icon = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            let Ok(form) = web_sys::FormData::new() else {
                return;
            };
            let _ = form.append_with_blob("icon", &file);
            match client::call_form::<Value>("/api/v1/icons", &form).await {
                Ok(v) => icon.set(v["filename"].as_str().unwrap_or_default().into()),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let fetch_logo = move |_| {
        let body = json!({ "service": fields.service.get() });
        spawn_local(async move {
            match client::call::<Value>("POST", "/api/v1/icons/default", Some(&body)).await {
                Ok(Value::Null) => {
                    errors.set(vec![tr("No official logo found for this service.").into()])
                }
                Ok(v) => icon.set(v["filename"].as_str().unwrap_or_default().into()),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    view! {
        <Field id="service" label=en("Service") value=fields.service/>
        <Field id="account" label=en("Account") value=fields.account/>
        <Field id="secret" label=en("Secret (base32)") value=fields.secret/>
        <Choice id="otp_type" label=en("Type") value=otp_type
            options=&[("totp", "TOTP"), ("hotp", "HOTP"), ("steamtotp", "Steam")]/>
        <Field id="digits" label=en("Digits") value=fields.digits kind="number"/>
        <Choice id="algorithm" label=en("Algorithm") value=fields.algorithm
            options=&[("sha1", "SHA-1"), ("sha256", "SHA-256"), ("sha512", "SHA-512"), ("md5", "MD5")]/>
        <Show when=move || otp_type.get() != "hotp">
            <Field id="period" label=en("Period (seconds)") value=fields.period kind="number"/>
        </Show>
        <Show when=move || otp_type.get() == "hotp">
            <Field id="counter" label=en("Counter") value=fields.counter kind="number"/>
        </Show>
        <label for="group">{tr("Group")}</label>
        <select id="group" prop:value=move || fields.group.get()
            on:change=move |ev| fields.group.set(event_target_value(&ev))>
            <option value="">{tr("No group")}</option>
            <For each=move || groups.get() key=|g| g.id let:g>
                <option value=g.id.to_string()>{g.name.clone()}</option>
            </For>
        </select>
        <span class="label">{tr("Icon")}</span>
        <div class="row icon-field">
            <Show when=move || !icon.get().is_empty()>
                <img class="icon" src=move || format!("/storage/icons/{}", icon.get()) alt=tr("Icon of this account")/>
            </Show>
            <label class="button" for="icon-file">{tr("Upload an icon")}</label>
            <input id="icon-file" class="visually-hidden" type="file" accept="image/*" on:change=upload_icon/>
            <button type="button" on:click=fetch_logo>{tr("Get the official logo")}</button>
            <Show when=move || !icon.get().is_empty()>
                <button type="button" class="link" on:click=move |_| icon.set(String::new())>{tr("Remove the icon")}</button>
            </Show>
        </div>
        <div class="row actions">
            {children()}
            <button type="button" on:click=test>{tr("Test")}</button>
            <output class="tested" aria-live="polite">{move || tested.get()}</output>
        </div>
    }
}
