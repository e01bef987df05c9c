//! Codes: a live code with its countdown, the dialog that shows one on request, and the toast
//! that says a code was copied.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_core::account::OtpType;

use super::display::Display;
use super::screen::Item;
use crate::browser::copy;
use crate::client;
use crate::i18n::{tr, trf};
use serde_json::Value;

/// What every code on the screen shares: the clock, the error list, the display preferences, the
/// toast and what follows a copy.
#[derive(Clone, Copy)]
pub(super) struct Codes {
    pub now: RwSignal<u64>,
    pub errors: RwSignal<Vec<String>>,
    pub display: RwSignal<Display>,
    pub toast: RwSignal<String>,
    pub copied: Callback<()>,
    /// The accounts come from the device's offline copy: nothing links to changing them.
    pub from_copy: RwSignal<bool>,
}

pub(super) fn unix_now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// How long the toast stays on screen.
const TOAST_MS: u64 = 3000;

/// Copies a code and says so, in a toast that goes after a moment (unless another message took
/// its place meanwhile).
pub(super) fn copy_announced(code: &str, display: RwSignal<Display>, toast: RwSignal<String>) {
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
pub(super) fn LiveCode(
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
            let path = format!("/api/v1/twofaccounts/{id}/otp");
            match client::get::<Value>(&path).await {
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
pub(super) fn OtpDialog(opened: RwSignal<Option<Item>>, codes: Codes) -> impl IntoView {
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
