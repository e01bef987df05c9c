//! The signed-in user (`GET /api/v1/user`: profile, preferences, `is_admin`). The shell and the
//! first screen of a page load share one request, which `web/static/app.js` starts while the app
//! loads; each later screen asks again, so preferences changed elsewhere (another tab, an API
//! client) show on the next screen, as they did in 2FAuth.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Promise;
use leptos::prelude::*;
use serde_json::Value;
use twofold_core::contract::{Preferences, User};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::client;

/// One request for the user, however many wait for it: a JavaScript promise (any number of
/// awaiters, unlike a Rust future) that settles once its slot holds the answer.
type Pending = (Promise, Rc<RefCell<Option<Rc<User>>>>);

/// The signed-in user of this page load: made once as an app starts, and handed to the shell and
/// the screens through the app's context ([`crate::app::PageLoad`]); a copy of it goes into their
/// tasks, which run outside any reactive owner and so cannot read the context.
#[derive(Clone, Copy)]
pub struct Me(StoredValue<Known, LocalStorage>);

/// What this page load knows of the user.
#[derive(Default)]
struct Known {
    user: RefCell<Option<Pending>>,
    /// Whether a screen already took the user of this page load.
    screen_served: Cell<bool>,
    /// The path the page was loaded with.
    first_path: RefCell<Option<String>>,
}

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

impl Me {
    /// The user of a page load that has not asked for it yet (once, as an app starts).
    pub fn unknown() -> Self {
        Self(StoredValue::new_local(Known::default()))
    }

    /// The signed-in user, or `None` when the call failed (a session that is over has then
    /// already left for the sign-in page).
    pub async fn user(self) -> Option<Rc<User>> {
        let (promise, slot) = self.0.with_value(|known| {
            known
                .user
                .borrow_mut()
                .get_or_insert_with(|| {
                    let slot = Rc::new(RefCell::new(None));
                    let filled = slot.clone();
                    let promise = future_to_promise(async move {
                        let user = client::get::<User>("/api/v1/user").await;
                        *filled.borrow_mut() = user.ok().map(Rc::new);
                        Ok(JsValue::UNDEFINED)
                    });
                    (promise, slot)
                })
                .clone()
        });
        let _ = JsFuture::from(promise).await;
        slot.borrow().clone()
    }

    /// Notes the path the page was loaded with (the shell calls it as it starts).
    pub fn loaded_at_this_path(self) {
        self.0.with_value(|known| {
            known.first_path.borrow_mut().get_or_insert_with(path);
        });
    }

    /// The signed-in user as a screen opens: the page load's answer for the screen the page was
    /// loaded with, a fresh one for any screen reached afterwards.
    pub async fn for_screen(self) -> Option<Rc<User>> {
        self.0.with_value(|known| {
            let first = known.first_path.borrow().clone();
            if known.screen_served.replace(true) || first != Some(path()) {
                known.user.take();
            }
        });
        self.user().await
    }

    /// The signed-in user's preferences (their defaults when the user is unknown).
    pub async fn preferences(self) -> Preferences {
        self.user()
            .await
            .map(|user| user.preferences.clone())
            .unwrap_or_default()
    }

    /// The signed-in user's preferences as the offline copy keeps them (`null` when the user is
    /// unknown): the JSON object of `GET /api/v1/user`, every key in 2FAuth's order.
    pub async fn preferences_json(self) -> Value {
        let user = self.user().await;
        user.map_or(Value::Null, |u| Value::Object(u.preferences.to_map()))
    }

    /// The user's `timezone` preference, for [`crate::i18n::date_time`].
    pub async fn time_zone(self) -> String {
        self.preferences().await.timezone()
    }

    /// Records a preference just saved, so the screens shown next in this page load follow it.
    pub async fn remember(self, key: &str, value: Value) {
        let Some(user) = self.user().await else {
            return;
        };
        let mut user = (*user).clone();
        user.preferences.set(key, value);
        let slot = Rc::new(RefCell::new(Some(Rc::new(user))));
        let settled = (Promise::resolve(&JsValue::UNDEFINED), slot);
        self.0.with_value(|known| known.user.replace(Some(settled)));
    }
}
