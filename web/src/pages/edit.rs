//! `/accounts/{id}/edit`: the advanced form of an account (every field, its group), its QR code,
//! and deleting it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::browser::confirmed;
use crate::client;
use crate::i18n::tr;
use crate::pages::account_form::{AccountForm, Fields};
use crate::pages::groups;
use crate::router::{self, navigate};
use crate::widgets::Errors;
use twofold_core::contract::Group;

/// `/accounts/{id}/edit`.
#[component]
pub fn Edit() -> impl IntoView {
    let id = router::param("id");
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let qr = RwSignal::new(None::<String>);
    let groups_list = RwSignal::new(Vec::<Group>::new());
    let fields = Fields::default();
    spawn_local(async move {
        let path = format!("/api/v1/twofaccounts/{}", id());
        // As JSON: see `Fields::fill`.
        match client::get::<Value>(&path).await {
            Ok(a) => {
                fields.fill(&a);
                loaded.set(true);
            }
            Err(e) => errors.set(e.details()),
        }
        if let Ok(list) = groups::load().await {
            groups_list.set(list);
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut body = fields.body();
        // A full replacement: no group chosen means none.
        body.as_object_mut()
            .map(|b| b.entry("group_id").or_insert(0.into()));
        spawn_local(async move {
            let path = format!("/api/v1/twofaccounts/{}", id());
            match client::run("PUT", &path, Some(&body)).await {
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
            match client::get::<Value>(&path).await {
                Ok(v) => qr.set(v["qrcode"].as_str().map(str::to_string)),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let delete = move |_| {
        if !confirmed(tr("Delete this account? Its codes will be gone.")) {
            return;
        }
        spawn_local(async move {
            let path = format!("/api/v1/twofaccounts/{}", id());
            match client::run("DELETE", &path, None).await {
                Ok(_) => navigate("/accounts"),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    view! {
        <section aria-labelledby="edit-title">
            <h1 id="edit-title">{tr("Edit account")}</h1>
            <Errors errors/>
            <form class="edit" on:submit=save hidden=move || !loaded.get()>
                    <AccountForm fields groups=groups_list errors>
                        <button type="submit">{tr("Save")}</button>
                        <button type="button" on:click=show_qr>{tr("Show QR code")}</button>
                        <button type="button" class="danger" on:click=delete>{tr("Delete")}</button>
                        <a href=move || format!("/accounts/{}/sharing", id()) rel="external">{tr("Sharing")}</a>
                        <a href=move || format!("/accounts/{}/otp-logs", id()) rel="external">{tr("Codes generated")}</a>
                    </AccountForm>
            </form>
            <Show when=move || qr.get().is_some()>
                <img class="qr" alt=tr("QR code of this account, to scan with another app")
                    src=move || qr.get().unwrap_or_default()/>
            </Show>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
        </section>
    }
}
