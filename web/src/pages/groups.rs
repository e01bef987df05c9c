//! `/groups`: the user's groups: create, rename, reorder, show in the chips bar or not, delete
//! (its accounts stay, ungrouped).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::contract::Group;

use crate::browser::confirmed;
use crate::client;
use crate::i18n::{plural, tr, trf};
use crate::widgets::Errors;

/// Whether the chips bar shows `group` (an unset `show_in_chips` counts as yes).
pub fn chip(group: &Group) -> bool {
    group.show_in_chips != Some(false)
}

/// The user's real groups (without "All").
pub async fn load() -> Result<Vec<Group>, client::ApiError> {
    let mut list = client::get::<Vec<Group>>("/api/v1/groups").await?;
    list.retain(|g| g.id > 0);
    Ok(list)
}

/// `/groups`.
#[component]
pub fn Groups() -> impl IntoView {
    let groups = RwSignal::new(Vec::<Group>::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match load().await {
                Ok(list) => groups.set(list),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    reload();
    // One request helper: the method, the path, the body, what to announce.
    let send = move |method: &'static str, path: String, body: Option<Value>, done: String| {
        spawn_local(async move {
            match client::run(method, &path, body.as_ref()).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    status.set(done);
                    reload();
                }
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let name = RwSignal::new(String::new());
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let n = name.get();
        name.set(String::new());
        send(
            "POST",
            "/api/v1/groups".into(),
            Some(json!({ "name": n, "show_in_chips": true })),
            trf("Group {} created", &[&n]),
        );
    };
    view! {
        <section aria-labelledby="groups-title">
            <h1 id="groups-title">{tr("Groups")}</h1>
            <form class="add" on:submit=create>
                <label for="group-name">{tr("New group")}</label>
                <div class="row">
                    <input id="group-name" required maxlength="32" bind:value=name/>
                    <button type="submit">{tr("Create")}</button>
                </div>
            </form>
            <Errors errors/>
            <ul class="groups" aria-label=tr("Groups")>
                <For each=move || groups.get().into_iter().enumerate() key=|(i, g)| (*i, g.id, g.name.clone(), g.show_in_chips) let:entry>
                    {
                        let (index, g) = entry;
                        let chip = chip(&g);
                        let reorder = move |to: usize| {
                            let mut ids: Vec<i64> = groups.get_untracked().iter().map(|g| g.id).collect();
                            if to < ids.len() {
                                let id = ids.remove(index);
                                ids.insert(to, id);
                                send("POST", "/api/v1/groups/reorder".into(), Some(json!({ "orderedIds": ids })), tr("Order saved").into());
                            }
                        };
                        let rename = RwSignal::new(g.name.clone());
                        let (id, old) = (g.id, g.name.clone());
                        let label = trf("Name of group {}", &[&g.name]);
                        let delete_label = trf("Delete group {}", &[&g.name]);
                        view! {
                            <li class="group">
                                <input aria-label=label bind:value=rename/>
                                <span class="count">{plural("{} accounts", g.twofaccounts_count)}</span>
                                <label class="check"><input type="checkbox" prop:checked=chip on:change={
                                    let name = g.name.clone();
                                    move |ev| {
                                        let on = event_target_checked(&ev);
                                        send("PUT", format!("/api/v1/groups/{id}"), Some(json!({ "name": name, "show_in_chips": on })), tr("Saved").into());
                                    }
                                }/>{tr("In the chips")}</label>
                                <button type="button" class="link" aria-label=trf("Move group {} up", &[&g.name]) on:click=move |_| reorder(index.saturating_sub(1))>"↑"</button>
                                <button type="button" class="link" aria-label=trf("Move group {} down", &[&g.name]) on:click=move |_| reorder(index + 1)>"↓"</button>
                                <button type="button" on:click=move |_| {
                                    let n = rename.get();
                                    send("PUT", format!("/api/v1/groups/{id}"), Some(json!({ "name": n })), trf("Group renamed {}", &[&n]));
                                }>{tr("Rename")}</button>
                                <button type="button" class="danger" aria-label=delete_label on:click={
                                    let old = old.clone();
                                    move |_| {
                                        if confirmed(&trf("Delete the group {}? Its accounts stay, without a group.", &[&old])) {
                                            send("DELETE", format!("/api/v1/groups/{id}"), None, trf("Group {} deleted", &[&old]));
                                        }
                                    }
                                }>{tr("Delete")}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
        </section>
    }
}
