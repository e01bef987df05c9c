//! The accounts screen's state: the list and where it came from (the server, or this device's
//! offline copy), the preferences that shape it, the group filter and the search.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::account::{TwoFAccount, matches_search};
use twofold_core::contract::{AccountFlags, Group, Preferences, TwoFAccountRead};
use twofold_core::group::GroupFilter;

use super::display::Display;
use crate::app::BarSearch;
use crate::app::PageLoad;
use crate::client;
use crate::i18n::tr;
use crate::me::Me;
use crate::offline;
use crate::pages::groups;

/// An account as the screen uses it: its place and sharing flags, and the account itself, whose
/// codes the browser computes. A borrowed account comes without its secret: its codes are asked
/// of the server.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub id: i64,
    group_id: Option<i64>,
    pub flags: AccountFlags,
    pub account: TwoFAccount,
}

impl From<TwoFAccountRead> for Item {
    fn from(read: TwoFAccountRead) -> Self {
        Self {
            id: read.id,
            group_id: read.group_id,
            flags: read.flags,
            account: TwoFAccount {
                otp_type: read.otp_type,
                account: read.account,
                service: read.service,
                icon: read.icon,
                secret: read.secret.unwrap_or_default(),
                digits: read.digits,
                algorithm: read.algorithm,
                period: read.period,
                counter: read.counter,
                legacy_uri: String::new(),
            },
        }
    }
}

impl Item {
    /// Whether the browser cannot compute its codes (borrowed: no secret).
    pub(super) fn remote(&self) -> bool {
        self.flags.borrowed_by.is_some()
    }

    /// Whether it shows under the group filter (2FAuth's `activeGroup`).
    fn in_group(&self, filter: GroupFilter) -> bool {
        let shared = |flag: Option<bool>| flag == Some(true);
        let shared_by_me = shared(self.flags.is_shared) || shared(self.flags.is_shared_with_all);
        filter.shows(self.group_id, shared_by_me, self.remote())
    }
}

/// How many rows the first paint of the list draws (more than any screen shows).
const FIRST_ROWS: usize = 40;

/// The screen's state, one `Copy` handle its parts share.
#[derive(Clone, Copy)]
pub(super) struct Screen {
    pub items: RwSignal<Vec<Item>>,
    pub loaded: RwSignal<bool>,
    /// The server cannot be reached: the device's offline copy may be opened instead.
    pub unreachable: RwSignal<bool>,
    /// The accounts shown come from that copy: nothing can change them.
    pub from_copy: RwSignal<bool>,
    /// The accounts as the server sent them, for the device's offline copy (when it keeps one).
    received: StoredValue<Vec<Value>>,
    pub errors: RwSignal<Vec<String>>,
    /// Rows rendered: a long list is drawn in two steps so the first codes show sooner.
    limit: RwSignal<usize>,
    pub display: RwSignal<Display>,
    /// The list waits for the preferences, so it is drawn once in the right mode.
    pub preferences_loaded: RwSignal<bool>,
    /// The group filter (2FAuth's activeGroup).
    active: RwSignal<GroupFilter>,
    groups: RwSignal<Vec<Group>>,
    groups_loaded: RwSignal<bool>,
    /// The administrator allows sharing: its pseudo-groups are offered.
    sharing: RwSignal<bool>,
    pub search: RwSignal<String>,
    /// The user, whose preferences the screen follows and the offline copy keeps.
    me: Me,
}

impl Screen {
    pub(super) fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            unreachable: RwSignal::new(false),
            from_copy: RwSignal::new(false),
            received: StoredValue::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            limit: RwSignal::new(FIRST_ROWS),
            display: RwSignal::new(Display::from_preferences(&Preferences::default())),
            preferences_loaded: RwSignal::new(false),
            active: RwSignal::new(GroupFilter::All),
            groups: RwSignal::new(Vec::new()),
            groups_loaded: RwSignal::new(false),
            sharing: RwSignal::new(false),
            search: use_context::<BarSearch>()
                .map_or_else(|| RwSignal::new(String::new()), |bar| bar.0),
            me: PageLoad::here().me,
        }
    }

    /// Shows `list`: the first screenful paints at once, the rest right after it. An account
    /// that does not read is left out, not the list.
    fn show(self, list: Vec<Value>) {
        let read = list
            .into_iter()
            .filter_map(|a| serde_json::from_value::<TwoFAccountRead>(a).ok());
        self.items.set(read.map(Item::from).collect());
        self.loaded.set(true);
        let limit = self.limit;
        request_animation_frame(move || limit.set(usize::MAX));
    }

    /// Loads the accounts from the server.
    pub(super) fn reload(self) {
        spawn_local(async move {
            // Kept as JSON too: the device's offline copy stores the accounts as received.
            match client::get::<Vec<Value>>("/api/v1/twofaccounts?withSecret=1").await {
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
    pub(super) fn load_preferences(self) {
        spawn_local(async move {
            if let Some(user) = self.me.for_screen().await {
                self.sharing.set(user.app_settings.enable_sharing);
                self.follow(&user.preferences);
            }
            if let Ok(list) = groups::load().await {
                self.groups.set(list);
            }
            self.groups_loaded.set(true);
        });
    }

    /// Follows the preferences `p`.
    fn follow(self, p: &Preferences) {
        self.display.set(Display::from_preferences(p));
        self.preferences_loaded.set(true);
        self.active
            .set(GroupFilter::from_preference(p.active_group()));
    }

    /// Each list from the server, once the groups are known, refreshes the device's offline copy.
    pub(super) fn keep_offline_copy(self) {
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
                let preferences = self.me.preferences_json().await;
                let content =
                    json!({ "accounts": accounts, "preferences": preferences, "groups": groups });
                offline::save(&content).await;
            });
        });
    }

    /// Shows the device's offline copy, `{accounts, preferences, groups}`.
    pub(super) fn open_copy(self, content: Value) {
        self.from_copy.set(true);
        let list = content["accounts"].as_array().cloned().unwrap_or_default();
        self.groups
            .set(serde_json::from_value(content["groups"].clone()).unwrap_or_default());
        if let Value::Object(stored) = &content["preferences"] {
            self.follow(&Preferences::from_map(stored.clone()));
        }
        self.unreachable.set(false);
        self.preferences_loaded.set(true);
        self.show(list);
    }

    /// Chooses a group filter, remembered when the preferences say so.
    pub(super) fn choose(self, filter: GroupFilter) {
        self.active.set(filter);
        if !self.display.get_untracked().remember_group {
            return;
        }
        spawn_local(async move {
            let body = json!({ "value": filter.preference() });
            let path = "/api/v1/user/preferences/activeGroup";
            let _ = client::run("PUT", path, Some(&body)).await;
        });
    }

    /// The filters offered: All, the pseudo-groups, then the groups (only those meant for chips
    /// in the chips bar).
    pub(super) fn filters(self, chips: bool) -> Vec<(GroupFilter, String)> {
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
                .filter(|g| !chips || groups::chip(g))
                .map(|g| (GroupFilter::Group(g.id), g.name)),
        );
        list
    }

    /// The filter in force: one that no longer exists (a group deleted elsewhere) filters nothing.
    pub(super) fn filter(self) -> GroupFilter {
        let chosen = self.active.get();
        if self.filters(false).iter().any(|(f, _)| *f == chosen) {
            chosen
        } else {
            GroupFilter::All
        }
    }

    /// The accounts shown: in the group, matching the search, up to the rows drawn so far.
    pub(super) fn shown(self) -> Vec<Item> {
        let query = self.search.get();
        let group = self.filter();
        self.items
            .get()
            .into_iter()
            .filter(|item| item.in_group(group))
            .filter(|item| matches_search(&item.account, &query))
            .take(self.limit.get())
            .collect()
    }
}
