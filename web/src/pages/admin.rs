//! Administration (admins only; the API answers 403 to anyone else): `/admin/users` (list,
//! create), `/admin/users/{id}` (promote or demote, reset the password and get the link to pass
//! on, revoke tokens, delete, authentication log), `/admin/app` (application and registration
//! settings).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::contract::{AuthenticationLogEntry, Setting};

use crate::app::NavLink;
use crate::browser::confirmed;
use crate::client;
use crate::i18n::{en, tr, trf};
use crate::pages::form::{Input, json_text, report, send, text};
use crate::router::{self, navigate};
use crate::widgets::Errors;

/// The administration's own menu.
#[component]
fn AdminMenu() -> impl IntoView {
    view! {
        <nav class="chips" aria-label=tr("Administration")>
            <NavLink href="/admin/users" label=en("Users") nested=true/>
            <NavLink href="/admin/app" label=en("Settings") nested=true/>
        </nav>
    }
}

/// `/admin/users`.
#[component]
pub fn Users() -> impl IntoView {
    // As JSON: `ManagedUser` holds the preferences, whose derived reading (through serde's
    // buffered content, `UserRead` being flattened) weighed 40 KB of this app's `.wasm`.
    let users = RwSignal::new(Vec::<Value>::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match client::call::<Vec<Value>>("GET", "/api/v1/users", None).await {
                Ok(list) => users.set(list),
                Err(e) => errors.set(e.details()),
            }
        })
    };
    reload();
    let [name, email, password] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let admin = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "name": name.get(), "email": email.get(), "password": password.get(),
            "password_confirmation": password.get(), "is_admin": admin.get(),
        });
        send(
            "POST",
            "/api/v1/users".into(),
            Some(body),
            status,
            errors,
            en("User created"),
            move || {
                for s in [name, email, password] {
                    s.set(String::new());
                }
                reload();
            },
        );
    };
    view! {
        <section aria-labelledby="users-title">
            <h1 id="users-title">{tr("Users")}</h1>
            <AdminMenu/>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <table class="users" tabindex="0">
                <thead><tr>
                    <th scope="col">{tr("Name")}</th><th scope="col">{tr("Email")}</th>
                    <th scope="col">{tr("Accounts")}</th><th scope="col">{tr("Last seen")}</th><th scope="col"><span class="visually-hidden">{tr("Actions")}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || users.get() key=|u| u["id"].as_i64() let:user>
                        <tr>
                            <td>{json_text(&user, "name")}{(user["is_admin"] == true).then(|| view! { <span class="badge">{tr("admin")}</span> })}</td>
                            <td>{json_text(&user, "email")}</td>
                            <td>{json_text(&user, "twofaccounts_count")}</td>
                            <td>{json_text(&user, "last_seen_at")}</td>
                            <td><a href=format!("/admin/users/{}", json_text(&user, "id"))
                                aria-label=trf("Manage {}", &[&json_text(&user, "name")])>{tr("Manage")}</a></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <form class="edit" on:submit=create aria-labelledby="new-user-title">
                <h2 id="new-user-title">{tr("New user")}</h2>
                <Input id="new-name" label=en("Name") value=name/>
                <Input id="new-email" label=en("Email") value=email kind="email"/>
                <Input id="new-password" label=en("Password (8 characters or more)") value=password kind="password" autocomplete="new-password"/>
                <label class="check"><input type="checkbox" prop:checked=move || admin.get()
                    on:change=move |ev| admin.set(event_target_checked(&ev))/>{tr("Administrator")}</label>
                <div class="row actions"><button type="submit">{tr("Create the user")}</button></div>
            </form>
        </section>
    }
}

/// `/admin/users/{id}`.
#[component]
pub fn ManageUser() -> impl IntoView {
    let id = router::param("id");
    let user = RwSignal::new(Value::Null);
    let log = RwSignal::new(Vec::<AuthenticationLogEntry>::new());
    let period = RwSignal::new(String::from("1"));
    let link = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            match client::call::<Value>("GET", &format!("/api/v1/users/{}", id()), None).await {
                Ok(u) => user.set(u),
                Err(e) => errors.set(e.details()),
            }
        })
    };
    load();
    Effect::new(move |_| {
        let path = format!(
            "/api/v1/users/{}/authentications?period={}",
            id(),
            period.get()
        );
        spawn_local(async move {
            if let Ok(list) = client::get(&path).await {
                log.set(list);
            }
        });
    });
    let info = move |k: &str| user.with(|u| json_text(&u["info"], k));
    let is_admin = move || user.with(|u| u["info"]["is_admin"] == true);
    let path = move |rest: &str| format!("/api/v1/users/{}{rest}", id());
    let promote = move |_| {
        let body = json!({ "is_admin": !is_admin() });
        let path = path("/promote");
        let request = async move { client::call("PATCH", &path, Some(&body)).await };
        report(request, status, errors, en("Role changed"), move |u| {
            user.set(u)
        });
    };
    let reset = move |_| {
        let path = path("/password/reset");
        let request = async move { client::call("PATCH", &path, None).await };
        report(
            request,
            status,
            errors,
            en("Password reset: pass the link on"),
            move |u: Value| {
                link.set(u["password_reset_link"].as_str().map(str::to_string));
                user.set(u);
            },
        );
    };
    let revoke = move |_| {
        send(
            "DELETE",
            path("/pats"),
            None,
            status,
            errors,
            en("Tokens revoked"),
            load,
        );
    };
    let delete = move |_| {
        if confirmed(&trf("Delete {} and all their data?", &[&info("name")])) {
            send(
                "DELETE",
                path(""),
                None,
                status,
                errors,
                en("User deleted"),
                || navigate("/admin/users"),
            );
        }
    };
    view! {
        <section aria-labelledby="manage-title">
            <h1 id="manage-title">{move || info("name")}</h1>
            <AdminMenu/>
            <p class="name">{move || info("email")}</p>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <dl class="facts">
                <dt>{tr("Role")}</dt><dd>{move || if is_admin() { tr("Administrator") } else { tr("User") }}</dd>
                <dt>{tr("Valid tokens")}</dt><dd>{move || user.with(|u| json_text(u, "valid_personal_access_tokens"))}</dd>
                <dt>{tr("Registered")}</dt><dd>{move || info("created_at")}</dd>
                <dt>{tr("Last seen")}</dt><dd>{move || info("last_seen_at")}</dd>
            </dl>
            <Show when=move || link.get().is_some()>
                <p class="created">{tr("Reset link, valid 60 minutes:")}" "<code class="token">{move || link.get()}</code></p>
            </Show>
            <div class="row actions">
                <button type="button" on:click=promote>{move || if is_admin() { tr("Remove admin role") } else { tr("Make administrator") }}</button>
                <button type="button" on:click=reset>{tr("Reset the password")}</button>
                <button type="button" on:click=revoke>{tr("Revoke all tokens")}</button>
                <button type="button" class="danger" on:click=delete>{tr("Delete the user")}</button>
            </div>
            <h2 id="log-title">{tr("Authentication log")}</h2>
            <label for="period">{tr("Period")}</label>
            <select id="period" prop:value=move || period.get() on:change=move |ev| period.set(event_target_value(&ev))>
                <option value="1">{tr("1 month")}</option>
                <option value="3">{tr("3 months")}</option>
                <option value="6">{tr("6 months")}</option>
                <option value="12">{tr("1 year")}</option>
            </select>
            <table class="log" tabindex="0" aria-labelledby="log-title">
                <thead><tr>
                    <th scope="col">{tr("Signed in")}</th><th scope="col">{tr("Address")}</th>
                    <th scope="col">{tr("Browser")}</th><th scope="col">{tr("Result")}</th><th scope="col">{tr("Duration")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || log.get() key=|e| e.id let:entry>
                        <tr>
                            <td>{text(&entry.login_at)}</td>
                            <td>{text(&entry.ip_address)}</td>
                            <td>{format!("{} · {}", text(&entry.browser), text(&entry.platform))}</td>
                            <td>{if entry.login_successful { tr("success") } else { tr("failure") }}</td>
                            <td>{text(&entry.duration)}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// The application settings shown, with their labels: switches, or texts saved with a button.
const SWITCHES: &[(&str, &str)] = &[
    ("disableRegistration", en("Registration closed")),
    (
        "restrictRegistration",
        en("Registration restricted to the list or rule below"),
    ),
    ("enableSharing", en("Users can share accounts")),
    (
        "enableAllUsersSharingScope",
        en("Accounts can be shared with all users"),
    ),
];
const TEXTS: &[(&str, &str)] = &[
    (
        "restrictList",
        en("Allowed e-mail addresses (separated by |)"),
    ),
    (
        "restrictRule",
        en("Allowed e-mail addresses (regular expression)"),
    ),
];

/// `/admin/app`.
#[component]
pub fn AppSettings() -> impl IntoView {
    let settings = RwSignal::new(Vec::<Setting>::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    spawn_local(async move {
        match client::get::<Vec<Setting>>("/api/v1/settings").await {
            Ok(list) => settings.set(list),
            Err(e) => errors.set(e.details()),
        }
    });
    let value = move |key: &str| {
        settings.with(|l| {
            l.iter()
                .find(|s| s.key == key)
                .map(|s| s.value.clone())
                .unwrap_or(Value::Null)
        })
    };
    let save = move |key: &'static str, v: Value| {
        send(
            "PUT",
            format!("/api/v1/settings/{key}"),
            Some(json!({ "value": v })),
            status,
            errors,
            en("Setting saved"),
            move || {
                settings.update(|l| {
                    if let Some(s) = l.iter_mut().find(|s| s.key == key) {
                        s.value = v;
                    }
                })
            },
        );
    };
    view! {
        <section aria-labelledby="app-title">
            <h1 id="app-title">{tr("Settings")}</h1>
            <AdminMenu/>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <p>{tr("Secrets are always encrypted at rest, and icons are stored in the database.")}</p>
            <Show when=move || !settings.get().is_empty()>
                <form class="options" on:submit=|ev| ev.prevent_default()>
                    {SWITCHES.iter().map(|(key, label)| {
                        let key = *key;
                        view! {
                            <div class="option">
                                <label for=key>{tr(label)}</label>
                                <input type="checkbox" class="switch" id=key prop:checked=move || value(key) == true
                                    on:change=move |ev| save(key, Value::Bool(event_target_checked(&ev)))/>
                            </div>
                        }
                    }).collect_view()}
                    {TEXTS.iter().map(|(key, label)| {
                        let key = *key;
                        let draft = RwSignal::new(value(key).as_str().unwrap_or_default().to_string());
                        view! {
                            <div class="option">
                                <label for=key>{tr(label)}</label>
                                <div class="row">
                                    <input id=key bind:value=draft/>
                                    <button type="button" on:click=move |_| save(key, Value::from(draft.get()))>{tr("Save")}</button>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </form>
            </Show>
            <h2>{tr("Mail server")}</h2>
            <p>{tr("Sends a message to your own address with the instance's MAIL_* settings.")}</p>
            <button type="button" class="secondary" on:click=move |_| send(
                "POST",
                "/system/test-email".into(),
                Some(json!({})),
                status,
                errors,
                en("Test e-mail sent"),
                || {},
            )>{tr("Send a test e-mail")}</button>
        </section>
    }
}
