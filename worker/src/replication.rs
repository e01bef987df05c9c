//! D1 read replication through its Sessions API: every request runs its statements in one D1
//! session, so they see one another's writes wherever they run. A session starts from the
//! bookmark its caller brought back from an earlier answer (the `X-D1-Bookmark` header, or for
//! browsers a cookie): its reads may then go to a nearby replica that is at least as recent as
//! that bookmark, so a caller always reads their own writes. Without one it starts on the
//! primary, as every request did before. Each answer to a signed-in caller carries the latest
//! bookmark.

use wasm_bindgen::{JsCast, JsValue};
use worker::{D1Database, D1DatabaseSession, Env, Request, Response};

use crate::error::ApiResult;
use crate::http::{self, Transport};

/// The header a caller sends a bookmark in, and signed-in answers carry the latest one in.
pub const HEADER: &str = "X-D1-Bookmark";
/// The cookie that keeps a browser's bookmark between its requests (`__Host-` prefixed over
/// HTTPS, as the session cookie: no sibling subdomain can plant one that would send the user's
/// requests to a session D1 refuses).
const COOKIE: &str = "twofold_d1_bookmark";
/// How long the cookie lasts: replicas lag by seconds; past this, a session starts on the primary.
const COOKIE_SECONDS: u64 = 600;
/// Where a session without a bookmark starts (D1's constraint): the primary, which has every write.
const WITHOUT_BOOKMARK: &str = "first-primary";

/// Whether `text` has the shape of a D1 bookmark (`0000007b-0000b26e-00001538-` and 32 hex
/// digits). Anything else is ignored rather than handed to D1, which fails every statement of a
/// session opened on a bookmark it cannot read.
pub fn is_bookmark(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 4
        && parts
            .iter()
            .zip([8, 8, 8, 32])
            .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A bookmark a request brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brought {
    /// The bookmark.
    pub bookmark: String,
    /// It came in the browser's cookie (not the header).
    pub in_cookie: bool,
}

/// The bookmark `req` brings: its header, else the browser's cookie; `None` when neither holds one.
pub fn requested(req: &Request, transport: Transport) -> Option<Brought> {
    let header = req.headers().get(HEADER).ok().flatten();
    let header = header.map(|b| (b, false));
    let cookie = http::cookie(req, &transport.cookie_name(COOKIE)).map(|b| (b, true));
    header
        .into_iter()
        .chain(cookie)
        .map(|(b, in_cookie)| Brought {
            bookmark: b.trim().to_string(),
            in_cookie,
        })
        .find(|b| is_bookmark(&b.bookmark))
}

/// The request's D1 session, from `bookmark` or else on the primary. The store takes a
/// `D1Database`: a session answers `prepare` and `batch` as the database does (wasm-bindgen calls
/// methods by name), and those are all the store uses, so the session is handed over as one.
pub fn open(env: &Env, bookmark: Option<&str>) -> ApiResult<D1Database> {
    let session = env
        .d1("DB")?
        .with_session(Some(bookmark.unwrap_or(WITHOUT_BOOKMARK)))?;
    Ok(D1Database::unchecked_from_js(JsValue::from(session)))
}

/// The latest bookmark of the sessions [`open`] made, once a statement has run in one: the
/// later of them (bookmarks are ordered as text).
pub fn latest(sessions: &[&D1Database]) -> Option<String> {
    sessions
        .iter()
        .filter_map(|db| {
            let session = D1DatabaseSession::unchecked_from_js_ref(db.as_ref());
            session.get_bookmark().ok().flatten()
        })
        .filter(|b| is_bookmark(b))
        .max()
}

/// Who authentication found, for what an answer may say of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Nobody signed in.
    Nobody,
    /// A browser signed in by the session cookie: it keeps our cookies.
    WithCookies,
    /// A token or a proxy's user: no cookie of ours.
    WithoutCookies,
}

/// What an answer says of the request's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Say {
    /// Nothing.
    Nothing,
    /// The latest bookmark in the header.
    Header,
    /// The latest bookmark in the header and in the cookie.
    HeaderAndCookie,
    /// Nothing, and the browser's cookie removed.
    ForgetCookie,
}

/// The rule of [`stamp`]: a signed-in caller's answer carries the latest bookmark, in the header,
/// and in the cookie for a browser signed in by its session cookie. Anonymous answers carry none:
/// a bookmark tells when the database was last written, which is no stranger's business. A
/// server error after a browser brought its cookie's bookmark may be D1 refusing it (one from
/// before a Time Travel restore): the cookie is then removed, so that the next request starts on
/// the primary.
fn say(status: u16, cookie_brought: bool, caller: Caller) -> Say {
    match (status >= 500, caller) {
        (true, _) if cookie_brought => Say::ForgetCookie,
        (true, _) | (false, Caller::Nobody) => Say::Nothing,
        (false, Caller::WithCookies) => Say::HeaderAndCookie,
        (false, Caller::WithoutCookies) => Say::Header,
    }
}

/// Gives `response` what [`say`] decides, from the latest bookmark of the request's `sessions`.
/// An answer whose headers cannot change goes without.
pub fn stamp(
    response: &mut Response,
    sessions: &[&D1Database],
    transport: Transport,
    brought: Option<&Brought>,
    caller: Caller,
) {
    let name = &transport.cookie_name(COOKIE);
    let secure = transport.secure_cookies();
    let cookie_brought = brought.is_some_and(|b| b.in_cookie);
    let with_cookie = match say(response.status_code(), cookie_brought, caller) {
        Say::Nothing => return,
        Say::ForgetCookie => {
            let cleared = http::set_cookie(name, "", 0, true, secure);
            let _ = response.headers_mut().append("Set-Cookie", &cleared);
            return;
        }
        Say::Header => false,
        Say::HeaderAndCookie => true,
    };
    let Some(bookmark) = latest(sessions) else {
        return;
    };
    let headers = response.headers_mut();
    let _ = headers.set(HEADER, &bookmark);
    if with_cookie {
        let cookie = http::set_cookie(name, &bookmark, COOKIE_SECONDS, true, secure);
        let _ = headers.append("Set-Cookie", &cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_shape_of_a_d1_bookmark_is_one() {
        assert!(is_bookmark(
            "0000007b-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96b"
        ));
        assert!(is_bookmark(
            "00000000-00000002-00000000-00000000000000000000000000000000"
        ));
        for bad in [
            "",
            "first-primary",
            "first-unconstrained",
            "garbage",
            "0000007b-0000b26e-00001538",
            "0000007b-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96",
            "0000007b-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96b-00",
            "0000007g-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96b",
            "0000007b-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96b; x",
        ] {
            assert!(!is_bookmark(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_signed_in_answers_say_the_bookmark_and_a_server_error_forgets_the_cookie() {
        use Caller::{Nobody, WithCookies, WithoutCookies};
        assert_eq!(say(200, false, WithCookies), Say::HeaderAndCookie);
        assert_eq!(say(404, true, WithCookies), Say::HeaderAndCookie);
        assert_eq!(say(200, false, WithoutCookies), Say::Header);
        assert_eq!(say(201, true, Nobody), Say::Nothing);
        assert_eq!(say(401, false, Nobody), Say::Nothing);
        for caller in [Nobody, WithCookies, WithoutCookies] {
            assert_eq!(say(500, true, caller), Say::ForgetCookie);
            assert_eq!(say(503, false, caller), Say::Nothing);
        }
    }
}
