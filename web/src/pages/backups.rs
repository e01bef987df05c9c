//! `/settings/backups`: the user's automatic encrypted backups (`/api/v1/backup`): schedule,
//! destination, retention, the backup password, the last run and *Back up now*. The rules (what
//! is required, what a stored secret allows) are the server's: this form sends what was typed
//! and shows the 422's messages.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};
use twofold_core::contract::Backup;

use crate::app::PageLoad;
use crate::client;
use crate::i18n::{date_time, en, tr, trf};
use crate::pages::form::{Input, report, send, text};
use crate::widgets::Errors;

/// The form's fields, by their name in the API.
const FIELDS: [&str; 12] = [
    "schedule",
    "retention",
    "destination",
    "webdav_url",
    "webdav_username",
    "s3_endpoint",
    "s3_region",
    "s3_bucket",
    "s3_access_key_id",
    "webdav_password",
    "s3_secret_access_key",
    "password",
];
/// Fields never shown back (the server does not answer them), and sent only when typed: empty,
/// the stored one is kept.
const SECRETS: [&str; 3] = ["webdav_password", "s3_secret_access_key", "password"];

/// The last run, in words.
fn last_run(b: &Backup, zone: &str) -> String {
    let at = date_time(&text(&b.last_run_at), zone);
    match (&b.last_run_at, b.last_outcome.as_deref()) {
        (None, _) => tr("No backup yet.").into(),
        (Some(_), Some("success")) => trf("Last backup: {}, {}", &[&at, &text(&b.last_file)]),
        (Some(_), _) => trf("Last backup failed ({}): {}", &[&at, &text(&b.last_error)]),
    }
}

/// The text of the settings' field `name` (secrets are never sent back: empty).
fn field(b: &Backup, name: &str) -> String {
    match name {
        "schedule" => b.schedule.clone(),
        "retention" => b.retention.to_string(),
        "destination" => b.destination.clone(),
        "webdav_url" => text(&b.webdav_url),
        "webdav_username" => text(&b.webdav_username),
        "s3_endpoint" => text(&b.s3_endpoint),
        "s3_region" => text(&b.s3_region),
        "s3_bucket" => text(&b.s3_bucket),
        "s3_access_key_id" => text(&b.s3_access_key_id),
        _ => String::new(),
    }
}

/// `/settings/backups`.
#[component]
pub fn Backups() -> impl IntoView {
    let current = RwSignal::new(None::<Backup>);
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let zone = RwSignal::new(String::from("UTC"));
    let enabled = RwSignal::new(true);
    // An array of signals is `Copy`: every handler below can hold it.
    let values = FIELDS.map(|name| {
        let initial = match name {
            "schedule" => "daily",
            "retention" => "7",
            "destination" => "webdav",
            _ => "",
        };
        (name, RwSignal::new(String::from(initial)))
    });
    let get = move |name: &str| {
        let found = values.iter().find(|(n, _)| *n == name);
        found.map_or_else(|| RwSignal::new(String::new()), |(_, v)| *v)
    };

    let show = move |b: Option<Backup>| {
        if let Some(b) = &b {
            enabled.set(b.enabled);
            for (name, signal) in &values {
                if !SECRETS.contains(name) {
                    signal.set(field(b, name));
                }
            }
        }
        for name in SECRETS {
            get(name).set(String::new());
        }
        current.set(b);
    };
    let me = PageLoad::here().me;
    spawn_local(async move {
        let (answer, time_zone) =
            futures::join!(client::get::<Backup>("/api/v1/backup"), me.time_zone());
        zone.set(time_zone);
        match answer {
            Ok(b) => show(Some(b)),
            // 404: not set up yet, the form starts empty.
            Err(e) if e.status == 404 => {}
            Err(e) => errors.set(e.details()),
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut body = Map::new();
        body.insert("enabled".into(), Value::Bool(enabled.get()));
        for (name, signal) in &values {
            let typed = signal.get();
            if !(typed.is_empty() && SECRETS.contains(name)) {
                body.insert((*name).into(), Value::String(typed));
            }
        }
        let body = Value::Object(body);
        let request = async move { client::call("PUT", "/api/v1/backup", Some(&body)).await };
        report(request, status, errors, en("Saved"), move |b| show(Some(b)));
    };
    let run = move |_| {
        let request = client::call("POST", "/api/v1/backup/run", None);
        report(request, status, errors, en("Done"), move |b| show(Some(b)));
    };
    let stop = move |_| {
        let path = "/api/v1/backup".into();
        send(
            "DELETE",
            path,
            None,
            status,
            errors,
            en("Backups stopped"),
            move || show(None),
        );
    };
    let is = move |name: &'static str| move || get("destination").get() == name;
    let set_up = move || current.with(Option::is_some);
    let secret_hint = move || {
        current.with(|c| c.as_ref().is_some_and(|c| c.secret_set))
            .then(|| view! { <p class="hint">{tr("A password or key is stored: leave it empty to keep it.")}</p> })
    };

    view! {
        <section aria-labelledby="backups-title">
            <h1 id="backups-title">{tr("Backups")}</h1>
            <p>{tr("Your accounts, encrypted with a password of your choice as an Aegis vault: it opens in Aegis and in Twofold's import.")}</p>
            <form class="edit" on:submit=save>
                <label class="check">
                    <input type="checkbox" bind:checked=enabled/>
                    {tr("Back up automatically")}
                </label>
                <label for="backup-schedule">{tr("Schedule")}</label>
                <select id="backup-schedule" bind:value=get("schedule")>
                    <option value="daily">{tr("Every day")}</option>
                    <option value="weekly">{tr("Every week")}</option>
                </select>
                <Input id="backup-retention" label=en("Backups kept") value=get("retention") kind="number"/>
                <label for="backup-destination">{tr("Destination")}</label>
                <select id="backup-destination" bind:value=get("destination")>
                    <option value="webdav">"WebDAV"</option>
                    <option value="s3">{tr("S3-compatible storage")}</option>
                    <option value="r2">{tr("This instance's storage")}</option>
                </select>
                <Show when=is("webdav")>
                    <Input id="backup-webdav-url" label=en("Folder URL") value=get("webdav_url") kind="url"/>
                    <Input id="backup-webdav-user" label=en("User name") value=get("webdav_username")/>
                    <Input id="backup-webdav-password" label=en("Password") value=get("webdav_password") kind="password" autocomplete="off"/>
                    {secret_hint}
                </Show>
                <Show when=is("s3")>
                    <Input id="backup-s3-endpoint" label=en("Endpoint") value=get("s3_endpoint") kind="url"/>
                    <Input id="backup-s3-region" label=en("Region") value=get("s3_region")/>
                    <Input id="backup-s3-bucket" label=en("Bucket") value=get("s3_bucket")/>
                    <Input id="backup-s3-key" label=en("Access key id") value=get("s3_access_key_id")/>
                    <Input id="backup-s3-secret" label=en("Secret key") value=get("s3_secret_access_key") kind="password" autocomplete="off"/>
                    {secret_hint}
                </Show>
                <Input id="backup-password" label=en("Backup password") value=get("password") kind="password" autocomplete="new-password"/>
                <p class="hint">{move || if set_up() {
                    tr("Leave it empty to keep the current one; a new one applies to the backups made from now on.")
                } else {
                    tr("You will need it to restore a backup: it cannot be recovered.")
                }}</p>
                <Errors errors/>
                <p role="status">{move || status.get()}</p>
                <div class="row actions"><button type="submit">{tr("Save")}</button></div>
            </form>
            <Show when=set_up>
                <p class="last" role="status">{move || current.with(|b| b.as_ref().map(|b| last_run(b, &zone.get())))}</p>
                <div class="row actions">
                    <button type="button" on:click=run>{tr("Back up now")}</button>
                    <button type="button" on:click=stop>{tr("Stop backups")}</button>
                </div>
            </Show>
        </section>
    }
}
