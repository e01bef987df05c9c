//! `/accounts`: the accounts with live codes computed in the browser (formatted and masked as the
//! user's preferences say) and a search on service and account (in the app bar); with no account
//! yet, 2FAuth's start screen (the ways to add a first one). Adding is the New screen's.

mod code;
mod display;
mod filters;
mod row;
mod screen;

use std::time::Duration;

use leptos::prelude::*;

use self::code::{Codes, OtpDialog, unix_now};
use self::filters::GroupFilters;
use self::row::AccountRow;
use self::screen::{Item, Screen};
use crate::app::NavLink;
use crate::app::PageLoad;
use crate::i18n::{en, tr};
use crate::offline::Unlock;
use crate::widgets::Errors;
use serde_json::Value;

/// `/accounts`.
#[component]
pub fn Accounts() -> impl IntoView {
    let screen = Screen::new();
    screen.reload();
    screen.load_preferences();
    screen.keep_offline_copy();
    let Screen {
        display,
        search,
        errors,
        from_copy,
        unreachable,
        loaded,
        items,
        preferences_loaded,
        ..
    } = screen;
    let now = RwSignal::new(unix_now());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(unix_now()), Duration::from_millis(500))
    {
        on_cleanup(move || handle.clear());
    }
    let toast = RwSignal::new(String::new());
    // The account whose code is open in the dialog (codes on request).
    let opened = RwSignal::new(None::<Item>);
    // After any copy: the preferences' follow-ups.
    let session = PageLoad::here().session;
    let copied = Callback::new(move |()| {
        let d = display.get_untracked();
        if d.clear_search_on_copy {
            search.set(String::new());
        }
        if d.close_on_copy {
            opened.set(None);
        }
        if let Some(group) = d.group_after_copy {
            screen.choose(group);
        }
        session.copied();
    });
    let codes = Codes {
        now,
        errors,
        display,
        toast,
        copied,
        from_copy,
    };
    let open_copy = Callback::new(move |content: Value| screen.open_copy(content));
    let shown = move || screen.shown();
    view! {
        <section aria-labelledby="accounts-title">
            <h1 id="accounts-title">{tr("Accounts")}</h1>
            <Show when=move || unreachable.get()>
                <Unlock opened=open_copy/>
            </Show>
            <Show when=move || from_copy.get()>
                <p class="offline" role="status">{tr("Offline: this device's copy, codes computed here. Changes wait for the server.")}</p>
            </Show>
            <Errors errors/>
            <Show when=move || loaded.get() && items.get().is_empty()>
                <FirstRun/>
            </Show>
            <GroupFilters screen/>
            <Show when=move || !items.get().is_empty()>
                <p hidden=move || from_copy.get()><a href="/accounts/manage" rel="external">{tr("Manage accounts")}</a></p>
            </Show>
            <Show when=move || loaded.get() && !items.get().is_empty() && shown().is_empty()>
                <p class="empty">{tr("No account matches this search.")}</p>
            </Show>
            <ul class=move || if display.get().grid { "accounts grid" } else { "accounts" } aria-label=tr("Accounts")>
                <Show when=move || preferences_loaded.get()>
                    <For each=shown key=|item| item.id let:item>
                        <AccountRow item codes opened/>
                    </For>
                </Show>
            </ul>
            <OtpDialog opened codes/>
            <p class="toast" role="status" aria-live="polite">{move || toast.get()}</p>
        </section>
    }
}

/// 2FAuth's start screen: with no account yet, the ways to add one, each a tap away (a pasted URI
/// is the New screen's, under its advanced form's link).
#[component]
fn FirstRun() -> impl IntoView {
    view! {
        <p class="empty">{tr("No account yet. Add your first one:")}</p>
        // `start` tells the New screen which capture to open (web/src/pages/create.rs). The
        // shell's link, reused, keeps the .wasm small and loads the import screen's app in full.
        <ul class="first-run">
            <li><NavLink href="/accounts/create?start=livescan" label=en("Scan a QR code with the camera")/></li>
            <li><NavLink href="/accounts/create?start=upload" label=en("Upload a QR code image")/></li>
            <li><NavLink href="/accounts/import" label=en("Import accounts")/></li>
            <li><NavLink href="/accounts/create?start=advancedForm" label=en("The advanced form")/></li>
        </ul>
    }
}
