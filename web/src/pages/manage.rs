//! `/accounts/manage`: several accounts at once: select (all, none), reorder by dragging or with
//! the move buttons, sort A→Z or Z→A, move to a group, withdraw from their group, delete, and
//! export as 2FAuth JSON, an otpauth list, or Google Authenticator QR codes to scan with a phone
//! (made in this browser by `core`'s tools).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::account::{PORTABLE_FIELDS, sort_key};
use twofold_core::ids::IDS_PER_CALL;

use crate::app::PageLoad;
use crate::browser::{confirmed, download};
use crate::client;
use crate::i18n::{plural, tr, trf};
use crate::me::Me;
use crate::pages::groups;
use crate::tools;
use crate::widgets::Errors;
use twofold_core::contract::Group;

/// One account of the list.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: i64,
    service: String,
    account: String,
    group_id: Option<i64>,
    /// The fields an export needs (with the secret).
    fields: Value,
}

impl Row {
    fn from_api(v: &Value) -> Option<Self> {
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let mut fields = json!({});
        for k in PORTABLE_FIELDS {
            fields[k] = v[k].clone();
        }
        Some(Self {
            id: v["id"].as_i64()?,
            service: text("service"),
            account: text("account"),
            group_id: v["group_id"].as_i64(),
            fields,
        })
    }
}

/// The rows sorted by service then account (ignoring case unless `case_sensitive`); `descending`
/// for Z→A.
fn sorted(mut rows: Vec<Row>, descending: bool, case_sensitive: bool) -> Vec<Row> {
    rows.sort_by_cached_key(|r| {
        (
            sort_key(&r.service, case_sensitive),
            sort_key(&r.account, case_sensitive),
        )
    });
    if descending {
        rows.reverse();
    }
    rows
}

/// `rows` with the row at `from` moved to `to`.
fn moved(mut rows: Vec<Row>, from: usize, to: usize) -> Vec<Row> {
    if from < rows.len() && to < rows.len() {
        let row = rows.remove(from);
        rows.insert(to, row);
    }
    rows
}

/// Comma-separated ids, in calls of at most [`IDS_PER_CALL`].
fn id_batches(ids: &[i64]) -> Vec<String> {
    ids.chunks(IDS_PER_CALL)
        .map(|c| c.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
        .collect()
}

/// The screen's state, one `Copy` handle its parts share.
#[derive(Clone, Copy)]
struct Board {
    rows: RwSignal<Vec<Row>>,
    /// The accounts have arrived: sorting before would order (and save) an empty list.
    loaded: RwSignal<bool>,
    selected: RwSignal<Vec<i64>>,
    groups: RwSignal<Vec<Group>>,
    errors: RwSignal<Vec<String>>,
    status: RwSignal<String>,
    /// The user, whose sorting preferences the order follows and keeps.
    me: Me,
}

impl Board {
    /// Loads the accounts, then the groups.
    fn reload(self) {
        spawn_local(async move {
            match client::call::<Vec<Value>>("GET", "/api/v1/twofaccounts?withSecret=1", None).await
            {
                Ok(list) => {
                    self.rows
                        .set(list.iter().filter_map(Row::from_api).collect());
                    self.loaded.set(true);
                }
                Err(e) => self.errors.set(e.details()),
            }
            if let Ok(list) = groups::load().await {
                self.groups.set(list);
            }
        })
    }

    /// The ids chosen.
    fn chosen(self) -> Vec<i64> {
        self.selected.get_untracked()
    }

    /// Whether nothing is chosen.
    fn nothing(self) -> bool {
        self.selected.with(Vec::is_empty)
    }

    /// Runs the same call over the chosen ids, in batches, then reloads; `done` says how many.
    fn batch(self, method: &'static str, path: &'static str, done: fn(i64) -> String) {
        let ids = self.chosen();
        spawn_local(async move {
            for batch in id_batches(&ids) {
                let path = format!("{path}?ids={batch}");
                if let Err(e) = client::run(method, &path, None).await {
                    self.errors.set(e.details());
                    return;
                }
            }
            self.errors.set(Vec::new());
            self.selected.set(Vec::new());
            self.status.set(done(ids.len() as i64));
            self.reload();
        });
    }

    /// Saves an order and how it was made (2FAuth's sortOrder: `asc`, `desc`, or `free` by hand).
    fn save_order(self, list: Vec<Row>, how: &'static str) {
        let ids: Vec<i64> = list.iter().map(|r| r.id).collect();
        self.rows.set(list);
        spawn_local(async move {
            let body = json!({ "orderedIds": ids });
            match client::run("POST", "/api/v1/twofaccounts/reorder", Some(&body)).await {
                Ok(_) => self.status.set(tr("Order saved").into()),
                Err(e) => return self.errors.set(e.details()),
            }
            let how = json!({ "value": how });
            let path = "/api/v1/user/preferences/sortOrder";
            if client::run("PUT", path, Some(&how)).await.is_ok() {
                self.me.remember("sortOrder", how["value"].clone()).await;
            }
        });
    }

    /// Moves the row at `from` to `to`, and saves that order.
    fn move_row(self, from: usize, to: usize) {
        self.save_order(moved(self.rows.get_untracked(), from, to), "free");
    }

    /// Sorts A→Z, or Z→A when `descending`, as the `sortCaseSensitive` preference says.
    fn sort(self, descending: bool) {
        spawn_local(async move {
            let case_sensitive = self.me.preferences().await.sort_case_sensitive();
            let list = sorted(self.rows.get_untracked(), descending, case_sensitive);
            self.save_order(list, if descending { "desc" } else { "asc" });
        })
    }
}

/// `/accounts/manage`.
#[component]
pub fn Manage() -> impl IntoView {
    let board = Board {
        rows: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        selected: RwSignal::new(Vec::new()),
        groups: RwSignal::new(Vec::new()),
        errors: RwSignal::new(Vec::new()),
        status: RwSignal::new(String::new()),
        me: PageLoad::here().me,
    };
    board.reload();
    let Board {
        rows,
        selected,
        errors,
        status,
        ..
    } = board;
    let dragged = StoredValue::new(None::<usize>);
    view! {
        <section aria-labelledby="manage-title">
            <h1 id="manage-title">{tr("Manage accounts")}</h1>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <div class="row toolbar">
                <button type="button" class="link" on:click=move |_| selected.set(rows.get().iter().map(|r| r.id).collect())>{tr("Select all")}</button>
                <button type="button" class="link" on:click=move |_| selected.set(Vec::new())>{tr("Select none")}</button>
                <button type="button" class="link" on:click=move |_| board.sort(false) disabled=move || !board.loaded.get()>{tr("Sort A→Z")}</button>
                <button type="button" class="link" on:click=move |_| board.sort(true) disabled=move || !board.loaded.get()>{tr("Sort Z→A")}</button>
                <span>{move || plural("{} selected", selected.with(Vec::len) as i64)}</span>
            </div>
            <ul class="manage" aria-label=tr("Accounts")>
                <For each=move || rows.get().into_iter().enumerate() key=|(i, r)| (*i, r.id, r.group_id) let:entry>
                    <ManageRow index=entry.0 row=entry.1 board dragged/>
                </For>
            </ul>
            <GroupActions board/>
            <Export board/>
        </section>
    }
}

/// One account: its checkbox, its group, and moving it by dragging or with the arrows.
#[component]
fn ManageRow(
    index: usize,
    row: Row,
    board: Board,
    dragged: StoredValue<Option<usize>>,
) -> impl IntoView {
    let Board {
        selected, groups, ..
    } = board;
    let id = row.id;
    let group = row
        .group_id
        .and_then(|g| groups.with(|l| l.iter().find(|x| x.id == g).map(|x| x.name.clone())));
    let box_id = format!("select-{id}");
    let label = format!("{} {}", row.service, row.account);
    view! {
        <li class="entry" draggable="true"
            on:dragstart=move |_| dragged.set_value(Some(index))
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(from) = dragged.get_value() {
                    board.move_row(from, index);
                }
            }>
            <input type="checkbox" id=box_id.clone()
                prop:checked=move || selected.with(|s| s.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| if on { s.push(id) } else { s.retain(|x| *x != id) });
                }/>
            <label for=box_id>
                <span class="service">{row.service}</span>
                <span class="name">{row.account}</span>
            </label>
            <small class="note">{group}</small>
            <button type="button" class="link" aria-label=trf("Move {} up", &[&label])
                on:click=move |_| board.move_row(index, index.saturating_sub(1))>"↑"</button>
            <button type="button" class="link" aria-label=trf("Move {} down", &[&label])
                on:click=move |_| board.move_row(index, index + 1)>"↓"</button>
        </li>
    }
}

/// What is done to the chosen accounts' places: move to a group, withdraw from it, delete.
#[component]
fn GroupActions(board: Board) -> impl IntoView {
    let target_group = RwSignal::new(String::new());
    let nothing = move || board.nothing();
    let move_to_group = move |_| {
        let ids = board.chosen();
        let path = format!("/api/v1/groups/{}/assign", target_group.get_untracked());
        spawn_local(async move {
            let body = json!({ "ids": ids });
            match client::run("POST", &path, Some(&body)).await {
                Ok(_) => {
                    board.status.set(plural("{} moved", ids.len() as i64));
                    board.reload();
                }
                Err(e) => board.errors.set(e.details()),
            }
        });
    };
    let delete = move |_| {
        let question = plural(
            "Delete {} accounts? Their codes will be gone.",
            board.chosen().len() as i64,
        );
        if confirmed(&question) {
            board.batch("DELETE", "/api/v1/twofaccounts", |n| {
                plural("{} deleted", n)
            });
        }
    };
    let withdraw = move |_| {
        board.batch("PATCH", "/api/v1/twofaccounts/withdraw", |n| {
            plural("{} withdrawn from their group", n)
        })
    };
    view! {
        <div class="row actions">
            <label for="target-group" class="inline">{tr("Group")}</label>
            <select id="target-group" prop:value=move || target_group.get() on:change=move |ev| target_group.set(event_target_value(&ev))>
                <option value="">{tr("Choose a group")}</option>
                <For each=move || board.groups.get() key=|g| g.id let:g>
                    <option value=g.id.to_string()>{g.name.clone()}</option>
                </For>
            </select>
            <button type="button" on:click=move_to_group
                disabled=move || nothing() || target_group.get().is_empty()>{tr("Move to the group")}</button>
            <button type="button" on:click=withdraw disabled=nothing>{tr("Withdraw from group")}</button>
            <button type="button" class="danger" on:click=delete disabled=nothing>{tr("Delete")}</button>
        </div>
    }
}

/// Exports of the chosen accounts: a 2FAuth JSON file, an otpauth list, or Google
/// Authenticator QR codes shown to be scanned (made in this browser by `core`'s tools).
#[component]
fn Export(board: Board) -> impl IntoView {
    // The QR codes of the last Google Authenticator export.
    let codes = RwSignal::new(Vec::<String>::new());
    let export = move |format: &'static str| {
        let ids = board.chosen();
        let accounts: Vec<Value> = board
            .rows
            .get_untracked()
            .into_iter()
            .filter(|r| ids.contains(&r.id))
            .map(|r| r.fields)
            .collect();
        spawn_local(async move {
            match tools::export_data(&Value::Array(accounts), format).await {
                Ok(out) => match format {
                    "2fauth" => {
                        download("twofold-export.json", "application/json", &out.to_string())
                    }
                    "otpauth" => {
                        let text = out.as_str().unwrap_or_default();
                        download("twofold-export.txt", "text/plain", text);
                    }
                    _ => codes.set(qr_codes(&out).await),
                },
                Err(e) => board.errors.set(vec![e.message]),
            }
        });
    };
    let nothing = move || board.nothing();
    view! {
        <div class="row actions">
            <button type="button" on:click=move |_| export("2fauth") disabled=nothing>{tr("Export as 2FAuth JSON")}</button>
            <button type="button" on:click=move |_| export("otpauth") disabled=nothing>{tr("Export as otpauth URIs")}</button>
            <button type="button" on:click=move |_| export("google") disabled=nothing>{tr("Google Authenticator QR codes")}</button>
        </div>
        <Show when=move || !codes.get().is_empty()>
            <p>{tr("Scan these codes with Google Authenticator, in order.")}</p>
            <div class="qr-codes">
                {move || codes.get().into_iter().enumerate().map(|(i, src)| view! {
                    <img class="qr" src=src alt=trf("Google Authenticator QR code {}", &[&(i + 1).to_string()])/>
                }).collect_view()}
            </div>
        </Show>
    }
}

/// A Google Authenticator export's `uris` as QR code images (`data:` URLs of SVG).
async fn qr_codes(export: &Value) -> Vec<String> {
    let mut codes = Vec::new();
    let uris = export["uris"].as_array().into_iter().flatten();
    for uri in uris.filter_map(Value::as_str) {
        if let Ok(svg) = tools::qr_svg(uri).await {
            codes.push(format!(
                "data:image/svg+xml;charset=utf-8,{}",
                js_sys::encode_uri_component(&svg)
            ));
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, service: &str, account: &str) -> Row {
        Row {
            id,
            service: service.into(),
            account: account.into(),
            group_id: None,
            fields: Value::Null,
        }
    }

    #[test]
    fn sorting_ignores_case_and_goes_both_ways() {
        let rows = vec![
            row(1, "gitlab", "b"),
            row(2, "GitHub", "a"),
            row(3, "Amazon", "z"),
            row(4, "github", "0"),
        ];
        let ids = |r: Vec<Row>| r.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(sorted(rows.clone(), false, false)), [3, 4, 2, 1]);
        assert_eq!(ids(sorted(rows, true, false)), [1, 2, 4, 3]);
    }

    #[test]
    fn moving_keeps_every_row_and_ignores_the_edges() {
        let rows = vec![row(1, "a", ""), row(2, "b", ""), row(3, "c", "")];
        let ids = |r: Vec<Row>| r.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(moved(rows.clone(), 2, 0)), [3, 1, 2]);
        assert_eq!(ids(moved(rows.clone(), 0, 1)), [2, 1, 3]);
        assert_eq!(ids(moved(rows, 2, 3)), [1, 2, 3]);
    }

    #[test]
    fn ids_go_in_batches_the_api_accepts() {
        let ids: Vec<i64> = (1..=200).collect();
        let batches = id_batches(&ids);
        assert_eq!(batches.len(), 3);
        assert!(batches[0].starts_with("1,2,") && batches[0].ends_with(",99"));
        assert_eq!(batches[2], "199,200");
    }
}
