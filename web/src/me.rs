//! The signed-in user (`GET /api/v1/user`: profile, preferences, `is_admin`). The shell and the
//! first screen of a page load share one request, which `web/static/app.js` starts while the app
//! loads; each later screen asks again, so preferences changed elsewhere (another tab, an API
//! client) show on the next screen, as they did in 2FAuth.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Promise;
use serde_json::Value;
use twofold_core::contract::{Preferences, User};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::client;

/// One request for the user, however many wait for it: a JavaScript promise (any number of
/// awaiters, unlike a Rust future) that settles once its slot holds the answer.
type Pending = (Promise, Rc<RefCell<Option<Rc<User>>>>);

// Not Leptos state: read from futures that run outside any reactive owner (the shell's, each
// screen's) and from the offline copy, below the views.
thread_local! {
    static ME: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// Whether a screen already took the user of this page load.
    static SCREEN_SERVED: Cell<bool> = const { Cell::new(false) };
    /// The path the page was loaded with.
    static FIRST_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The signed-in user, or `None` when the call failed (a session that is over has then already
/// left for the sign-in page).
pub async fn me() -> Option<Rc<User>> {
    let (promise, slot) = ME.with_borrow_mut(|me| {
        me.get_or_insert_with(|| {
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

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Notes the path the page was loaded with (the shell calls it as it starts).
pub fn loaded_at_this_path() {
    FIRST_PATH.with_borrow_mut(|p| {
        p.get_or_insert_with(path);
    });
}

/// The signed-in user as a screen opens: the page load's answer for the screen the page was
/// loaded with, a fresh one for any screen reached afterwards.
pub async fn for_screen() -> Option<Rc<User>> {
    let first = FIRST_PATH.with_borrow(Clone::clone);
    if SCREEN_SERVED.replace(true) || first != Some(path()) {
        ME.set(None);
    }
    me().await
}

/// The signed-in user's preferences (their defaults when the user is unknown).
pub async fn preferences() -> Preferences {
    me().await
        .map(|user| user.preferences.clone())
        .unwrap_or_default()
}

/// The signed-in user's preferences as the offline copy keeps them (`null` when the user is
/// unknown): the JSON object of `GET /api/v1/user`, every key in 2FAuth's order.
pub async fn preferences_json() -> Value {
    let user = me().await;
    user.map_or(Value::Null, |u| Value::Object(u.preferences.to_map()))
}

/// The user's `timezone` preference, for [`crate::i18n::date_time`].
pub async fn time_zone() -> String {
    preferences().await.timezone()
}

/// Records a preference just saved, so the screens shown next in this page load follow it.
pub async fn remember(key: &str, value: Value) {
    let Some(user) = me().await else { return };
    let mut user = (*user).clone();
    user.preferences.set(key, value);
    let slot = Rc::new(RefCell::new(Some(Rc::new(user))));
    ME.set(Some((Promise::resolve(&JsValue::UNDEFINED), slot)));
}
