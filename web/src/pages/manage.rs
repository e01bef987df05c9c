//! `/accounts/manage`: several accounts at once: select (all, none), reorder by dragging or with
//! the move buttons, sort A→Z or Z→A, move to a group, withdraw from their group, delete, and
//! export as 2FAuth JSON, an otpauth list, or Google Authenticator QR codes to scan with a phone
//! (made in this browser by `core`'s tools).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::account::{PORTABLE_FIELDS, sort_key};
use twofold_core::ids::IDS_PER_CALL;

use crate::browser::{confirmed, download};
use crate::i18n::{en, tr, trf};
use crate::pages::groups::{self, Group};
use crate::tools;
use crate::widgets::Errors;
use crate::{client, me};

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

/// `/accounts/manage`.
#[component]
pub fn Manage() -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let selected = RwSignal::new(Vec::<i64>::new());
    let groups_list = RwSignal::new(Vec::<Group>::new());
    let target_group = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let qr_codes = RwSignal::new(Vec::<String>::new());
    let dragged = StoredValue::new(None::<usize>);
    let reload = move || {
        spawn_local(async move {
            match client::call::<Vec<Value>>("GET", "/api/v1/twofaccounts?withSecret=1", None).await
            {
                Ok(list) => rows.set(list.iter().filter_map(Row::from_api).collect()),
                Err(e) => errors.set(e.details()),
            }
            if let Ok(list) = groups::load().await {
                groups_list.set(list);
            }
        })
    };
    reload();
    let chosen = move || selected.get_untracked();
    // Runs the same call over the chosen ids, in batches, then reloads.
    let batch = move |method: &'static str, path: &'static str, done: &'static str| {
        let ids = chosen();
        spawn_local(async move {
            for batch in id_batches(&ids) {
                if let Err(e) =
                    client::call::<Value>(method, &format!("{path}?ids={batch}"), None).await
                {
                    errors.set(e.details());
                    return;
                }
            }
            errors.set(Vec::new());
            selected.set(Vec::new());
            status.set(trf(done, &[&ids.len().to_string()]));
            reload();
        });
    };
    // Saves an order and how it was made (2FAuth's sortOrder: `asc`, `desc`, or `free` by hand).
    let save_order = move |list: Vec<Row>, how: &'static str| {
        let ids: Vec<i64> = list.iter().map(|r| r.id).collect();
        rows.set(list);
        spawn_local(async move {
            let body = json!({ "orderedIds": ids });
            match client::call::<Value>("POST", "/api/v1/twofaccounts/reorder", Some(&body)).await {
                Ok(_) => status.set(tr("Order saved").into()),
                Err(e) => return errors.set(e.details()),
            }
            let how = json!({ "value": how });
            let path = "/api/v1/user/preferences/sortOrder";
            if client::call::<Value>("PUT", path, Some(&how)).await.is_ok() {
                me::remember("sortOrder", how["value"].clone()).await;
            }
        });
    };
    let sort = move |descending: bool| {
        spawn_local(async move {
            let case_sensitive = me::preference("sortCaseSensitive").await == true;
            let list = sorted(rows.get_untracked(), descending, case_sensitive);
            save_order(list, if descending { "desc" } else { "asc" });
        })
    };
    let move_to_group = move |_| {
        let (ids, group) = (chosen(), target_group.get_untracked());
        spawn_local(async move {
            let body = json!({ "ids": ids });
            match client::call::<Value>(
                "POST",
                &format!("/api/v1/groups/{group}/assign"),
                Some(&body),
            )
            .await
            {
                Ok(_) => {
                    status.set(trf("{} moved", &[&ids.len().to_string()]));
                    reload();
                }
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let delete = move |_| {
        if confirmed(&trf(
            "Delete {} accounts? Their codes will be gone.",
            &[&chosen().len().to_string()],
        )) {
            batch("DELETE", "/api/v1/twofaccounts", en("{} deleted"));
        }
    };
    let export = move |format: &'static str| {
        let ids = chosen();
        let accounts: Vec<Value> = rows
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
                    "otpauth" => download(
                        "twofold-export.txt",
                        "text/plain",
                        out.as_str().unwrap_or_default(),
                    ),
                    _ => {
                        let mut codes = Vec::new();
                        for uri in out["uris"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            if let Ok(svg) = tools::qr_svg(uri).await {
                                codes.push(format!(
                                    "data:image/svg+xml;charset=utf-8,{}",
                                    js_sys::encode_uri_component(&svg)
                                ));
                            }
                        }
                        qr_codes.set(codes);
                    }
                },
                Err(e) => errors.set(vec![e.message]),
            }
        });
    };
    let count = move || selected.with(Vec::len);
    let nothing = move || count() == 0;

    view! {
        <section aria-labelledby="manage-title">
            <h1 id="manage-title">{tr("Manage accounts")}</h1>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <div class="row toolbar">
                <button type="button" class="link" on:click=move |_| selected.set(rows.get().iter().map(|r| r.id).collect())>{tr("Select all")}</button>
                <button type="button" class="link" on:click=move |_| selected.set(Vec::new())>{tr("Select none")}</button>
                <button type="button" class="link" on:click=move |_| sort(false)>{tr("Sort A→Z")}</button>
                <button type="button" class="link" on:click=move |_| sort(true)>{tr("Sort Z→A")}</button>
                <span>{move || trf("{} selected", &[&count().to_string()])}</span>
            </div>
            <ul class="manage" aria-label=tr("Accounts")>
                <For each=move || rows.get().into_iter().enumerate() key=|(i, r)| (*i, r.id, r.group_id) let:entry>
                    {
                        let (index, row) = entry;
                        let id = row.id;
                        let group = row.group_id.and_then(|g| groups_list.with(|l| l.iter().find(|x| x.id == g).map(|x| x.name.clone())));
                        let box_id = format!("select-{id}");
                        let label = format!("{} {}", row.service, row.account);
                        view! {
                            <li class="entry" draggable="true"
                                on:dragstart=move |_| dragged.set_value(Some(index))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(from) = dragged.get_value() {
                                        save_order(moved(rows.get_untracked(), from, index), "free");
                                    }
                                }>
                                <input type="checkbox" id=box_id.clone()
                                    prop:checked=move || selected.with(|s| s.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| if on { s.push(id) } else { s.retain(|x| *x != id) });
                                    }/>
                                <label for=box_id>
                                    <span class="service">{row.service.clone()}</span>
                                    <span class="name">{row.account.clone()}</span>
                                </label>
                                <small class="note">{group}</small>
                                <button type="button" class="link" aria-label=trf("Move {} up", &[&label])
                                    on:click=move |_| save_order(moved(rows.get_untracked(), index, index.saturating_sub(1)), "free")>"↑"</button>
                                <button type="button" class="link" aria-label=trf("Move {} down", &[&label])
                                    on:click=move |_| save_order(moved(rows.get_untracked(), index, index + 1), "free")>"↓"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="row actions">
                <label for="target-group" class="inline">{tr("Group")}</label>
                <select id="target-group" prop:value=move || target_group.get() on:change=move |ev| target_group.set(event_target_value(&ev))>
                    <option value="">{tr("Choose a group")}</option>
                    <For each=move || groups_list.get() key=|g| g.id let:g>
                        <option value=g.id.to_string()>{g.name.clone()}</option>
                    </For>
                </select>
                <button type="button" on:click=move_to_group disabled=move || nothing() || target_group.get().is_empty()>{tr("Move to the group")}</button>
                <button type="button" on:click=move |_| batch("PATCH", "/api/v1/twofaccounts/withdraw", en("{} withdrawn from their group")) disabled=nothing>{tr("Withdraw from group")}</button>
                <button type="button" class="danger" on:click=delete disabled=nothing>{tr("Delete")}</button>
            </div>
            <div class="row actions">
                <button type="button" on:click=move |_| export("2fauth") disabled=nothing>{tr("Export as 2FAuth JSON")}</button>
                <button type="button" on:click=move |_| export("otpauth") disabled=nothing>{tr("Export as otpauth URIs")}</button>
                <button type="button" on:click=move |_| export("google") disabled=nothing>{tr("Google Authenticator QR codes")}</button>
            </div>
            <Show when=move || !qr_codes.get().is_empty()>
                <p>{tr("Scan these codes with Google Authenticator, in order.")}</p>
                <div class="qr-codes">
                    {move || qr_codes.get().into_iter().enumerate().map(|(i, src)| view! {
                        <img class="qr" src=src alt=trf("Google Authenticator QR code {}", &[&(i + 1).to_string()])/>
                    }).collect_view()}
                </div>
            </Show>
        </section>
    }
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
