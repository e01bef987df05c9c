//! `twofaccounts`: the two-factor accounts. `service`, `account`, `secret` and `legacy_uri` are
//! stored encrypted by the [`Vault`]; the HOTP counter is stored as decimal text because 64-bit
//! counters do not fit in a JavaScript number.

use serde::Deserialize;
use twofold_core::account::{OtpType, TwoFAccount};
use twofold_core::otp::Algorithm;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{int, opt_text, text};
use crate::crypto::Vault;
use crate::error::{ApiError, ApiResult};
use crate::platform::random_bytes;

/// What 2FAuth shows for a value that cannot be decrypted.
pub const INDECIPHERABLE: &str = "*indecipherable*";

/// A stored account as read, with encrypted columns still sealed.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub id: i64,
    pub user_id: i64,
    /// The caller's group for this account.
    pub group_id: Option<i64>,
    service: Option<String>,
    account: String,
    pub icon: Option<String>,
    otp_type: String,
    secret: String,
    pub digits: u32,
    algorithm: String,
    pub period: Option<u64>,
    counter: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.user_id, g.group_id, a.service, a.account, a.icon, a.otp_type, a.secret, \
     a.digits, a.algorithm, a.period, a.counter FROM twofaccounts a \
     LEFT JOIN twofaccount_group_assignments g ON g.twofaccount_id = a.id AND g.user_id = ?1";

impl Row {
    /// The HOTP counter as stored.
    pub fn counter(&self) -> Option<u64> {
        self.counter.as_deref().and_then(|c| c.parse().ok())
    }

    /// Decrypts the row into the core model. The secret is only decrypted when `with_secret`
    /// (otherwise left empty); undecipherable values read as [`INDECIPHERABLE`], as in 2FAuth.
    /// `legacy_uri` is not read here and is left empty.
    pub fn open(&self, vault: &Vault, with_secret: bool) -> ApiResult<TwoFAccount> {
        let open = |column: &str, value: &str| {
            vault
                .decrypt(column, value)
                .unwrap_or_else(|_| INDECIPHERABLE.to_string())
        };
        let corrupt = || ApiError::Internal(format!("twofaccount {} has an invalid type", self.id));
        Ok(TwoFAccount {
            otp_type: OtpType::parse(&self.otp_type).ok_or_else(corrupt)?,
            account: open("account", &self.account),
            service: self.service.as_deref().map(|s| open("service", s)),
            icon: self.icon.clone(),
            secret: if with_secret {
                open("secret", &self.secret)
            } else {
                String::new()
            },
            digits: self.digits,
            algorithm: Algorithm::parse(&self.algorithm).ok_or_else(corrupt)?,
            period: self.period,
            counter: self.counter(),
            legacy_uri: String::new(),
        })
    }
}

/// The user's own accounts in the user's order (positioned ones first, then by id), optionally
/// restricted to `ids`. The id list travels as one JSON parameter, so any number of ids binds.
pub async fn list_owned(db: &D1Database, user_id: i64, ids: Option<&[i64]>) -> ApiResult<Vec<Row>> {
    let filter = if ids.is_some() {
        " AND a.id IN (SELECT value FROM json_each(?2))"
    } else {
        ""
    };
    let sql = format!(
        "{SELECT} LEFT JOIN twofaccount_user_orders o ON o.twofaccount_id = a.id AND o.user_id = ?1 \
         WHERE a.user_id = ?1{filter} ORDER BY o.position IS NULL, o.position, a.id"
    );
    let mut params = vec![int(user_id)];
    if let Some(ids) = ids {
        params.push(text(&serde_json::to_string(ids)?));
    }
    Ok(db.prepare(sql).bind(&params)?.all().await?.results()?)
}

/// Account `id` whoever owns it (the caller checks ownership: 403 vs 404), with the caller's group.
pub async fn find(db: &D1Database, caller_id: i64, id: i64) -> ApiResult<Option<Row>> {
    let sql = format!("{SELECT} WHERE a.id = ?2");
    Ok(db
        .prepare(sql)
        .bind(&[int(caller_id), int(id)])?
        .first(None)
        .await?)
}

fn seal(vault: &Vault, column: &str, value: &str) -> ApiResult<JsValue> {
    Ok(text(&vault.encrypt(column, value, random_bytes::<12>()?)))
}

/// Stores a new account for `user_id` and returns its id.
pub async fn insert(
    db: &D1Database,
    vault: &Vault,
    user_id: i64,
    account: &TwoFAccount,
    now: i64,
) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let service = match &account.service {
        Some(s) => seal(vault, "service", s)?,
        None => JsValue::NULL,
    };
    let row: Option<Id> = db
        .prepare(
            "INSERT INTO twofaccounts (user_id, service, account, icon, otp_type, secret, digits, algorithm, period, counter, legacy_uri, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
        )
        .bind(&[
            int(user_id),
            service,
            seal(vault, "account", &account.account)?,
            opt_text(account.icon.as_deref()),
            text(account.otp_type.as_str()),
            seal(vault, "secret", &account.secret)?,
            int(i64::from(account.digits)),
            text(account.algorithm.as_str()),
            account.period.map_or(JsValue::NULL, |p| int(p as i64)),
            opt_text(account.counter.map(|c| c.to_string()).as_deref()),
            seal(vault, "legacy_uri", &account.legacy_uri)?,
            int(now),
        ])?
        .first(None)
        .await?;
    row.map(|r| r.id)
        .ok_or_else(|| ApiError::Internal("insert twofaccount returned nothing".into()))
}

/// Atomically takes the next HOTP counter value: increments the stored counter in one statement
/// and returns the value it had (the one to compute the code with). Concurrent requests therefore
/// never share a counter value. `None` when the counter is at 2FAuth's (PHP's) maximum, i64::MAX.
pub async fn take_counter(db: &D1Database, id: i64, now: i64) -> ApiResult<Option<u64>> {
    #[derive(Deserialize)]
    struct Counter {
        counter: String,
    }
    let row: Option<Counter> = db
        .prepare(
            "UPDATE twofaccounts SET counter = CAST(CAST(counter AS INTEGER) + 1 AS TEXT), updated_at = ?2 \
             WHERE id = ?1 AND otp_type = 'hotp' AND CAST(counter AS INTEGER) < 9223372036854775807 \
             RETURNING counter",
        )
        .bind(&[int(id), int(now)])?
        .first(None)
        .await?;
    Ok(row
        .and_then(|r| r.counter.parse::<u64>().ok())
        .map(|next| next - 1))
}
