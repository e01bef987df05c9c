//! `/accounts/{id}/sharing` (owners only, when the administrator allows sharing): who the account
//! is shared with, sharing with users found by name or exact e-mail or with all users, revoking,
//! and handing the account over to another user (confirmed by the password).
//! `/accounts/{id}/otp-logs`: when and by whom its codes were generated.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::contract::{Recipient, Shares};

use crate::app::PageLoad;
use crate::browser::confirmed;
use crate::client;
use crate::i18n::{date_time, en, tr, trf};
use crate::pages::form::{Input, json_text, send};
use crate::router;
use crate::widgets::Errors;

/// The account's id from the route, and a title loaded from the API.
fn account_title(errors: RwSignal<Vec<String>>) -> (impl Fn() -> String + Copy, RwSignal<String>) {
    let id = router::param("id");
    let title = RwSignal::new(String::new());
    spawn_local(async move {
        // As JSON, for two texts: `TwoFAccountRead`'s reading weighed 10 KB of the `.wasm`.
        let path = format!("/api/v1/twofaccounts/{}", id());
        match client::get::<Value>(&path).await {
            Ok(a) => title.set(format!(
                "{} · {}",
                json_text(&a, "service"),
                json_text(&a, "account")
            )),
            Err(e) => errors.set(e.details()),
        }
    });
    (id, title)
}

/// The sharing screen's state, one `Copy` handle its parts share.
#[derive(Clone, Copy)]
struct Board {
    /// The account's id, from the route.
    id: StoredValue<String>,
    /// `{is_shared_with_all, specific_users}`, once read.
    shares: RwSignal<Option<Shares>>,
    /// The users the last search found.
    found: RwSignal<Vec<Recipient>>,
    /// The user chosen as new owner (their id, as text).
    new_owner: RwSignal<String>,
    errors: RwSignal<Vec<String>>,
    status: RwSignal<String>,
}

impl Board {
    /// A path under the account's.
    fn path(self, rest: &str) -> String {
        format!("/api/v1/twofaccounts/{}{rest}", self.id.get_value())
    }

    /// Loads who the account is shared with.
    fn reload(self) {
        spawn_local(async move {
            match client::get(&self.path("/shares")).await {
                Ok(s) => self.shares.set(Some(s)),
                Err(e) => self.errors.set(e.details()),
            }
        })
    }

    /// Changes the sharing, announces `done`, then shows the shares again.
    fn change(self, method: &'static str, rest: &str, body: Option<Value>, done: &'static str) {
        let (status, errors) = (self.status, self.errors);
        send(
            method,
            self.path(rest),
            body,
            status,
            errors,
            done,
            move || self.reload(),
        );
    }
}

/// `/accounts/{id}/sharing`.
#[component]
pub fn Sharing() -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let (id, title) = account_title(errors);
    let board = Board {
        id: StoredValue::new(id()),
        shares: RwSignal::new(None),
        found: RwSignal::new(Vec::new()),
        new_owner: RwSignal::new(String::new()),
        errors,
        status,
    };
    board.reload();
    let with_all = move || {
        board
            .shares
            .with(|s| s.as_ref().is_some_and(|s| s.is_shared_with_all))
    };
    view! {
        <section aria-labelledby="sharing-title">
            <h1 id="sharing-title">{tr("Sharing")}</h1>
            <p class="name">{move || title.get()}</p>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <p>{move || if with_all() { tr("Shared with all users.") } else { tr("Not shared with all users.") }}</p>
            <SharedWith board/>
            <FindRecipients board/>
            <TransferOwnership board/>
        </section>
    }
}

/// Who the account is shared with, each with a way to stop; sharing with all, or with nobody.
#[component]
fn SharedWith(board: Board) -> impl IntoView {
    let users = move || {
        board
            .shares
            .with(|s| s.as_ref().and_then(|s| s.specific_users.clone()))
            .unwrap_or_default()
    };
    let revoke = move |user: i64| {
        let rest = format!("/shares/{user}");
        board.change("DELETE", &rest, None, en("Share revoked"))
    };
    view! {
        <h2 id="shared-title">{tr("Shared with")}</h2>
        <ul class="tokens" aria-labelledby="shared-title">
            <For each=users key=|u| u.id let:user>
                {
                    let uid = user.id;
                    let name = user.name;
                    view! {
                        <li>
                            <span class="name">{name.clone()}</span>
                            <span class="expires">{user.is_shared_since.clone()}</span>
                            <button type="button" aria-label=trf("Stop sharing with {}", &[&name]) on:click=move |_| revoke(uid)>{tr("Revoke")}</button>
                        </li>
                    }
                }
            </For>
        </ul>
        <div class="row actions">
            <button type="button" on:click=move |_| board.change("POST", "/shares/all", None, en("Shared with all users"))>{tr("Share with all users")}</button>
            <button type="button" class="danger" on:click=move |_| board.change("DELETE", "/shares", None, en("Every share revoked"))>{tr("Revoke every share")}</button>
        </div>
    }
}

/// Finding users by name or exact e-mail, to share with them or choose one as new owner.
#[component]
fn FindRecipients(board: Board) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let Board {
        found, new_owner, ..
    } = board;
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filter = js_sys::encode_uri_component(&query.get());
        let path = board.path(&format!("/recipients?filter[nameOrEmail]={filter}"));
        spawn_local(async move {
            match client::get(&path).await {
                Ok(list) => found.set(list),
                Err(e) => board.errors.set(e.details()),
            }
        });
    };
    let share_with = move |user: i64| {
        let body = json!({ "user_ids": [user] });
        let (status, errors) = (board.status, board.errors);
        let done = en("Shared");
        send(
            "POST",
            board.path("/shares"),
            Some(body),
            status,
            errors,
            done,
            move || {
                found.set(Vec::new());
                board.reload();
            },
        );
    };
    view! {
        <form class="add" on:submit=search>
            <label for="recipient">{tr("Find a user by name or exact e-mail")}</label>
            <div class="row">
                <input id="recipient" type="search" bind:value=query/>
                <button type="submit">{tr("Search")}</button>
            </div>
        </form>
        <ul class="tokens" aria-label=tr("Users found")>
            <For each=move || found.get() key=|u| u.id let:user>
                {
                    let uid = user.id;
                    let name = user.name;
                    let shared = user.is_shared_with;
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
    }
}

/// Handing the account over to the user chosen, confirmed by the password.
#[component]
fn TransferOwnership(board: Board) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let new_owner = board.new_owner;
    let transfer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed(tr(
            "Give this account to this user? You will no longer manage it.",
        )) {
            return;
        }
        let body = json!({ "new_owner_id": new_owner.get().parse::<i64>().ok(), "confirm_password": password.get() });
        let (status, errors) = (board.status, board.errors);
        send(
            "PATCH",
            board.path("/owner"),
            Some(body),
            status,
            errors,
            en("Ownership transferred"),
            || {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign("/accounts");
                }
            },
        );
    };
    view! {
        <form class="edit danger-zone" on:submit=transfer aria-labelledby="transfer-title">
            <h2 id="transfer-title">{tr("Transfer ownership")}</h2>
            <p>{move || if new_owner.get().is_empty() { tr("Find a user above and choose them as new owner.").to_string() }
                else { trf("New owner: user {}", &[&new_owner.get()]) }}</p>
            <Input id="transfer-password" label=en("Your password") value=password kind="password" autocomplete="current-password"/>
            <div class="row actions"><button type="submit" class="danger" disabled=move || new_owner.get().is_empty()>{tr("Transfer")}</button></div>
        </form>
    }
}

/// `/accounts/{id}/otp-logs`.
#[component]
pub fn OtpLogs() -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    let (id, title) = account_title(errors);
    // As JSON: `OtpLog`'s typed reading weighed 7 KB of the settings app's `.wasm`.
    let logs = RwSignal::new(Vec::<Value>::new());
    let zone = RwSignal::new(String::from("UTC"));
    let me = PageLoad::here().me;
    spawn_local(async move {
        let path = format!("/api/v1/twofaccounts/{}/otp-logs", id());
        let (answer, time_zone) = futures::join!(client::get::<Vec<Value>>(&path), me.time_zone());
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
                            <td>{date_time(&json_text(&entry, "generated_at"), &zone.get_untracked())}</td>
                            <td>{json_text(&entry, "requester_name")}</td>
                            <td>{json_text(&entry, "ip_address")}</td>
                            <td>{json_text(&entry, "otp_type")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
