//! `/accounts/{id}/sharing` (owners only, when the administrator allows sharing): who the account
//! is shared with, sharing with users found by name or exact e-mail or with all users, revoking,
//! and handing the account over to another user (confirmed by the password).
//! `/accounts/{id}/otp-logs`: when and by whom its codes were generated.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde_json::{Value, json};

use crate::browser::confirmed;
use crate::i18n::{date_time, en, tr, trf};
use crate::pages::form::{Input, send, text};
use crate::widgets::Errors;
use crate::{client, me};

/// The account's id from the route, and a title loaded from the API.
fn account_title(errors: RwSignal<Vec<String>>) -> (impl Fn() -> String + Copy, RwSignal<String>) {
    let params = use_params_map();
    let id = move || params.with_untracked(|p| p.get("id").unwrap_or_default());
    let title = RwSignal::new(String::new());
    spawn_local(async move {
        match client::call::<Value>("GET", &format!("/api/v1/twofaccounts/{}", id()), None).await {
            Ok(a) => title.set(format!("{} · {}", text(&a, "service"), text(&a, "account"))),
            Err(e) => errors.set(e.details()),
        }
    });
    (id, title)
}

/// `/accounts/{id}/sharing`.
#[component]
pub fn Sharing() -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let (id, title) = account_title(errors);
    let shares = RwSignal::new(Value::Null);
    let found = RwSignal::new(Vec::<Value>::new());
    let [query, new_owner, password] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let path = move |rest: &str| format!("/api/v1/twofaccounts/{}{rest}", id());
    let reload = move || {
        spawn_local(async move {
            match client::call::<Value>("GET", &path("/shares"), None).await {
                Ok(s) => shares.set(s),
                Err(e) => errors.set(e.details()),
            }
        })
    };
    reload();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filter = js_sys::encode_uri_component(&query.get());
        spawn_local(async move {
            match client::call::<Vec<Value>>(
                "GET",
                &path(&format!("/recipients?filter[nameOrEmail]={filter}")),
                None,
            )
            .await
            {
                Ok(list) => found.set(list),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let share_with = move |user: i64| {
        send(
            "POST",
            path("/shares"),
            Some(json!({ "user_ids": [user] })),
            status,
            errors,
            en("Shared"),
            move |_| {
                found.set(Vec::new());
                reload();
            },
        );
    };
    let share_all = move |_| {
        send(
            "POST",
            path("/shares/all"),
            None,
            status,
            errors,
            en("Shared with all users"),
            move |_| reload(),
        )
    };
    let revoke = move |user: i64| {
        send(
            "DELETE",
            path(&format!("/shares/{user}")),
            None,
            status,
            errors,
            en("Share revoked"),
            move |_| reload(),
        )
    };
    let revoke_all = move |_| {
        send(
            "DELETE",
            path("/shares"),
            None,
            status,
            errors,
            en("Every share revoked"),
            move |_| reload(),
        )
    };
    let transfer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed(tr(
            "Give this account to this user? You will no longer manage it.",
        )) {
            return;
        }
        let body = json!({ "new_owner_id": new_owner.get().parse::<i64>().ok(), "confirm_password": password.get() });
        send(
            "PATCH",
            path("/owner"),
            Some(body),
            status,
            errors,
            en("Ownership transferred"),
            |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign("/accounts");
                }
            },
        );
    };
    let with_all = move || shares.with(|s| s["is_shared_with_all"] == true);
    let users =
        move || shares.with(|s| s["specific_users"].as_array().cloned().unwrap_or_default());
    view! {
        <section aria-labelledby="sharing-title">
            <h1 id="sharing-title">{tr("Sharing")}</h1>
            <p class="name">{move || title.get()}</p>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <p>{move || if with_all() { tr("Shared with all users.") } else { tr("Not shared with all users.") }}</p>
            <h2 id="shared-title">{tr("Shared with")}</h2>
            <ul class="tokens" aria-labelledby="shared-title">
                <For each=users key=|u| u["id"].as_i64() let:user>
                    {
                        let uid = user["id"].as_i64().unwrap_or_default();
                        let name = text(&user, "name");
                        view! {
                            <li>
                                <span class="name">{name.clone()}</span>
                                <span class="expires">{text(&user, "is_shared_since")}</span>
                                <button type="button" aria-label=trf("Stop sharing with {}", &[&name]) on:click=move |_| revoke(uid)>{tr("Revoke")}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="row actions">
                <button type="button" on:click=share_all>{tr("Share with all users")}</button>
                <button type="button" class="danger" on:click=revoke_all>{tr("Revoke every share")}</button>
            </div>
            <form class="add" on:submit=search>
                <label for="recipient">{tr("Find a user by name or exact e-mail")}</label>
                <div class="row">
                    <input id="recipient" type="search" bind:value=query/>
                    <button type="submit">{tr("Search")}</button>
                </div>
            </form>
            <ul class="tokens" aria-label=tr("Users found")>
                <For each=move || found.get() key=|u| u["id"].as_i64() let:user>
                    {
                        let uid = user["id"].as_i64().unwrap_or_default();
                        let name = text(&user, "name");
                        let shared = user["is_shared_with"] == true;
                        view! {
                            <li>
                                <span class="name">{name.clone()}</span>
                                <button type="button" disabled=shared aria-label=trf("Share with {}", &[&name]) on:click=move |_| share_with(uid)>
                                    {if shared { tr("Shared") } else { tr("Share") }}
                                </button>
                                <button type="button" class="link" on:click=move |_| new_owner.set(uid.to_string())>{tr("Choose as new owner")}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <form class="edit danger-zone" on:submit=transfer aria-labelledby="transfer-title">
                <h2 id="transfer-title">{tr("Transfer ownership")}</h2>
                <p>{move || if new_owner.get().is_empty() { tr("Find a user above and choose them as new owner.").to_string() }
                    else { trf("New owner: user {}", &[&new_owner.get()]) }}</p>
                <Input id="transfer-password" label=en("Your password") value=password kind="password" autocomplete="current-password"/>
                <div class="row actions"><button type="submit" class="danger" disabled=move || new_owner.get().is_empty()>{tr("Transfer")}</button></div>
            </form>
        </section>
    }
}

/// `/accounts/{id}/otp-logs`.
#[component]
pub fn OtpLogs() -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    let (id, title) = account_title(errors);
    let logs = RwSignal::new(Vec::<Value>::new());
    let zone = RwSignal::new(String::from("UTC"));
    spawn_local(async move {
        let path = format!("/api/v1/twofaccounts/{}/otp-logs", id());
        let (answer, time_zone) = futures::join!(
            client::call::<Vec<Value>>("GET", &path, None),
            me::time_zone()
        );
        zone.set(time_zone);
        match answer {
            Ok(list) => logs.set(list),
            Err(e) => errors.set(e.details()),
        }
    });
    view! {
        <section aria-labelledby="logs-title">
            <h1 id="logs-title">{tr("Codes generated")}</h1>
            <p class="name">{move || title.get()}</p>
            <Errors errors/>
            <Show when=move || logs.with(Vec::is_empty)>
                <p class="empty">{tr("No code generated by the server yet (codes computed in the browser are not logged).")}</p>
            </Show>
            <table class="log" tabindex="0" aria-labelledby="logs-title">
                <thead><tr>
                    <th scope="col">{tr("When")}</th><th scope="col">{tr("By")}</th>
                    <th scope="col">{tr("Address")}</th><th scope="col">{tr("Type")}</th>
                </tr></thead>
                <tbody>
                    {move || logs.get().into_iter().map(|entry| view! {
                        <tr>
                            <td>{date_time(&text(&entry, "generated_at"), &zone.get_untracked())}</td>
                            <td>{text(&entry, "requester_name")}</td>
                            <td>{text(&entry, "ip_address")}</td>
                            <td>{text(&entry, "otp_type")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
