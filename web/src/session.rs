//! The session's end: signing out, a session the server reports over (its 401 or 418, which
//! [`crate::client`] reports and [`Session::end`] acts on), and auto-lock: the session ends after
//! `kickUserAfter` minutes without a key press, click, touch or scroll (or right after a copy when
//! it is `-1`), as 2FAuth's client does; the server enforces the same rule with a 418.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::{client, offline};

/// This page load's session: started once as an app starts, and handed to the shell and the
/// screens through the app's context ([`crate::app::PageLoad`]). A copy of it goes into the
/// window's event listeners and interval and into tasks, which run outside any reactive owner and
/// so cannot read the context.
#[derive(Clone, Copy)]
pub struct Session(&'static Activity);

/// What the session follows of the page's activity. Atomics rather than cells: Leptos wants the
/// views' handlers that hold a [`Session`] to be `Send + Sync` (in the browser's one thread they
/// are plain loads and stores).
#[derive(Default)]
struct Activity {
    /// When the user last pressed a key, clicked, touched or scrolled (the bits of an `f64` of
    /// ms since 1970).
    last: AtomicU64,
    /// `kickUserAfter` in minutes: `0` never, `-1` on copy.
    kick_after: AtomicI64,
    watching: AtomicBool,
    /// The page is already leaving for the sign-in page.
    ending: AtomicBool,
}

/// Whether `idle_ms` of inactivity ends the session for a `kickUserAfter` of `minutes`.
fn expired(minutes: i64, idle_ms: f64) -> bool {
    minutes > 0 && idle_ms >= minutes as f64 * 60_000.0
}

impl Session {
    /// Starts the session of this page load, the client's "session over" leading to its
    /// [`end`](Self::end) (once, as an app starts). Its state lives as long as the page, like the
    /// app (which is never unmounted).
    pub fn start() -> Self {
        let session = Self(Box::leak(Box::default()));
        let over = Closure::<dyn Fn()>::new(move || session.end());
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback(
                client::SESSION_OVER,
                over.as_ref().unchecked_ref(),
            );
        }
        over.forget();
        session
    }

    /// Leaves for the sign-in page (a full load, so no state of the old session survives), after
    /// locking this device's offline copy.
    pub fn end(self) {
        // Several calls pending when the session ended each report it: one navigation, not
        // several racing (a second one aborts the first).
        if self.0.ending.swap(true, Relaxed) {
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
    pub fn sign_out(self) {
        wasm_bindgen_futures::spawn_local(async move {
            // Whatever the answer, the session is over for this page.
            let _ = client::run("GET", "/user/logout", None).await;
            self.end();
        });
    }

    /// Applies the user's `kickUserAfter` and starts watching activity (once per page load).
    pub fn watch(self, minutes: i64) {
        let Self(activity) = self;
        activity.kick_after.store(minutes, Relaxed);
        if activity.watching.swap(true, Relaxed) {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let touch = move || activity.last.store(js_sys::Date::now().to_bits(), Relaxed);
        touch();
        let touch = Closure::<dyn Fn()>::new(touch);
        for event in ["keydown", "pointerdown", "wheel", "touchstart"] {
            let _ = window.add_event_listener_with_callback(event, touch.as_ref().unchecked_ref());
        }
        touch.forget();
        let check = Closure::<dyn Fn()>::new(move || {
            let minutes = activity.kick_after.load(Relaxed);
            let last = f64::from_bits(activity.last.load(Relaxed));
            if expired(minutes, js_sys::Date::now() - last) {
                activity.kick_after.store(0, Relaxed);
                self.sign_out();
            }
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            5_000,
        );
        check.forget();
    }

    /// A code was copied: with `kickUserAfter = -1` that ends the session.
    pub fn copied(self) {
        if self.0.kick_after.load(Relaxed) == -1 {
            self.sign_out();
        }
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
