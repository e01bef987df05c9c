//! The session's end: signing out, a session the server reports over (its 401 or 418, which
//! [`crate::client`] hands to [`end`]), and auto-lock: the session ends after `kickUserAfter`
//! minutes without a key press, click, touch or scroll (or right after a copy when it is `-1`), as
//! 2FAuth's client does; the server enforces the same rule with a 418.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::{client, offline};

// Not Leptos state: read by the window's event listeners and interval (plain JavaScript
// callbacks, outside any reactive owner) and by `copied`, called from any screen.
thread_local! {
    static LAST_ACTIVITY: Cell<f64> = const { Cell::new(0.0) };
    /// `kickUserAfter` in minutes: `0` never, `-1` on copy.
    static KICK_AFTER: Cell<i64> = const { Cell::new(0) };
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    /// The page is already leaving for the sign-in page.
    static ENDING: Cell<bool> = const { Cell::new(false) };
}

/// Whether `idle_ms` of inactivity ends the session for a `kickUserAfter` of `minutes`.
fn expired(minutes: i64, idle_ms: f64) -> bool {
    minutes > 0 && idle_ms >= minutes as f64 * 60_000.0
}

/// Makes the client's "session over" lead here (once, as an app starts).
pub fn start() {
    client::on_session_over(end);
}

/// Leaves for the sign-in page (a full load, so no state of the old session survives), after
/// locking this device's offline copy.
pub fn end() {
    // Several calls pending when the session ended each report it: one navigation, not several
    // racing (a second one aborts the first).
    if ENDING.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        offline::lock().await;
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href("/login");
        }
    });
}

/// Ends the session and shows the sign-in page.
pub fn sign_out() {
    wasm_bindgen_futures::spawn_local(async {
        // Whatever the answer, the session is over for this page.
        let _ = client::run("GET", "/user/logout", None).await;
        end();
    });
}

/// Applies the user's `kickUserAfter` and starts watching activity (once per page load).
pub fn watch(minutes: i64) {
    KICK_AFTER.set(minutes);
    if WATCHING.replace(true) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    LAST_ACTIVITY.set(js_sys::Date::now());
    let touch = Closure::<dyn Fn()>::new(|| LAST_ACTIVITY.set(js_sys::Date::now()));
    for event in ["keydown", "pointerdown", "wheel", "touchstart"] {
        let _ = window.add_event_listener_with_callback(event, touch.as_ref().unchecked_ref());
    }
    touch.forget();
    let check = Closure::<dyn Fn()>::new(|| {
        if expired(KICK_AFTER.get(), js_sys::Date::now() - LAST_ACTIVITY.get()) {
            KICK_AFTER.set(0);
            sign_out();
        }
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        5_000,
    );
    check.forget();
}

/// A code was copied: with `kickUserAfter = -1` that ends the session.
pub fn copied() {
    if KICK_AFTER.get() == -1 {
        sign_out();
    }
}

#[cfg(test)]
mod tests {
    use super::expired;

    #[test]
    fn inactivity_ends_the_session_after_the_chosen_minutes_only() {
        assert!(!expired(0, 1e12));
        assert!(!expired(-1, 1e12));
        assert!(!expired(5, 299_999.0));
        assert!(expired(5, 300_000.0));
    }
}
