//! One row of the accounts list: the icon (or an initial), the names, the code or the button that
//! opens it, and the edit link.

use leptos::prelude::*;
use twofold_core::contract::AccountFlags;
use wasm_bindgen::JsCast;

use super::code::{Codes, LiveCode, copy_announced, unix_now};
use super::screen::Item;
use crate::i18n::{tr, trf};

/// One account. With codes on request, its label is a button that opens the code (Ctrl+click
/// copies the code at once); otherwise the live code sits in the row.
#[component]
pub(super) fn AccountRow(
    item: Item,
    codes: Codes,
    opened: RwSignal<Option<Item>>,
) -> impl IntoView {
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
    let badge = badge(&item.flags);
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

/// The badge of a shared account, its text and its title: who lends it, or with whom it is shared.
fn badge(flags: &AccountFlags) -> Option<(String, String)> {
    let on = |flag: Option<bool>| flag == Some(true);
    match (
        &flags.borrowed_by,
        on(flags.is_shared_with_all),
        on(flags.is_shared),
    ) {
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
