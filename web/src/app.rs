//! The shell shared by the apps: the navigation bar (links to another app's screens load it in
//! full), the theme, the error list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::i18n::{self, en, tr};
use crate::me::Me;
use crate::router::{self, Route, WebApp, app_of, under};
use crate::session::Session;

/// What the views of a page load share, provided once at the app's root: each view takes it with
/// [`PageLoad::here`] as it is made (not from a task or a browser callback, which run outside any
/// reactive owner, where no context can be read: they take a copy of what they need).
#[derive(Clone, Copy)]
pub struct PageLoad {
    /// The app this page loaded.
    pub app: WebApp,
    /// The signed-in user.
    pub me: Me,
    /// The session, and its end.
    pub session: Session,
}

impl PageLoad {
    /// The page load of the view being made.
    pub fn here() -> Self {
        // Not `expect_context`: its message formats the caller's location with `Debug`, code the
        // apps carry nowhere else.
        use_context().expect("PageLoad, provided by app::start")
    }
}

/// Starts an app: language (its table fetched first, so the first paint is in it), then the
/// screen of `routes` the path names, which finds in its context the [`PageLoad`]: the app it
/// belongs to, the user, the session.
pub fn start(app: WebApp, routes: &'static [Route]) {
    let session = Session::start();
    // Not Leptos' spawn_local: its executor is set up by mounting, which comes after.
    wasm_bindgen_futures::spawn_local(async move {
        i18n::init().await;
        leptos::mount::mount_to_body(move || {
            let me = Me::unknown();
            provide_context(PageLoad { app, me, session });
            router::routes(routes)
        });
    });
}

/// A link of the navigation: inside this app a client-side move, to another app a full load;
/// current on its page (and on the pages under it, when `nested`).
#[component]
pub fn NavLink(
    href: &'static str,
    label: &'static str,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    let path = router::path();
    let external = app_of(href) != PageLoad::here().app;
    view! {
        <a href=href rel=external.then_some("external")
            aria-current=move || path.with(|p| p == href || (nested && under(href, p))).then_some("page")>{tr(label)}</a>
    }
}

/// Applies the `theme` preference: `light` or `dark` override the system's choice.
pub fn apply_theme(theme: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

/// The footer's preferences, shared so that the options screen changes the footer at once.
#[derive(Clone, Copy)]
pub struct Footer {
    email: RwSignal<Option<String>>,
    /// `showEmailInFooter`.
    show_email: RwSignal<bool>,
    /// `showQuickNavMenus`.
    quick_links: RwSignal<bool>,
}

impl Footer {
    /// Follows a preference just saved.
    pub fn follow(&self, key: &str, value: &Value) {
        match key {
            "showEmailInFooter" => self.show_email.set(*value != false),
            "showQuickNavMenus" => self.quick_links.set(*value != false),
            _ => {}
        }
    }
}

/// The accounts screen's search, drawn in the app bar (where authenticator apps keep it, within
/// reach whatever the list's length): the screen reads and clears it. The field is the shell's,
/// so redrawing the list never takes its focus; the stylesheet shows it only on the accounts
/// screen, once there is an account to search (no signal of ours to say when: a smaller .wasm).
#[derive(Clone, Copy)]
pub struct BarSearch(pub RwSignal<String>);

/// The frame of signed-in pages: navigation and sign-out; applies the user's theme, language and
/// inactivity limit.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let is_admin = RwSignal::new(false);
    let footer = Footer {
        email: RwSignal::new(None),
        show_email: RwSignal::new(false),
        quick_links: RwSignal::new(false),
    };
    provide_context(footer);
    let search = RwSignal::new(String::new());
    provide_context(BarSearch(search));
    // Behind an authenticating proxy or Cloudflare Access, signing out, passwords and tokens are
    // the proxy's: their links go, and "sign out" leads to PROXY_LOGOUT_URL when there is one.
    let by_proxy = RwSignal::new(false);
    let proxy_logout = RwSignal::new(None::<String>);
    let PageLoad { me, session, .. } = PageLoad::here();
    me.loaded_at_this_path();
    spawn_local(async move {
        if let Some(user) = me.user().await {
            is_admin.set(user.is_admin);
            let proxied = user.authenticated_by_proxy;
            by_proxy.set(proxied);
            proxy_logout.set(user.proxy_logout_url.clone());
            footer.email.set(Some(user.email.clone()));
            let p = &user.preferences;
            footer.show_email.set(p.show_email_in_footer());
            footer.quick_links.set(p.show_quick_nav_menus());
            apply_theme(&p.theme());
            // No session to end behind a proxy: the proxy decides how long a sign-in lasts.
            if !proxied {
                session.watch(p.kick_user_after());
            }
            i18n::follow_preference(&p.lang());
        }
    });
    view! {
        <header class="bar">
            <span class="brand">"Twofold"</span>
            <input id="search" type="search" aria-label=tr("Search") placeholder=tr("Service or account")
                bind:value=search/>
            <nav aria-label=tr("Main")>
                // The everyday destinations: a bottom bar on phones, inline on wide screens.
                <div class="tabs">
                    <NavLink href="/accounts" label=en("Accounts")/>
                    <NavLink href="/accounts/create" label=en("New")/>
                    <NavLink href="/accounts/import" label=en("Import")/>
                    <NavLink href="/groups" label=en("Groups")/>
                    <NavLink href="/settings/options" label=en("Options")/>
                </div>
                // The rest, less often used: a popover on phones (the browser gives it Escape and
                // a tap outside to close, without our code), shown inline by the stylesheet on
                // wide screens, where its button is hidden.
                // Its name is read out; the stylesheet draws the usual three lines in its place.
                <button type="button" class="menu-button" popovertarget="account-menu">{tr("Account menu")}</button>
                <div id="account-menu" class="menu" popover="auto">
                    <Show when=move || !by_proxy.get()>
                        <NavLink href="/settings/tokens" label=en("Tokens")/>
                        <NavLink href="/settings/account" label=en("My account")/>
                    </Show>
                    <Show when=move || is_admin.get()>
                        <NavLink href="/admin/users" label=en("Administration")/>
                    </Show>
                    {move || match (by_proxy.get(), proxy_logout.get()) {
                        (false, _) => view! {
                            <button type="button" class="link" on:click=move |_| session.sign_out()>{tr("Sign out")}</button>
                        }.into_any(),
                        (true, Some(url)) => view! { <a href=url rel="external">{tr("Sign out")}</a> }.into_any(),
                        (true, None) => ().into_any(),
                    }}
                </div>
            </nav>
        </header>
        <main>{children()}</main>
        <footer class="foot">
            <span class="email">{move || footer.show_email.get().then(|| footer.email.get())}</span>
            // 2FAuth's quick menus: the everyday destinations within a thumb's reach on a phone.
            <Show when=move || footer.quick_links.get()>
                <nav class="quick" aria-label=tr("Quick links")>
                    <NavLink href="/accounts/manage" label=en("Manage")/>
                    <NavLink href="/settings/options" label=en("Settings")/>
                </nav>
            </Show>
            <NavLink href="/about" label=en("About")/>
        </footer>
    }
}
