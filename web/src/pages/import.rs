//! `/accounts/import`: accounts from another app's export (every format `core` reads, decrypted
//! here with the password when the file is encrypted), previewed with duplicates and invalid
//! entries marked, then imported all or in part with a progress bar.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use twofold_core::duplicate::Identity;
use twofold_core::import_sources::{Password, SOURCES};
use web_sys::HtmlInputElement;

use crate::browser::{file_bytes, take_import};
use crate::client;
use crate::i18n::{plural, tr, trf};
use crate::tools;
use crate::widgets::Errors;

/// Where an entry of the preview stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum State {
    New,
    Duplicate,
    Invalid(String),
    Imported,
    Failed(String),
}

/// One entry of the preview.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    service: String,
    account: String,
    /// The account's fields, for the create request (none when invalid).
    data: Option<Value>,
    state: State,
    selected: bool,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The preview of an import: accounts in their order, then the entries that failed, each
/// marked as new, already there, or invalid.
fn preview(imported: &Value, existing: &[Value]) -> Vec<Row> {
    let known: Vec<_> = existing.iter().filter_map(Identity::of_json).collect();
    let accounts = imported["accounts"].as_array().cloned().unwrap_or_default();
    let mut rows: Vec<Row> = accounts
        .into_iter()
        .map(|a| {
            let duplicate = Identity::of_json(&a).is_some_and(|id| known.contains(&id));
            Row {
                index: 0,
                service: text(&a, "service"),
                account: text(&a, "account"),
                state: if duplicate {
                    State::Duplicate
                } else {
                    State::New
                },
                selected: !duplicate,
                data: Some(a),
            }
        })
        .collect();
    for e in imported["errors"].as_array().into_iter().flatten() {
        rows.push(Row {
            index: 0,
            service: text(e, "service"),
            account: text(e, "account"),
            data: None,
            state: State::Invalid(text(e, "error")),
            selected: false,
        });
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row.index = i;
    }
    rows
}

/// The apps imports read, with the file to take from each (many apps hide it: an export menu, a
/// backup, or their private storage) and whether it needs a password: `core`'s table.
#[component]
fn Sources() -> impl IntoView {
    let password = |p: Password| match p {
        Password::Never => "",
        Password::IfEncrypted => tr("Password: if the file is encrypted."),
        Password::Always => tr("Password: always."),
    };
    view! {
        <details class="sources">
            <summary>{tr("Which file to take from each app")}</summary>
            <dl>
                {SOURCES.iter().map(|s| view! {
                    <dt>{s.app}</dt>
                    <dd>{tr(s.file)}" "<small>{password(s.password)}</small></dd>
                }).collect_view()}
                <dt>{tr("Any other app")}</dt>
                <dd>{tr("A list of otpauth:// URIs, one per line")}</dd>
            </dl>
        </details>
    }
}

/// The files chosen, as one import: QR code images are read as their text, a line each (a
/// Google Authenticator transfer of many accounts spans several codes); another file is taken
/// as it is.
async fn chosen_import(input: &HtmlInputElement) -> Result<Option<Vec<u8>>, String> {
    let Some(files) = input.files() else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    for file in (0..files.length()).filter_map(|i| files.get(i)) {
        let name = file.name();
        let bytes = file_bytes(&file)
            .await
            .ok_or_else(|| trf("{} cannot be read", &[&name]))?;
        if !file.type_().starts_with("image/") {
            return Ok(Some(bytes));
        }
        let text = tools::decode_qr(&bytes)
            .await
            .map_err(|_| trf("No QR code found in {}", &[&name]))?;
        lines.push(text);
    }
    Ok((!lines.is_empty()).then(|| lines.join("\n").into_bytes()))
}

/// `/accounts/import`.
#[component]
pub fn Import() -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    let pasted = RwSignal::new(String::new());
    let file = StoredValue::new(None::<Vec<u8>>);
    let password = RwSignal::new(String::new());
    let needs_password = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<Row>::new());
    let format = RwSignal::new(String::new());
    let progress = RwSignal::new((0usize, 0usize));
    let status = RwSignal::new(String::new());

    let read = move || {
        let data = file
            .get_value()
            .unwrap_or_else(|| pasted.get_untracked().into_bytes());
        let pass = Some(password.get_untracked()).filter(|p| !p.is_empty());
        spawn_local(async move {
            status.set(tr("Reading…").into());
            let result = tools::import_data(&data, pass.as_deref()).await;
            status.set(String::new());
            match result {
                Ok(imported) => {
                    let existing = client::call::<Vec<Value>>(
                        "GET",
                        "/api/v1/twofaccounts?withSecret=1",
                        None,
                    )
                    .await
                    .unwrap_or_default();
                    format.set(text(&imported, "app"));
                    rows.set(preview(&imported, &existing));
                    errors.set(Vec::new());
                }
                Err(e) => {
                    rows.set(Vec::new());
                    needs_password.set(matches!(
                        e.code.as_str(),
                        "PASSWORD_REQUIRED" | "WRONG_PASSWORD"
                    ));
                    errors.set(vec![match e.code.as_str() {
                        "PASSWORD_REQUIRED" => {
                            tr("This export is encrypted: type its password.").into()
                        }
                        "WRONG_PASSWORD" => tr("This password does not open the export.").into(),
                        _ => e.message,
                    }]);
                }
            }
        });
    };
    // A migration code scanned on the create screen is read at once.
    if let Some(pending) = take_import() {
        pasted.set(pending);
        read();
    }
    let choose = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            match chosen_import(&input).await {
                Ok(data) => {
                    file.set_value(data);
                    read();
                }
                Err(message) => errors.set(vec![message]),
            }
        });
    };
    let select_all = move |on: bool| {
        rows.update(|list| {
            for r in list
                .iter_mut()
                .filter(|r| matches!(r.state, State::New | State::Duplicate))
            {
                r.selected = on;
            }
        })
    };
    let import = move |_| {
        let chosen: Vec<(usize, Value)> = rows
            .get_untracked()
            .into_iter()
            .filter(|r| r.selected && matches!(r.state, State::New | State::Duplicate))
            .filter_map(|r| Some((r.index, r.data?)))
            .collect();
        progress.set((0, chosen.len()));
        spawn_local(async move {
            let mut failed = 0;
            for (done, (index, body)) in chosen.iter().enumerate() {
                let outcome = client::run("POST", "/api/v1/twofaccounts", Some(body)).await;
                failed += usize::from(outcome.is_err());
                rows.update(|list| {
                    if let Some(r) = list.get_mut(*index) {
                        r.selected = false;
                        r.state = match &outcome {
                            Ok(_) => State::Imported,
                            Err(e) => State::Failed(e.details().join(" ")),
                        };
                    }
                });
                progress.set((done + 1, chosen.len()));
            }
            let imported = (chosen.len() - failed) as i64;
            status.set(format!(
                "{}, {}",
                plural("{} imported", imported),
                plural("{} failed", failed as i64)
            ));
        });
    };
    let selected = move || rows.with(|l| l.iter().filter(|r| r.selected).count());

    view! {
        <section aria-labelledby="import-title">
            <h1 id="import-title">{tr("Import accounts")}</h1>
            <p>{tr("From another authenticator app: its export, its backup, or the file it keeps on the phone. Encrypted files are opened in this browser.")}</p>
            <Sources/>
            <label for="import-file">{tr("Export file")}</label>
            <p class="hint" id="import-file-hint">{tr("Or images of its QR codes, several at once.")}</p>
            <input id="import-file" type="file" multiple aria-describedby="import-file-hint" on:change=choose/>
            <form class="add" on:submit=move |ev| { ev.prevent_default(); file.set_value(None); read(); }>
                <label for="import-text">{tr("Or paste its content")}</label>
                <textarea id="import-text" rows="4" bind:value=pasted></textarea>
                <button type="submit">{tr("Read")}</button>
            </form>
            <Show when=move || needs_password.get()>
                <form class="add" on:submit=move |ev| { ev.prevent_default(); read(); }>
                    <label for="import-password">{tr("Password of the export")}</label>
                    <div class="row">
                        <input id="import-password" type="password" autocomplete="off" bind:value=password/>
                        <button type="submit">{tr("Open")}</button>
                    </div>
                </form>
            </Show>
            <Errors errors/>
            <Show when=move || !rows.get().is_empty()>
                <p class="format">{move || trf("Read as {}", &[&format.get()])}</p>
                <div class="row">
                    <button type="button" class="link" on:click=move |_| select_all(true)>{tr("Select all")}</button>
                    <button type="button" class="link" on:click=move |_| select_all(false)>{tr("Select none")}</button>
                    <button type="button" on:click=import disabled=move || selected() == 0>
                        {move || plural("Import {} selected", selected() as i64)}
                    </button>
                </div>
                <ul class="import" aria-label=tr("Accounts found")>
                    <For each=move || rows.get() key=|r| (r.index, r.state.clone(), r.selected) let:row>
                        <ImportRow row rows/>
                    </For>
                </ul>
            </Show>
            <Show when=move || { progress.get().1 > 0 }>
                <progress max=move || progress.get().1 value=move || progress.get().0
                    aria-label=tr("Import progress")></progress>
            </Show>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
        </section>
    }
}

/// One entry of the preview: a checkbox when it can be imported, and its state.
#[component]
fn ImportRow(row: Row, rows: RwSignal<Vec<Row>>) -> impl IntoView {
    let index = row.index;
    let id = format!("import-{index}");
    let can_import = matches!(row.state, State::New | State::Duplicate);
    let (class, note) = match &row.state {
        State::New => ("new", String::new()),
        State::Duplicate => ("duplicate", tr("Already in your accounts").to_string()),
        State::Invalid(e) => ("invalid", trf("Invalid: {}", &[e])),
        State::Imported => ("imported", tr("Imported").to_string()),
        State::Failed(e) => ("failed", trf("Not imported: {}", &[e])),
    };
    view! {
        <li class=format!("entry {class}")>
            <input type="checkbox" id=id.clone() prop:checked=row.selected disabled=!can_import
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    rows.update(|l| if let Some(r) = l.get_mut(index) { r.selected = on });
                }/>
            <label for=id>
                <span class="service">{row.service.clone()}</span>
                <span class="name">{row.account.clone()}</span>
            </label>
            <small class="note">{note}</small>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_preview_marks_duplicates_and_invalid_entries() {
        let imported = json!({
            "format": "Aegis",
            "accounts": [
                {"otp_type": "totp", "service": "GitHub", "account": "me", "secret": "jbsw y3dp"},
                {"otp_type": "totp", "service": "GitLab", "account": "me", "secret": "JBSWY3DP"},
            ],
            "errors": [{"index": 2, "service": "Broken", "account": "x", "error": "bad secret"}],
        });
        let existing = [
            json!({"otp_type": "totp", "service": "GitHub", "account": "me", "secret": "JBSWY3DP"}),
        ];
        let rows = preview(&imported, &existing);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].state.clone(), rows[0].selected),
            (State::Duplicate, false)
        );
        assert_eq!(
            (rows[1].state.clone(), rows[1].selected),
            (State::New, true)
        );
        assert_eq!(rows[2].state, State::Invalid("bad secret".into()));
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
