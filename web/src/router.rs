//! Which app owns which path, and moving between the screens of one app without reloading the
//! page: the browser's history is the one source of the path (a move within the app pushes onto
//! it, back and forward come from it), the path is a signal the screens follow, and a link or a
//! move to another app's path loads that app in full. Our own, not `leptos_router`: the apps use
//! a table of paths, a path signal, params and the query, and its generic route machinery weighed
//! 43–50 KiB gzip in each .wasm (measured when it went).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlAnchorElement, MouseEvent, UrlSearchParams};

/// The four apps over this library, each its own .wasm so the one used every day stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum WebApp {
    /// Accounts and codes, groups, sign-in (`src/main.rs`).
    Everyday,
    /// Adding an account and editing one (`src/bin/editor.rs`): kept out of the everyday app,
    /// whose first screen, the accounts, does not need them.
    Editor,
    /// Options, tokens, own account, import, managing several accounts, sharing, code logs, lost
    /// password (`src/bin/settings.rs`).
    Settings,
    /// Administration and the About page (`src/bin/admin.rs`).
    Admin,
}

/// Which app owns which path, one `app pattern` a line (also read by `web/static/app.js`).
const OWNERS: &str = include_str!("../app-paths.txt");

/// Whether `pattern` (segments, `*` for any one) matches `path` or a path under it.
pub fn under(pattern: &str, path: &str) -> bool {
    let mut segments = path.split('/');
    pattern.split('/').all(|p| {
        segments
            .next()
            .is_some_and(|s| s == p || (p == "*" && !s.is_empty()))
    })
}

/// The app that owns `path`, as `web/app-paths.txt` says (a query or a fragment after it aside:
/// `/accounts/create?start=upload` is the New screen's).
pub fn app_of(path: &str) -> WebApp {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let owner = OWNERS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(' '))
        .find(|(_, pattern)| under(pattern.trim(), path));
    match owner {
        Some(("admin", _)) => WebApp::Admin,
        Some(("settings", _)) => WebApp::Settings,
        Some(("editor", _)) => WebApp::Editor,
        _ => WebApp::Everyday,
    }
}

/// A screen of an app: its path (`:name` stands for one segment, read with [`param`]) and its view.
pub type Route = (&'static str, fn() -> AnyView);

/// The value `path` gives the segments of `route`: `None` when it is not that route's path (a
/// trailing `/` aside), else `Some` of the value of the segment `:name` (`""` when the route has
/// no such segment).
fn segment<'a>(route: &str, path: &'a str, name: &str) -> Option<&'a str> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let (mut pattern, mut segments) = (route.split('/'), path.split('/'));
    let mut value = "";
    loop {
        match (pattern.next(), segments.next()) {
            (None, None) => return Some(value),
            (Some(p), Some(s))
                if p.strip_prefix(':')
                    .is_some_and(|p| !s.is_empty() && p == name) =>
            {
                value = s
            }
            (Some(p), Some(s)) if p == s || (p.starts_with(':') && !s.is_empty()) => {}
            _ => return None,
        }
    }
}

/// The first route of `routes` whose path is `path`.
fn route_of<'r>(routes: &'r [Route], path: &str) -> Option<&'r Route> {
    routes
        .iter()
        .find(|(route, _)| segment(route, path, "").is_some())
}

/// The path this app is at, a signal; the route it matched, for [`param`].
#[derive(Clone, Copy)]
struct Here {
    path: RwSignal<String>,
    route: StoredValue<&'static str>,
}

fn here() -> Here {
    use_context().expect("Here, provided by router::routes")
}

fn browser_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The path of the screen shown, which changes as the user moves within the app.
pub fn path() -> ReadSignal<String> {
    here().path.read_only()
}

/// The value of the segment `:name` of the screen's path, read as the screen is made (a screen
/// is made anew for each path), as a getter its tasks can take.
pub fn param(name: &str) -> impl Fn() -> String + Copy + use<> {
    let Here { path, route } = here();
    let value = path.with_untracked(|p| segment(route.get_value(), p, name).map(str::to_string));
    let value = StoredValue::new(value.unwrap_or_default());
    move || value.get_value()
}

/// The value of `name` in the page's query string, decoded (`None` when it has none).
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Goes to `to` (a path, with its query): within this app a move onto the browser's history
/// (replacing the current entry when `replace`), to another app's path a full load.
fn go(to: &str, replace: bool) {
    let location = window().location();
    if app_of(to) != app_of(&browser_path()) {
        let _ = if replace {
            location.replace(to)
        } else {
            location.assign(to)
        };
        return;
    }
    let Ok(history) = window().history() else {
        return;
    };
    let now = [location.pathname(), location.search(), location.hash()]
        .map(Result::unwrap_or_default)
        .concat();
    let _ = match (replace, now == to) {
        (true, _) => history.replace_state_with_url(&JsValue::NULL, "", Some(to)),
        (false, false) => history.push_state_with_url(&JsValue::NULL, "", Some(to)),
        // Following a link to this very page adds nothing to the history.
        (false, true) => Ok(()),
    };
    // The router hears of the move as it hears of back and forward: a `popstate` (which
    // pushState itself does not fire), so a move needs no handle on the router, and so can be
    // made from a task.
    if let Ok(event) = web_sys::Event::new("popstate") {
        let _ = window().dispatch_event(&event);
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Goes to `to`: within this app a client-side move (back returns here), to another app's path a
/// full load.
pub fn navigate(to: &str) {
    go(to, false);
}

/// A click on a link to a path of this app, on this origin, is a client-side move; the browser
/// keeps the rest: modified clicks (a new tab or window), links with a target, downloads, links
/// marked `rel="external"` and other apps' paths.
fn follow(ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    let Some(a) = link else { return };
    let external = a
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
    let ours = a.origin() == window().location().origin().unwrap_or_default()
        && app_of(&a.pathname()) == app_of(&browser_path());
    if !a.target().is_empty() || a.has_attribute("download") || external || !ours {
        return;
    }
    ev.prevent_default();
    go(&[a.pathname(), a.search(), a.hash()].concat(), false);
}

/// The screen of `routes` the path names; a path of none goes to the accounts (replacing it in
/// the history, so that back does not return to it), in the everyday app.
pub fn routes(routes: &'static [Route]) -> impl IntoView {
    let path = RwSignal::new(browser_path());
    let route = StoredValue::new("");
    provide_context(Here { path, route });
    // Set only when it changes: a move within the page (a fragment) keeps the screen.
    let moved = move || {
        let now = browser_path();
        if path.with_untracked(|p| *p != now) {
            path.set(now);
        }
    };
    // The router lives as long as the page: its listeners are never removed.
    let _ = window_event_listener(ev::popstate, move |_| moved());
    let _ = window_event_listener(ev::click, follow);
    move || match path.with(|p| route_of(routes, p)) {
        Some((pattern, view)) => {
            route.set_value(pattern);
            view()
        }
        None => {
            // After this render, as a move made while the view is drawn would redraw it within.
            request_animation_frame(|| go("/accounts", true));
            ().into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{OWNERS, Route, WebApp, app_of, route_of, segment};
    use leptos::prelude::*;

    #[test]
    fn each_path_belongs_to_one_app() {
        for (path, app) in [
            ("/accounts", WebApp::Everyday),
            ("/accounts/", WebApp::Everyday),
            ("/accounts/create", WebApp::Editor),
            ("/accounts/create/", WebApp::Editor),
            ("/accounts/12/edit", WebApp::Editor),
            ("/accounts/create?start=upload", WebApp::Editor),
            ("/accounts/12/edit#qr", WebApp::Editor),
            ("/accounts?group=2", WebApp::Everyday),
            ("/accounts/createx", WebApp::Everyday),
            ("/accounts/creat", WebApp::Everyday),
            ("/accounts/12/editor", WebApp::Everyday),
            ("/accounts//edit", WebApp::Everyday),
            ("/accounts/edit", WebApp::Everyday),
            ("/accounts/12", WebApp::Everyday),
            ("/groups", WebApp::Everyday),
            ("/login", WebApp::Everyday),
            ("/settings/options", WebApp::Settings),
            ("/accounts/import", WebApp::Settings),
            ("/accounts/manage", WebApp::Settings),
            ("/accounts/12/sharing", WebApp::Settings),
            ("/accounts/12/otp-logs", WebApp::Settings),
            ("/password/request", WebApp::Settings),
            ("/user/password/reset", WebApp::Settings),
            ("/admin/users", WebApp::Admin),
            ("/admin/users/3", WebApp::Admin),
            ("/admin/app", WebApp::Admin),
            ("/about", WebApp::Admin),
            ("/administration", WebApp::Everyday),
            ("/accounts/import-old", WebApp::Everyday),
            ("/accounts//sharing", WebApp::Everyday),
        ] {
            assert_eq!(app_of(path), app, "{path}");
        }
    }

    #[test]
    fn every_line_of_the_path_table_names_an_app_and_a_path() {
        for line in OWNERS.lines().filter(|l| !l.starts_with('#')) {
            let (app, pattern) = line.split_once(' ').expect(line);
            assert!(["admin", "settings", "editor"].contains(&app), "{line}");
            assert!(pattern.trim().starts_with('/'), "{line}");
        }
    }

    #[test]
    fn a_route_matches_its_path_exactly_and_reads_its_segments() {
        for (route, path, name, value) in [
            ("/accounts", "/accounts", "id", Some("")),
            ("/accounts", "/accounts/", "id", Some("")),
            ("/accounts", "/accounts//", "id", None),
            ("/accounts", "/accounts/create", "id", None),
            ("/accounts/create", "/accounts", "id", None),
            ("/accounts/:id/edit", "/accounts/12/edit", "id", Some("12")),
            ("/accounts/:id/edit", "/accounts/12/edit", "other", Some("")),
            ("/accounts/:id/edit", "/accounts//edit", "id", None),
            ("/accounts/:id/edit", "/accounts/12/sharing", "id", None),
            ("/accounts/:id/edit", "/accounts/12/edit/more", "id", None),
            ("/admin/users/:id", "/admin/users/3", "id", Some("3")),
            ("/admin/users/:id", "/admin/users", "id", None),
        ] {
            assert_eq!(segment(route, path, name), value, "{route} {path} {name}");
        }
    }

    #[test]
    fn the_first_route_of_the_table_that_matches_wins() {
        fn none() -> AnyView {
            ().into_any()
        }
        let table: [Route; 3] = [
            ("/accounts", none),
            ("/accounts/create", none),
            ("/accounts/:id", none),
        ];
        let found = |path| route_of(&table, path).map(|(route, _)| *route);
        assert_eq!(found("/accounts/create"), Some("/accounts/create"));
        assert_eq!(found("/accounts/7"), Some("/accounts/:id"));
        assert_eq!(found("/groups"), None);
    }
}
