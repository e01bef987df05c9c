//! `/accounts/{id}/edit`: the advanced form of an account (every field, its group), its QR code,
//! and deleting it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::{Value, json};

use crate::app::Errors;
use crate::client;
use crate::i18n::{en, tr};
use crate::pages::groups::{self, Group};

/// A text field bound to one key of the form.
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

/// `/accounts/{id}/edit`.
#[component]
pub fn Edit() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let qr = RwSignal::new(None::<String>);
    let groups_list = RwSignal::new(Vec::<Group>::new());
    let [
        service,
        account,
        secret,
        otp_type,
        digits,
        algorithm,
        period,
        counter,
        group,
        icon,
    ] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let text = |v: &Value, k: &str| match &v[k] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    spawn_local(async move {
        let path = format!("/api/v1/twofaccounts/{}", id());
        match client::call::<Value>("GET", &path, None).await {
            Ok(a) => {
                for (signal, key) in [
                    (service, "service"),
                    (account, "account"),
                    (secret, "secret"),
                    (otp_type, "otp_type"),
                    (digits, "digits"),
                    (algorithm, "algorithm"),
                    (period, "period"),
                    (counter, "counter"),
                    (group, "group_id"),
                    (icon, "icon"),
                ] {
                    signal.set(text(&a, key));
                }
                loaded.set(true);
            }
            Err(e) => errors.set(e.details()),
        }
        if let Ok(list) = groups::load().await {
            groups_list.set(list);
        }
    });
    let number = |s: String| {
        s.trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::Null)
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "service": service.get(), "account": account.get(), "secret": secret.get(),
            "otp_type": otp_type.get(), "digits": number(digits.get()), "algorithm": algorithm.get(),
            "period": number(period.get()), "counter": number(counter.get()),
            "group_id": number(group.get()).as_i64().unwrap_or(0),
            // A full replacement: the icon is kept as it is.
            "icon": Some(icon.get()).filter(|i| !i.is_empty()),
        });
        spawn_local(async move {
            let path = format!("/api/v1/twofaccounts/{}", id());
            match client::call::<Value>("PUT", &path, Some(&body)).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    status.set(tr("Account saved").into());
                }
                Err(e) => {
                    status.set(String::new());
                    errors.set(e.details());
                }
            }
        });
    };
    let show_qr = move |_| {
        spawn_local(async move {
            let path = format!("/api/v1/twofaccounts/{}/qrcode", id());
            match client::call::<Value>("GET", &path, None).await {
                Ok(v) => qr.set(v["qrcode"].as_str().map(str::to_string)),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let delete = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(tr("Delete this account? Its codes will be gone."))
                    .ok()
            })
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            let path = format!("/api/v1/twofaccounts/{}", id());
            match client::call::<Value>("DELETE", &path, None).await {
                Ok(_) => navigate("/accounts", Default::default()),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    view! {
        <section aria-labelledby="edit-title">
            <h1 id="edit-title">{tr("Edit account")}</h1>
            <Errors errors/>
            <form class="edit" on:submit=save hidden=move || !loaded.get()>
                    <Field id="service" label=en("Service") value=service/>
                    <Field id="account" label=en("Account") value=account/>
                    <Field id="secret" label=en("Secret (base32)") value=secret/>
                    <label for="otp_type">{tr("Type")}</label>
                    <select id="otp_type" prop:value=move || otp_type.get()
                        on:change=move |ev| otp_type.set(event_target_value(&ev))>
                        <option value="totp">"TOTP"</option>
                        <option value="hotp">"HOTP"</option>
                        <option value="steamtotp">"Steam"</option>
                    </select>
                    <Field id="digits" label=en("Digits") value=digits kind="number"/>
                    <label for="algorithm">{tr("Algorithm")}</label>
                    <select id="algorithm" prop:value=move || algorithm.get()
                        on:change=move |ev| algorithm.set(event_target_value(&ev))>
                        <option value="sha1">"SHA-1"</option>
                        <option value="sha256">"SHA-256"</option>
                        <option value="sha512">"SHA-512"</option>
                        <option value="md5">"MD5"</option>
                    </select>
                    <Show when=move || otp_type.get() != "hotp">
                        <Field id="period" label=en("Period (seconds)") value=period kind="number"/>
                    </Show>
                    <Show when=move || otp_type.get() == "hotp">
                        <Field id="counter" label=en("Counter") value=counter kind="number"/>
                    </Show>
                    <label for="group">{tr("Group")}</label>
                    <select id="group" prop:value=move || group.get()
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{tr("No group")}</option>
                        <For each=move || groups_list.get() key=|g| g.id let:g>
                            <option value=g.id.to_string()>{g.name.clone()}</option>
                        </For>
                    </select>
                    <div class="row actions">
                        <button type="submit">{tr("Save")}</button>
                        <button type="button" on:click=show_qr>{tr("Show QR code")}</button>
                        <button type="button" class="danger" on:click=delete>{tr("Delete")}</button>
                    </div>
            </form>
            <Show when=move || qr.get().is_some()>
                <img class="qr" alt=tr("QR code of this account, to scan with another app")
                    src=move || qr.get().unwrap_or_default()/>
            </Show>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
        </section>
    }
}
