//! Error messages in the caller's language, as 2FAuth chooses its locale: the signed-in
//! user's `lang` preference unless it is `browser`, else the request's `Accept-Language`, else
//! English; for the API and the web session routes alike. The rule and the catalogue are core's
//! (`twofold_core::messages`, `twofold_core::locale`); the tables (`worker/locales/<code>.json`)
//! are static assets (`/locales/api/<code>.json`): one is read the first time an error must be
//! said in its language, and kept for the isolate's life. The `.wasm` carries English alone.

use std::cell::RefCell;
use std::rc::Rc;

use twofold_core::locale::{self, ENGLISH};
use twofold_core::messages::Table;
use worker::Response;

use crate::context::Ctx;
use crate::error::ApiError;

/// A language's code and its table (`None`: the assets have none).
type Known = (&'static str, Option<Rc<Table>>);

thread_local! {
    /// The tables read so far.
    static TABLES: RefCell<Vec<Known>> = const { RefCell::new(Vec::new()) };
}

/// The answer to `error`, in the caller's language when it has words to translate.
pub async fn respond(error: ApiError, ctx: &Ctx) -> worker::Result<Response> {
    let table = match error.translatable() {
        true => table(ctx).await,
        false => None,
    };
    error.into_response_in(table.as_deref())
}

/// The table of the caller's language; `None` for English, or when it cannot be read (the
/// answer is then English rather than an error of its own).
async fn table(ctx: &Ctx) -> Option<Rc<Table>> {
    let language = locale::negotiate(&ctx.caller_lang(), &ctx.accept_language);
    if language == ENGLISH {
        return None;
    }
    let known = TABLES.with_borrow(|tables| {
        let found = tables.iter().find(|(code, _)| *code == language.code);
        found.map(|(_, table)| table.clone())
    });
    if let Some(table) = known {
        return table;
    }
    let path = format!("/locales/api/{}.json", language.code);
    // A failed read is not kept: the next error tries again.
    let bytes = ctx.asset(&path, "application/json").await.ok()?;
    let table = bytes.and_then(|b| Table::from_json(&b, language.plural).map(Rc::new));
    TABLES.with_borrow_mut(|tables| {
        if tables.iter().all(|(code, _)| *code != language.code) {
            tables.push((language.code, table.clone()));
        }
    });
    table
}
