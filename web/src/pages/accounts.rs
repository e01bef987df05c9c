//! `/accounts`: the accounts with live codes computed in the browser (formatted and masked as the
//! user's preferences say) and a search on service and account (in the app bar); with no account
//! yet, 2FAuth's start screen (the ways to add a first one). Adding is the New screen's.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::{Value, json};
use twofold_core::account::{OtpType, TwoFAccount, format_password, matches_search};
use twofold_core::group::GroupFilter;
use wasm_bindgen::JsCast;

use crate::app::{BarSearch, NavLink};
use crate::browser::copy;
use crate::client;
use crate::i18n::{en, tr, trf};
use crate::offline::{self, Unlock};
use crate::pages::groups::{self, Group};
use crate::widgets::Errors;
use crate::{me, session};

/// An account as the API lists it with `withSecret=1`, with its sharing flags. A borrowed
/// account comes without its secret: its codes are asked of the server.
#[derive(Debug, Clone, Deserialize)]
struct Item {
    id: i64,
    group_id: Option<i64>,
    #[serde(default)]
    borrowed_by: Option<String>,
    #[serde(default)]
    is_shared: bool,
    #[serde(default)]
    is_shared_with_all: bool,
    #[serde(flatten)]
    account: TwoFAccount,
}

impl Item {
    /// Reads one listed account; `None` when it does not fit (it is left out, not the list).
    fn from_api(mut v: Value) -> Option<Self> {
        if let Some(map) = v.as_object_mut() {
            map.entry("secret").or_insert_with(|| Value::from(""));
        }
        serde_json::from_value(v).ok()
    }

    /// Whether the browser cannot compute its codes (borrowed: no secret).
    fn remote(&self) -> bool {
        self.borrowed_by.is_some()
    }
}

/// The preferences that shape how codes are shown.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Display {
    /// `formatPasswordBy` when `formatPassword` is on.
    format_by: Option<f64>,
    /// `showOtpAsDot`.
    as_dots: bool,
    /// `revealDottedOTP`: an eye button shows a masked code.
    reveal: bool,
    /// `showNextOtp`.
    show_next: bool,
    /// `getOtpOnRequest`: codes open in a dialog instead of living in the list.
    on_request: bool,
    /// `autoCloseTimeout`: minutes before the dialog closes itself (0 never).
    auto_close: i32,
    /// `copyOtpOnDisplay`.
    copy_on_display: bool,
    /// `closeOtpOnCopy`.
    close_on_copy: bool,
    /// `clearSearchOnCopy`.
    clear_search_on_copy: bool,
    /// `displayMode` is `grid`.
    grid: bool,
    /// `showAccountsIcons`.
    show_icons: bool,
    /// `useGroupChips`: a chips bar, else a group switch.
    use_chips: bool,
    /// `showVirtualChips`: the pseudo-groups (without group, shared by me, shared with me).
    virtual_chips: bool,
    /// `rememberActiveGroup`.
    remember_group: bool,
    /// `viewDefaultGroupOnCopy`: the filter `defaultGroup` names after a copy (`-1` keeps it).
    group_after_copy: Option<GroupFilter>,
}

impl Display {
    /// 2FAuth's defaults, until the user's preferences arrive.
    const DEFAULT: Self = Self {
        format_by: Some(0.5),
        as_dots: false,
        reveal: false,
        show_next: true,
        on_request: true,
        auto_close: 2,
        copy_on_display: false,
        close_on_copy: false,
        clear_search_on_copy: false,
        grid: false,
        show_icons: true,
        use_chips: true,
        virtual_chips: true,
        remember_group: true,
        group_after_copy: None,
    };

    fn from_preferences(p: &Value) -> Self {
        let flag = |k: &str, default: bool| p.get(k).and_then(Value::as_bool).unwrap_or(default);
        let by = p
            .get("formatPasswordBy")
            .and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()))
            .unwrap_or(0.5);
        Self {
            format_by: flag("formatPassword", true).then_some(by),
            as_dots: flag("showOtpAsDot", false),
            reveal: flag("revealDottedOTP", false),
            show_next: flag("showNextOtp", true),
            on_request: flag("getOtpOnRequest", true),
            auto_close: p
                .get("autoCloseTimeout")
                .and_then(Value::as_i64)
                .unwrap_or(2) as i32,
            copy_on_display: flag("copyOtpOnDisplay", false),
            close_on_copy: flag("closeOtpOnCopy", false),
            clear_search_on_copy: flag("clearSearchOnCopy", false),
            grid: p.get("displayMode").and_then(Value::as_str) == Some("grid"),
            show_icons: flag("showAccountsIcons", true),
            use_chips: flag("useGroupChips", true),
            virtual_chips: flag("showVirtualChips", true),
            remember_group: flag("rememberActiveGroup", true),
            group_after_copy: flag("viewDefaultGroupOnCopy", false)
                .then(|| p.get("defaultGroup").and_then(Value::as_i64).unwrap_or(0))
                .filter(|g| *g >= 0)
                .map(GroupFilter::from_preference),
        }
    }

    /// The code as shown: formatted, or as dots unless revealed.
    fn show(self, code: &str, revealed: bool) -> String {
        if self.as_dots && !revealed {
            return "●".repeat(code.chars().count());
        }
        match self.format_by {
            Some(by) => format_password(code, by),
            None => code.to_string(),
        }
    }
}

/// Whether `item` shows under the group filter (2FAuth's `activeGroup`).
fn in_group(item: &Item, filter: GroupFilter) -> bool {
    let shared_by_me = item.is_shared || item.is_shared_with_all;
    filter.shows(item.group_id, shared_by_me, item.borrowed_by.is_some())
}

/// The `activeGroup` preference's filter.
fn active_group(preferences: &Value) -> GroupFilter {
    let value = preferences.get("activeGroup").and_then(Value::as_i64);
    GroupFilter::from_preference(value.unwrap_or(0))
}

/// What every code on the screen shares: the clock, the error list, the display preferences, the
/// toast and what follows a copy.
#[derive(Clone, Copy)]
struct Codes {
    now: RwSignal<u64>,
    errors: RwSignal<Vec<String>>,
    display: RwSignal<Display>,
    toast: RwSignal<String>,
    copied: Callback<()>,
    /// The accounts come from the device's offline copy: nothing links to changing them.
    from_copy: RwSignal<bool>,
}

/// How many rows the first paint of the list draws (more than any screen shows).
const FIRST_ROWS: usize = 40;

fn unix_now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The screen's state, one `Copy` handle its parts share: the list and where it came from, the
/// preferences that shape it, the group filter and the search.
#[derive(Clone, Copy)]
struct Screen {
    items: RwSignal<Vec<Item>>,
    loaded: RwSignal<bool>,
    /// The server cannot be reached: the device's offline copy may be opened instead.
    unreachable: RwSignal<bool>,
    /// The accounts shown come from that copy: nothing can change them.
    from_copy: RwSignal<bool>,
    /// The accounts as the server sent them, for the device's offline copy (when it keeps one).
    received: StoredValue<Vec<Value>>,
    errors: RwSignal<Vec<String>>,
    /// Rows rendered: a long list is drawn in two steps so the first codes show sooner.
    limit: RwSignal<usize>,
    display: RwSignal<Display>,
    /// The list waits for the preferences, so it is drawn once in the right mode.
    preferences_loaded: RwSignal<bool>,
    /// The group filter (2FAuth's activeGroup).
    active: RwSignal<GroupFilter>,
    groups: RwSignal<Vec<Group>>,
    groups_loaded: RwSignal<bool>,
    /// The administrator allows sharing: its pseudo-groups are offered.
    sharing: RwSignal<bool>,
    search: RwSignal<String>,
}

impl Screen {
    fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            unreachable: RwSignal::new(false),
            from_copy: RwSignal::new(false),
            received: StoredValue::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            limit: RwSignal::new(FIRST_ROWS),
            display: RwSignal::new(Display::DEFAULT),
            preferences_loaded: RwSignal::new(false),
            active: RwSignal::new(GroupFilter::All),
            groups: RwSignal::new(Vec::new()),
            groups_loaded: RwSignal::new(false),
            sharing: RwSignal::new(false),
            search: use_context::<BarSearch>()
                .map_or_else(|| RwSignal::new(String::new()), |bar| bar.0),
        }
    }

    /// Shows `list`: the first screenful paints at once, the rest right after it.
    fn show(self, list: Vec<Value>) {
        self.items
            .set(list.into_iter().filter_map(Item::from_api).collect());
        self.loaded.set(true);
        let limit = self.limit;
        request_animation_frame(move || limit.set(usize::MAX));
    }

    /// Loads the accounts from the server.
    fn reload(self) {
        spawn_local(async move {
            match client::call::<Vec<Value>>("GET", "/api/v1/twofaccounts?withSecret=1", None).await
            {
                Ok(list) => {
                    if offline::wanted() {
                        self.received.set_value(list.clone());
                    }
                    self.show(list);
                }
                Err(e) if e.status == 0 => self.unreachable.set(true),
                Err(e) => self.errors.set(e.details()),
            }
        });
    }

    /// Loads the preferences, then the groups.
    fn load_preferences(self) {
        spawn_local(async move {
            if let Some(user) = me::for_screen().await
                && let Some(p) = user.get("preferences")
            {
                let sharing =
                    user.pointer("/appSettings/enableSharing") == Some(&Value::Bool(true));
                self.sharing.set(sharing);
                self.follow(p);
            }
            if let Ok(list) = groups::load().await {
                self.groups.set(list);
            }
            self.groups_loaded.set(true);
        });
    }

    /// Follows the preferences `p`.
    fn follow(self, p: &Value) {
        self.display.set(Display::from_preferences(p));
        self.preferences_loaded.set(true);
        self.active.set(active_group(p));
    }

    /// Each list from the server, once the groups are known, refreshes the device's offline copy.
    fn keep_offline_copy(self) {
        Effect::new(move |_| {
            self.items.track();
            if !self.loaded.get()
                || !self.groups_loaded.get()
                || self.from_copy.get_untracked()
                || !offline::wanted()
            {
                return;
            }
            let (accounts, groups) = (self.received.get_value(), self.groups.get_untracked());
            spawn_local(async move {
                let preferences = me::me().await.map(|u| u["preferences"].clone());
                let content =
                    json!({ "accounts": accounts, "preferences": preferences, "groups": groups });
                offline::save(&content).await;
            });
        });
    }

    /// Shows the device's offline copy, `{accounts, preferences, groups}`.
    fn open_copy(self, content: Value) {
        self.from_copy.set(true);
        let list = content["accounts"].as_array().cloned().unwrap_or_default();
        self.groups
            .set(serde_json::from_value(content["groups"].clone()).unwrap_or_default());
        if let Some(p) = content.get("preferences").filter(|p| p.is_object()) {
            self.follow(p);
        }
        self.unreachable.set(false);
        self.preferences_loaded.set(true);
        self.show(list);
    }

    /// Chooses a group filter, remembered when the preferences say so.
    fn choose(self, filter: GroupFilter) {
        self.active.set(filter);
        if !self.display.get_untracked().remember_group {
            return;
        }
        spawn_local(async move {
            let body = json!({ "value": filter.preference() });
            let path = "/api/v1/user/preferences/activeGroup";
            let _ = client::call::<Value>("PUT", path, Some(&body)).await;
        });
    }

    /// The filters offered: All, the pseudo-groups, then the groups (only those meant for chips
    /// in the chips bar).
    fn filters(self, chips: bool) -> Vec<(GroupFilter, String)> {
        let d = self.display.get();
        let mut list = vec![(GroupFilter::All, tr("All").to_string())];
        if d.virtual_chips {
            list.push((GroupFilter::WithoutGroup, tr("Without group").into()));
            if self.sharing.get() {
                list.push((GroupFilter::SharedByMe, tr("Shared by me").into()));
                list.push((GroupFilter::SharedWithMe, tr("Shared with me").into()));
            }
        }
        list.extend(
            self.groups
                .get()
                .into_iter()
                .filter(|g| !chips || g.chip())
                .map(|g| (GroupFilter::Group(g.id), g.name)),
        );
        list
    }

    /// The filter in force: one that no longer exists (a group deleted elsewhere) filters nothing.
    fn filter(self) -> GroupFilter {
        let chosen = self.active.get();
        if self.filters(false).iter().any(|(f, _)| *f == chosen) {
            chosen
        } else {
            GroupFilter::All
        }
    }

    /// The accounts shown: in the group, matching the search, up to the rows drawn so far.
    fn shown(self) -> Vec<Item> {
        let query = self.search.get();
        let group = self.filter();
        self.items
            .get()
            .into_iter()
            .filter(|item| in_group(item, group))
            .filter(|item| matches_search(&item.account, &query))
            .take(self.limit.get())
            .collect()
    }
}

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
        session::copied();
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

/// The group filter: a chips bar, or a switch (`useGroupChips`), when there is more than All.
#[component]
fn GroupFilters(screen: Screen) -> impl IntoView {
    let display = screen.display;
    view! {
        <Show when=move || { display.get().use_chips && screen.filters(true).len() > 1 }>
            <ul class="chips" aria-label=tr("Groups")>
                <For each=move || screen.filters(true) key=|f| f.clone() let:f>
                    <li><button type="button" aria-pressed=move || (screen.filter() == f.0).to_string()
                        on:click=move |_| screen.choose(f.0)>{f.1.clone()}</button></li>
                </For>
            </ul>
        </Show>
        <Show when=move || { !display.get().use_chips && screen.filters(false).len() > 1 }>
            <label for="group-switch">{tr("Group")}</label>
            <select id="group-switch" prop:value=move || screen.filter().preference().to_string()
                on:change=move |ev| screen.choose(GroupFilter::from_preference(event_target_value(&ev).parse().unwrap_or(0)))>
                {move || screen.filters(false).into_iter().map(|(f, name)| view! { <option value=f.preference().to_string()>{name}</option> }).collect_view()}
            </select>
        </Show>
    }
}

/// One account. With codes on request, its label is a button that opens the code (Ctrl+click
/// copies the code at once); otherwise the live code sits in the row.
#[component]
fn AccountRow(item: Item, codes: Codes, opened: RwSignal<Option<Item>>) -> impl IntoView {
    let Codes {
        display,
        toast,
        copied,
        from_copy,
        ..
    } = codes;
    let service = item.account.service.clone().unwrap_or_default();
    let label = item.account.account.clone();
    let (letter, colour) = initial(if service.is_empty() { &label } else { &service });
    let initial_class = format!("initial c{colour}");
    let (href, edit_label) = (
        format!("/accounts/{}/edit", item.id),
        trf("Edit {} {}", &[&service, &label]),
    );
    // A long press on a phone, a right click, or the keyboard's menu key (Shift+F10) on the tile:
    // the secondary action, as in authenticator apps, follows the tile's edit link (the router
    // takes the click); without one (the offline copy) the browser's own menu opens.
    let secondary = move |ev: leptos::ev::MouseEvent| {
        let link = ev
            .current_target()
            .and_then(|tile| tile.dyn_into::<web_sys::Element>().ok())
            .and_then(|tile| tile.query_selector(".edit-link").ok().flatten())
            .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(link) = link {
            ev.prevent_default();
            link.click();
        }
    };
    let edit = move || {
        (!from_copy.get()).then(|| {
            view! { <a class="edit-link" href=href.clone() aria-label=edit_label.clone()>{tr("Edit")}</a> }
        })
    };
    let badge = match (&item.borrowed_by, item.is_shared_with_all, item.is_shared) {
        (Some(owner), _, _) => Some((format!("@{owner}"), trf("Shared by {}", &[owner]))),
        (None, true, _) => Some((
            tr("all").to_string(),
            tr("Shared with all users").to_string(),
        )),
        (None, false, true) => Some((
            tr("shared").to_string(),
            tr("Shared with users").to_string(),
        )),
        _ => None,
    };
    let icon = item
        .account
        .icon
        .clone()
        .map(|file| format!("/storage/icons/{file}"));
    let names = move || {
        let badge = badge.clone().map(|(text, title)| view! { <span class="badge" title=title.clone() aria-label=title>{text}</span> });
        view! {
            <span class="service">{service.clone()}{badge}</span>
            <span class="name">{label.clone()}</span>
        }
    };
    let body = move || {
        let item = item.clone();
        if display.get().on_request {
            let open = move |ev: leptos::ev::MouseEvent| {
                if (ev.ctrl_key() || ev.meta_key()) && !item.remote() {
                    if let Ok(Some(code)) = item.account.embedded_otp(unix_now()) {
                        copy_announced(&code.password, display, toast);
                        copied.run(());
                    }
                } else {
                    opened.set(Some(item.clone()));
                }
            };
            view! { <button type="button" class="open" on:click=open>{names()}</button> }.into_any()
        } else {
            view! {
                <div class="label">{names()}</div>
                <LiveCode item codes/>
            }
            .into_any()
        }
    };
    // Decorative, the icon or the initial standing for it: the service's name says the same.
    // The icon covers the initial (one view for both keeps the .wasm smaller).
    let icon = move || {
        display.get().show_icons.then(|| {
            let src = icon.clone();
            view! {
                <span class=initial_class.clone() aria-hidden="true">
                    {letter.clone()}{src.map(|src| view! { <img class="icon" src=src alt=""/> })}
                </span>
            }
        })
    };
    view! { <li class="account" on:contextmenu=secondary>{icon}{body}{edit}</li> }
}

/// How many colours the stylesheet has for initials (`.initial.c0` to `.c7`).
const INITIAL_COLOURS: u32 = 8;

/// The letter and colour that stand for an account without icon: the first character of its
/// name that is no space or ASCII punctuation (the stylesheet writes it in capitals: Rust's own
/// case tables would weigh on the .wasm), and a colour derived from the whole name, so a service
/// keeps its colour across devices and sessions while different services mostly differ.
fn initial(name: &str) -> (String, u32) {
    let letter = name
        .chars()
        .find(|c| !c.is_ascii_punctuation() && !c.is_ascii_whitespace())
        .map_or_else(|| "?".into(), String::from);
    let hash = name.bytes().fold(0u32, |h, b| {
        h.wrapping_mul(31)
            .wrapping_add(b.to_ascii_lowercase().into())
    });
    (letter, hash % INITIAL_COLOURS)
}

/// How long the toast stays on screen.
const TOAST_MS: u64 = 3000;

/// Copies a code and says so, in a toast that goes after a moment (unless another message took
/// its place meanwhile).
fn copy_announced(code: &str, display: RwSignal<Display>, toast: RwSignal<String>) {
    copy(code);
    let message = trf("Copied {}", &[&display.get_untracked().show(code, true)]);
    toast.set(message.clone());
    set_timeout(
        move || {
            if toast.get_untracked() == message {
                toast.set(String::new());
            }
        },
        Duration::from_millis(TOAST_MS),
    );
}

/// From how many seconds left the countdown turns to the warning colour.
const ENDING_SECONDS: u64 = 5;

/// A live code: the code (a button that copies it), reveal, next code and countdown for TOTP and
/// Steam; for HOTP a "Generate" button (or a code generated at once in the dialog).
#[component]
fn LiveCode(
    item: Item,
    codes: Codes,
    /// In the dialog: HOTP codes are generated and, with `copyOtpOnDisplay`, copied at once.
    #[prop(optional)]
    at_once: bool,
) -> impl IntoView {
    let Codes {
        now,
        errors,
        display,
        toast,
        copied,
        ..
    } = codes;
    let account = item.account.clone();
    let is_hotp = account.otp_type == OtpType::Hotp;
    let remote = item.remote();
    let period = match account.otp_type {
        OtpType::Steamtotp => 30,
        _ => account.period.unwrap_or(30).max(1),
    };
    let code = Memo::new(move |_| account.embedded_otp(now.get()).ok().flatten());
    let remaining = move || period - now.get() % period;
    let hotp_code = RwSignal::new(None::<String>);
    let generate = move || {
        let id = item.id;
        spawn_local(async move {
            match client::call::<Value>("GET", &format!("/api/v1/twofaccounts/{id}/otp"), None)
                .await
            {
                Ok(otp) => hotp_code.set(otp["password"].as_str().map(str::to_string)),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    if remote && !is_hotp {
        // Borrowed: the server gives the code, once per period.
        let window = Memo::new(move |_| now.get() / period);
        Effect::new(move |_| {
            window.track();
            generate();
        });
    }
    let current = move || {
        if is_hotp || remote {
            hotp_code.get()
        } else {
            code.get().map(|c| c.password)
        }
    };
    if at_once {
        if is_hotp {
            generate();
        }
        let done = StoredValue::new(false);
        Effect::new(move |_| {
            if let Some(c) = current()
                && display.get_untracked().copy_on_display
                && !done.get_value()
            {
                done.set_value(true);
                copy_announced(&c, display, toast);
                copied.run(());
            }
        });
    }
    let revealed = RwSignal::new(false);
    let shown = move || {
        current()
            .map(|c| display.get().show(&c, revealed.get()))
            .unwrap_or_default()
    };
    let copy_current = move |_| {
        if let Some(c) = current() {
            copy_announced(&c, display, toast);
            copied.run(());
        }
    };
    view! {
        <div class="otp">
            <Show when=move || is_hotp && !at_once>
                <button type="button" on:click=move |_| generate()>{tr("Generate")}</button>
            </Show>
            // The accessible name starts with the visible code (WCAG 2.5.3).
            <button type="button" class="code" on:click=copy_current
                aria-label=move || trf("{} (copy)", &[&shown()])>
                {shown}
            </button>
            <Show when=move || display.get().as_dots && display.get().reveal>
                <button type="button" class="link reveal" aria-pressed=move || revealed.get().to_string()
                    on:click=move |_| revealed.update(|r| *r = !*r)>
                    {move || if revealed.get() { tr("Hide") } else { tr("Reveal") }}
                </button>
            </Show>
            <Show when=move || !is_hotp && !remote && display.get().show_next>
                <span class="next" aria-label=tr("Next code")>{move || {
                    code.get().map(|c| display.get().show(&c.next_password, revealed.get())).unwrap_or_default()
                }}</span>
            </Show>
            // The ring, drawn by the stylesheet from the class (`p0` to `p20`: twentieths of the
            // period left; `ending` near its end), is a picture of the number inside it, so only
            // the number is read out. One class for all keeps the .wasm small.
            <Show when=move || !is_hotp>
                <span aria-label=tr("Seconds left") class=move || {
                    let left = remaining();
                    let ending = if left <= ENDING_SECONDS { " ending" } else { "" };
                    format!("countdown p{}{ending}", 20 * left / period)
                }>
                    {remaining}
                </span>
            </Show>
        </div>
    }
}

/// The code of one account in a modal dialog (codes on request): Escape or "Close" ends it, and
/// it closes itself after `autoCloseTimeout` minutes.
#[component]
fn OtpDialog(opened: RwSignal<Option<Item>>, codes: Codes) -> impl IntoView {
    let display = codes.display;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Which opening a timer belongs to, so an old timer never closes a newer code.
    let openings = StoredValue::new(0u32);
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        match opened.get() {
            Some(_) => {
                if !element.open() {
                    let _ = element.show_modal();
                }
                openings.update_value(|n| *n += 1);
                let this = openings.get_value();
                let minutes = display.get_untracked().auto_close;
                if minutes > 0 {
                    set_timeout(
                        move || {
                            if openings.get_value() == this {
                                opened.set(None);
                            }
                        },
                        Duration::from_secs(minutes as u64 * 60),
                    );
                }
            }
            None => element.close(),
        }
    });
    view! {
        <dialog node_ref=dialog class="otp-dialog" aria-labelledby="otp-title"
            on:close=move |_| opened.set(None)>
            {move || opened.get().map(|item| {
                let service = item.account.service.clone().unwrap_or_default();
                let label = item.account.account.clone();
                view! {
                    <h2 id="otp-title">{service}</h2>
                    <p class="name">{label}</p>
                    <LiveCode item codes at_once=true/>
                    <button type="button" class="close" on:click=move |_| opened.set(None)>{tr("Close")}</button>
                }
            })}
            // A modal dialog is drawn above everything and makes the rest inert: while it is open
            // the toast speaks from inside it (the stylesheet hides the screen's own).
            <p class="toast" role="status" aria-live="polite">{move || codes.toast.get()}</p>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::{INITIAL_COLOURS, initial};

    #[test]
    fn an_initial_is_the_first_letter_or_digit() {
        assert_eq!(initial("github").0, "g");
        assert_eq!(initial("Éclair").0, "É");
        assert_eq!(initial("  (2fa) bank").0, "2");
        assert_eq!(initial("").0, "?");
        assert_eq!(initial("***").0, "?");
    }

    #[test]
    fn a_service_keeps_its_colour_whatever_the_case_and_services_spread_over_the_colours() {
        assert_eq!(initial("GitHub").1, initial("github").1);
        assert_eq!(initial("GitHub").1, initial("GitHub").1);
        let names = [
            "GitHub",
            "GitLab",
            "Google",
            "Amazon",
            "Dropbox",
            "Proton",
            "Bank",
            "Mastodon",
            "npm",
            "PyPI",
            "crates.io",
            "Cloudflare",
        ];
        let mut used: Vec<u32> = names.iter().map(|n| initial(n).1).collect();
        assert!(used.iter().all(|c| *c < INITIAL_COLOURS));
        used.sort_unstable();
        used.dedup();
        assert!(used.len() >= 5, "{used:?}");
    }
}
