//! D1 storage, one module per table. Every statement is prepared with bound parameters, and every
//! query on user data is scoped by the caller's user id or checked against it by the caller.

pub mod api_hits;
pub mod auth_log;
pub mod backups;
pub mod groups;
pub mod icons;
pub mod login_attempts;
pub mod otp_logs;
pub mod password_resets;
pub mod reencryption;
pub mod sessions;
pub mod settings;
pub mod shares;
pub mod sso_states;
pub mod tokens;
pub mod twofaccounts;
pub mod users;
pub mod webauthn;
pub mod webauthn_recoveries;

use js_sys::{JSON, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::{D1Database, D1PreparedStatement, D1Result};

use crate::error::{ApiError, ApiResult};

/// A bound integer (D1 numbers are doubles; ids and times stay far below 2^53).
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// A bound text.
pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// A bound nullable text.
pub fn opt_text(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// Whose rows a statement reads. A user authentication already found, or the holder of a
/// credential that the statement resolves itself, by the rule that authentication applies
/// ([`tokens::HOLDER`], [`sessions::HOLDER`]): such a statement can go in one batch with
/// authentication's lookup ([`lookup_and_read`]), and reads nothing unless the credential is
/// valid. Its rows are still read only once authentication has found the caller
/// (`crate::auth::api_caller_with`).
#[derive(Debug, Clone)]
pub enum Owner {
    /// A user found by authentication.
    User(i64),
    /// The holder of a bearer token, by its hash, at a time.
    Token(String, i64),
    /// The holder of a web session, by its id's hash, at a time.
    Session(String, i64),
}

impl Owner {
    /// A common table expression `me(id)`: one row, the owner's id, or none when the credential
    /// is not valid. It takes the statement's parameters `?1` and `?2`
    /// ([`Owner::parameters`]); the statement names the owner `(SELECT id FROM me)`.
    pub fn me(&self) -> String {
        let holder = match self {
            // `?2` is the credentials' time, unused here.
            Self::User(_) => "SELECT ?1 AS id WHERE ?2 IS NULL",
            Self::Token(..) => tokens::HOLDER,
            Self::Session(..) => sessions::HOLDER,
        };
        format!("WITH me AS ({holder})")
    }

    /// The values of `?1` and `?2` in [`Owner::me`].
    pub fn parameters(&self) -> [JsValue; 2] {
        match self {
            Self::User(id) => [int(*id), JsValue::NULL],
            Self::Token(hash, now) | Self::Session(hash, now) => [text(hash), int(*now)],
        }
    }
}

/// How many statements of a batch changed at least one row.
pub fn changed(results: &[D1Result]) -> usize {
    results
        .iter()
        .filter_map(|r| r.meta().ok().flatten().and_then(|m| m.changes))
        .filter(|changes| *changes > 0)
        .count()
}

/// What one re-encryption batch of a table did; `K` is the table's key.
pub struct Reencrypted<K> {
    /// Rows rewritten under the current key and format.
    pub done: usize,
    /// Rows with a value no known key opens where it is (left untouched).
    pub undecipherable: Vec<K>,
    /// Where the next batch starts (`None`: this was the last).
    pub next: Option<K>,
}

/// Rows read as JSON text: one `JSON.stringify` in the platform, then serde_json in the module.
/// workers-rs' own readers (serde_wasm_bindgen) cross into JavaScript once per field (a list of
/// 500 accounts: ≈ 6 000 crossings) and weigh ≈ 70 KB in the `.wasm` for their row types.
pub trait Rows {
    /// Every row the statement returns.
    fn rows<T: DeserializeOwned>(&self) -> impl Future<Output = ApiResult<Vec<T>>> {
        self.rows_as::<Vec<T>>()
    }
    /// Every row the statement returns, as one `C` read from their array (`Vec<T>`, or a type
    /// over it).
    fn rows_as<C: DeserializeOwned>(&self) -> impl Future<Output = ApiResult<C>>;
    /// Every row the statement returns, read as arrays (D1's `raw()`): each row's values in the
    /// statement's column order, without their names, for a `T` whose fields are declared in that
    /// order (a unit test per such statement compares them through [`field_names`]). For the
    /// lists of accounts: half the JSON text to write and to read, no name matched per value.
    fn rows_in_order<T: DeserializeOwned>(&self) -> impl Future<Output = ApiResult<Vec<T>>>;
    /// The statement's first row, if any.
    fn row<T: DeserializeOwned>(&self) -> impl Future<Output = ApiResult<Option<T>>>;
}

impl Rows for D1PreparedStatement {
    async fn rows_as<C: DeserializeOwned>(&self) -> ApiResult<C> {
        let result = JsFuture::from(self.inner().all().map_err(js)?)
            .await
            .map_err(js)?;
        results(&result)
    }

    async fn rows_in_order<T: DeserializeOwned>(&self) -> ApiResult<Vec<T>> {
        let rows = JsFuture::from(self.inner().raw().map_err(js)?)
            .await
            .map_err(js)?;
        from_json(&rows)
    }

    async fn row<T: DeserializeOwned>(&self) -> ApiResult<Option<T>> {
        let row = JsFuture::from(self.inner().first(None).map_err(js)?)
            .await
            .map_err(js)?;
        if row.is_null() || row.is_undefined() {
            return Ok(None);
        }
        from_json(&row).map(Some)
    }
}

/// A D1 result's rows (none when it has none), as one `C`.
fn results<C: DeserializeOwned>(result: &JsValue) -> ApiResult<C> {
    let rows = Reflect::get(result, &"results".into()).map_err(js)?;
    if rows.is_null() || rows.is_undefined() {
        return from_json(&js_sys::Array::new());
    }
    from_json(&rows)
}

#[wasm_bindgen(module = "/d1.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = lookupAndRead)]
    fn lookup_and_read_js(db: &JsValue, lookup: &JsValue, read: &JsValue) -> js_sys::Promise;
}

/// Rows a batch brought back, not read yet: [`lookup_and_read`]'s read, for after the lookup
/// found the caller.
pub struct Unread(String);

impl Unread {
    /// The rows, as one `C` read from arrays of their values (by position, as
    /// [`Rows::rows_in_order`]).
    pub fn rows<C: DeserializeOwned>(self) -> ApiResult<C> {
        Ok(serde_json::from_str(&self.0)?)
    }
}

/// Authentication's lookup (its first row, `U`, by name) and a read of the caller's rows in one
/// batch: one round trip to the database, and one snapshot of it, so the read never sees a
/// credential the lookup did not (worker/d1.mjs). The rows stay [`Unread`] until the caller
/// reads them, once the lookup has found him: nothing of them, not even a failure to read them,
/// answers anyone else.
pub async fn lookup_and_read<U: DeserializeOwned>(
    db: &D1Database,
    lookup: D1PreparedStatement,
    read: D1PreparedStatement,
) -> ApiResult<(Option<U>, Unread)> {
    let answer = lookup_and_read_js(db.as_ref(), lookup.inner(), read.inner());
    let texts: js_sys::Array = JsFuture::from(answer).await.map_err(js)?.unchecked_into();
    let text = |i: u32| texts.get(i).as_string().unwrap_or_default();
    let found: Option<U> = serde_json::from_str(&text(0))?;
    Ok((found, Unread(text(1))))
}

/// A JavaScript value (D1's rows: plain objects of numbers, strings and nulls) as `T`.
fn from_json<T: DeserializeOwned>(value: &JsValue) -> ApiResult<T> {
    let text = String::from(JSON::stringify(value).map_err(js)?);
    Ok(serde_json::from_str(&text)?)
}

/// A JavaScript exception (D1's errors among them) as the 500 it is.
fn js(error: JsValue) -> ApiError {
    worker::Error::from(error).into()
}

/// The names of `T`'s fields in their declared order, as its derived `Deserialize` knows them:
/// what [`Rows::rows_in_order`] reads values by position into.
#[cfg(any(test, feature = "cpu-bench"))]
pub fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor, value::Error};
    use std::cell::Cell;

    /// A deserializer that only takes note of the fields a struct asks for.
    struct Fields<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> de::Deserializer<'de> for Fields<'_> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            self.0.set(fields);
            Err(de::Error::custom("fields noted"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    let fields = Cell::new(&[][..]);
    let _ = T::deserialize(Fields(&fields));
    fields.get()
}
