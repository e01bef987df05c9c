//! `twofaccounts`: the two-factor accounts. `service`, `account`, `secret` and `legacy_uri` are
//! stored encrypted by the [`Vault`], each bound to its column, its account's id and its owner
//! (see [`cell`]); the HOTP counter is stored as decimal text because 64-bit
//! counters do not fit in a JavaScript number.

use serde::Deserialize;
use twofold_core::access::{Facts, Sharing};
use twofold_core::account::{OtpType, TwoFAccount};
use twofold_core::otp::Algorithm;
use twofold_core::secret::{INDECIPHERABLE, Secret};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{Reencrypted, Rows, changed, int, opt_text, text};
use crate::crypto::{Cell, NONCE_LEN, Vault};
use crate::error::{ApiError, ApiResult};
use crate::platform::random_bytes;

/// Where a value of account `id` owned by `user_id` is stored, which its ciphertext is bound to:
/// a value copied into another account, or into an account of another user, does not read. Ids
/// are never reused (AUTOINCREMENT), so the pair names one account for ever.
fn cell(column: &'static str, user_id: i64, id: i64) -> Cell {
    Cell::new("twofaccounts", column, format!("{user_id}/{id}"), column)
}

/// A stored account as read, with encrypted columns still sealed.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cpu-bench", derive(serde::Serialize))]
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
    legacy_uri: String,
    /// The owner's name (what a borrower sees as `borrowed_by`).
    pub owner_name: String,
    /// Shared with at least one user / with all users / with the caller.
    shared_users: i64,
    shared_all: i64,
    shared_with_caller: i64,
}

/// The caller's group is `?1`; the share flags are about the caller too. Shares are aggregated
/// once per query (joined, not looked up per row): lists of hundreds of accounts stay cheap. An
/// icon whose file is gone reads as none, as in 2FAuth.
const SELECT: &str = "SELECT a.id, a.user_id, g.group_id, a.service, a.account, \
     (SELECT filename FROM icons WHERE filename = a.icon) AS icon, a.otp_type, a.secret, \
     a.digits, a.algorithm, a.period, a.counter, a.legacy_uri, u.name AS owner_name, \
     COALESCE(sh.shared_users, 0) AS shared_users, COALESCE(sh.shared_all, 0) AS shared_all, \
     COALESCE(sh.shared_with_caller, 0) AS shared_with_caller \
     FROM twofaccounts a JOIN users u ON u.id = a.user_id \
     LEFT JOIN (SELECT twofaccount_id, MAX(user_id IS NOT NULL) AS shared_users, \
       MAX(user_id IS NULL) AS shared_all, MAX(COALESCE(user_id = ?1, 0)) AS shared_with_caller \
       FROM shares GROUP BY twofaccount_id) sh ON sh.twofaccount_id = a.id \
     LEFT JOIN twofaccount_group_assignments g ON g.twofaccount_id = a.id AND g.user_id = ?1";

impl Row {
    /// The stored sharing facts, for `core`'s access rules ([`twofold_core::access`]).
    pub fn facts(&self) -> Facts {
        Facts {
            owner_id: self.user_id,
            shared_with_users: self.shared_users != 0,
            shared_with_all: self.shared_all != 0,
            shared_with_caller: self.shared_with_caller != 0,
        }
    }

    /// The HOTP counter as stored.
    pub fn counter(&self) -> Option<u64> {
        self.counter.as_deref().and_then(|c| c.parse().ok())
    }

    /// Decrypts the row into the core model. The secret is only decrypted when `with_secret`
    /// (otherwise left empty); an undecipherable secret is [`Secret::Indecipherable`], other
    /// undecipherable values read as [`INDECIPHERABLE`], as in 2FAuth.
    /// `legacy_uri` is left empty (see [`Row::open_full`]).
    pub fn open(&self, vault: &Vault, with_secret: bool) -> ApiResult<TwoFAccount> {
        let open = |column: &'static str, value: &str| {
            vault
                .decrypt(&cell(column, self.user_id, self.id), value)
                .unwrap_or_else(|_| INDECIPHERABLE.to_string())
        };
        let corrupt = || ApiError::Internal(format!("twofaccount {} has an invalid type", self.id));
        Ok(TwoFAccount {
            otp_type: OtpType::parse(&self.otp_type).ok_or_else(corrupt)?,
            account: open("account", &self.account),
            service: self.service.as_deref().map(|s| open("service", s)),
            icon: self.icon.clone(),
            secret: if with_secret {
                vault
                    .decrypt(&cell("secret", self.user_id, self.id), &self.secret)
                    .map_or(Secret::Indecipherable, Secret::Readable)
            } else {
                Secret::default()
            },
            digits: self.digits,
            algorithm: Algorithm::parse(&self.algorithm).ok_or_else(corrupt)?,
            period: self.period,
            counter: self.counter(),
            legacy_uri: String::new(),
        })
    }
}

impl Row {
    /// Decrypts everything, `legacy_uri` included (exports).
    pub fn open_full(&self, vault: &Vault) -> ApiResult<TwoFAccount> {
        let mut account = self.open(vault, true)?;
        account.legacy_uri = vault
            .decrypt(&cell("legacy_uri", self.user_id, self.id), &self.legacy_uri)
            .unwrap_or_else(|_| INDECIPHERABLE.to_string());
        Ok(account)
    }
}

/// The accounts the user may see — his own, and those shared with him as `sharing` allows — in
/// the user's order (positioned ones first, then by id), optionally restricted to `ids`. The id
/// list travels as one JSON parameter, so any number of ids binds.
pub async fn list_visible(
    db: &D1Database,
    user_id: i64,
    ids: Option<&[i64]>,
    sharing: Sharing,
) -> ApiResult<Vec<Row>> {
    let filter = if ids.is_some() {
        " AND a.id IN (SELECT value FROM json_each(?4))"
    } else {
        " AND ?4 IS NULL"
    };
    let sql = format!(
        "{SELECT} LEFT JOIN twofaccount_user_orders o ON o.twofaccount_id = a.id AND o.user_id = ?1 \
         WHERE (a.user_id = ?1 OR (?2 = 1 AND (sh.shared_with_caller = 1 OR (?3 = 1 AND sh.shared_all = 1)))){filter} \
         ORDER BY o.position IS NULL, o.position, a.id"
    );
    let ids = match ids {
        Some(ids) => text(&serde_json::to_string(ids)?),
        None => JsValue::NULL,
    };
    let params = [
        int(user_id),
        int(i64::from(sharing.enabled)),
        int(i64::from(sharing.all_users)),
        ids,
    ];
    db.prepare(sql).bind(&params)?.rows().await
}

/// Gives an account to another user: his from now on, and no longer shared with him. Its values
/// are re-encrypted for the new owner in the same batch (a value that does not read where it is
/// stays as it is: unreadable). Fails with 404 if the account changed or went meanwhile.
pub async fn transfer(
    db: &D1Database,
    vault: &Vault,
    row: &Row,
    new_owner: i64,
    now: i64,
) -> ApiResult<()> {
    let moved = |column: &'static str, value: &str| -> ApiResult<String> {
        let (from, to) = (
            cell(column, row.user_id, row.id),
            cell(column, new_owner, row.id),
        );
        Ok(vault
            .reseal(&from, &to, value, random_bytes::<NONCE_LEN>()?)
            .ok()
            .flatten()
            .unwrap_or_else(|| value.to_string()))
    };
    let service = row
        .service
        .as_deref()
        .map(|s| moved("service", s))
        .transpose()?;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE twofaccounts SET user_id = ?2, updated_at = ?3, service = ?4, account = ?5, \
                 secret = ?6, legacy_uri = ?7 \
                 WHERE id = ?1 AND user_id = ?8 AND service IS ?9 AND account = ?10 AND secret = ?11 \
                 AND legacy_uri = ?12",
            )
            .bind(&[
                int(row.id),
                int(new_owner),
                int(now),
                opt_text(service.as_deref()),
                text(&moved("account", &row.account)?),
                text(&moved("secret", &row.secret)?),
                text(&moved("legacy_uri", &row.legacy_uri)?),
                int(row.user_id),
                opt_text(row.service.as_deref()),
                text(&row.account),
                text(&row.secret),
                text(&row.legacy_uri),
            ])?,
            // Only once the account is his (not if the update above found it changed).
            db.prepare(
                "DELETE FROM shares WHERE twofaccount_id = ?1 AND user_id = ?2 \
                 AND EXISTS (SELECT 1 FROM twofaccounts WHERE id = ?1 AND user_id = ?2)",
            )
            .bind(&[int(row.id), int(new_owner)])?,
        ])
        .await?;
    if changed(&results[..1]) == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Account `id` whoever owns it (the caller checks ownership: 403 vs 404), with the caller's group.
pub async fn find(db: &D1Database, caller_id: i64, id: i64) -> ApiResult<Option<Row>> {
    let sql = format!("{SELECT} WHERE a.id = ?2");
    db.prepare(sql)
        .bind(&[int(caller_id), int(id)])?
        .row()
        .await
}

/// Accounts `ids` that exist, whoever owns them, by id (for bulk checks: 403 vs ignored).
pub async fn find_many(db: &D1Database, caller_id: i64, ids: &[i64]) -> ApiResult<Vec<Row>> {
    let sql = format!("{SELECT} WHERE a.id IN (SELECT value FROM json_each(?2)) ORDER BY a.id");
    db.prepare(sql)
        .bind(&[int(caller_id), text(&serde_json::to_string(ids)?)])?
        .rows()
        .await
}

/// How many accounts the user owns.
pub async fn count_owned(db: &D1Database, user_id: i64) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let row: Option<Count> = db
        .prepare("SELECT COUNT(*) AS n FROM twofaccounts WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .row()
        .await?;
    Ok(row.map_or(0, |c| c.n))
}

/// Deletes accounts `ids` (their assignments, orders and logs go with them by cascade).
pub async fn delete_many(db: &D1Database, ids: &[i64]) -> ApiResult<()> {
    db.prepare("DELETE FROM twofaccounts WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(&[text(&serde_json::to_string(ids)?)])?
        .run()
        .await?;
    Ok(())
}

/// Sets the user's order of accounts to `ids` (positions 1..n), dropping any other position.
pub async fn reorder(db: &D1Database, user_id: i64, ids: &[i64]) -> ApiResult<()> {
    let ids = text(&serde_json::to_string(ids)?);
    db.batch(vec![
        db.prepare("DELETE FROM twofaccount_user_orders WHERE user_id = ?1")
            .bind(&[int(user_id)])?,
        db.prepare(
            "INSERT INTO twofaccount_user_orders (user_id, twofaccount_id, position) \
             SELECT ?1, value, key + 1 FROM json_each(?2)",
        )
        .bind(&[int(user_id), ids])?,
    ])
    .await?;
    Ok(())
}

/// The stored form of an account's own fields, in column order: service, account, icon,
/// otp_type, secret, digits, algorithm, period, counter (encrypted for account `id` of `user_id`
/// where they must be).
fn columns(vault: &Vault, user_id: i64, id: i64, account: &TwoFAccount) -> ApiResult<[JsValue; 9]> {
    let seal = |column: &'static str, value: &str| -> ApiResult<JsValue> {
        let sealed = vault.encrypt(
            &cell(column, user_id, id),
            value,
            random_bytes::<NONCE_LEN>()?,
        );
        Ok(text(&sealed))
    };
    Ok([
        match &account.service {
            Some(s) => seal("service", s)?,
            None => JsValue::NULL,
        },
        seal("account", &account.account)?,
        opt_text(account.icon.as_deref()),
        text(account.otp_type.as_str()),
        // Only secrets given by a request are written: one that did not decipher never is.
        seal(
            "secret",
            account
                .secret
                .readable()
                .ok_or_else(|| ApiError::Internal("undecipherable secret written".into()))?,
        )?,
        int(i64::from(account.digits)),
        text(account.algorithm.as_str()),
        account.period.map_or(JsValue::NULL, |p| int(p as i64)),
        opt_text(account.counter.map(|c| c.to_string()).as_deref()),
    ])
}

/// Stores a new account for `user_id` and returns its id.
///
/// The values are bound to the id, which AUTOINCREMENT only gives after the INSERT: so an id is
/// taken first from `twofaccount_ids` (never given twice, whatever runs in parallel), the values
/// are sealed for it, and the account is inserted with it while the reservation is deleted, in
/// one batch. A failure leaves at most an unused id, never a half-written row.
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
    let id = db
        .prepare("INSERT INTO twofaccount_ids DEFAULT VALUES RETURNING id")
        .row::<Id>()
        .await?
        .map(|n| n.id)
        .ok_or_else(|| ApiError::Internal("no twofaccount id given".into()))?;
    let mut params = vec![int(id), int(user_id)];
    params.extend(columns(vault, user_id, id, account)?);
    let legacy_uri = vault.encrypt(
        &cell("legacy_uri", user_id, id),
        &account.legacy_uri,
        random_bytes::<NONCE_LEN>()?,
    );
    params.push(text(&legacy_uri));
    params.push(int(now));
    db.batch(vec![
        db.prepare(
            "INSERT INTO twofaccounts (id, user_id, service, account, icon, otp_type, secret, digits, algorithm, period, counter, legacy_uri, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        )
        .bind(&params)?,
        db.prepare("DELETE FROM twofaccount_ids WHERE id = ?1")
            .bind(&[int(id)])?,
    ])
    .await?;
    Ok(id)
}

/// Replaces an account's fields (2FAuth's full-replacement update); `legacy_uri` is kept. Fails
/// with 404 when the account went or changed owner meanwhile (its values are bound to the owner).
pub async fn update(
    db: &D1Database,
    vault: &Vault,
    row: &Row,
    account: &TwoFAccount,
    now: i64,
) -> ApiResult<()> {
    let mut params = vec![int(row.id)];
    params.extend(columns(vault, row.user_id, row.id, account)?);
    params.push(int(now));
    params.push(int(row.user_id));
    let result = db
        .prepare(
            "UPDATE twofaccounts SET service = ?2, account = ?3, icon = ?4, otp_type = ?5, secret = ?6, digits = ?7, \
             algorithm = ?8, period = ?9, counter = ?10, updated_at = ?11 WHERE id = ?1 AND user_id = ?12",
        )
        .bind(&params)?
        .run()
        .await?;
    if result.meta()?.and_then(|m| m.changes).unwrap_or(0) == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// The statement that atomically takes the next HOTP counter value: it increments the stored
/// counter and returns the new one, so concurrent requests never share a value. It updates
/// nothing when the counter is at 2FAuth's (PHP's) maximum, i64::MAX.
pub fn take_counter_statement(
    db: &D1Database,
    id: i64,
    now: i64,
) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE twofaccounts SET counter = CAST(CAST(counter AS INTEGER) + 1 AS TEXT), updated_at = ?2 \
             WHERE id = ?1 AND otp_type = 'hotp' AND CAST(counter AS INTEGER) < 9223372036854775807 \
             RETURNING counter",
        )
        .bind(&[int(id), int(now)])?)
}

/// The counter value taken by [`take_counter_statement`] (the one to compute the code with).
pub fn taken_counter(result: &D1Result) -> ApiResult<Option<u64>> {
    #[derive(Deserialize)]
    struct Counter {
        counter: String,
    }
    let rows: Vec<Counter> = result.results()?;
    Ok(rows
        .first()
        .and_then(|r| r.counter.parse::<u64>().ok())
        .map(|next| next - 1))
}

/// Re-encrypts under the vault's current key and format the values of up to `limit` accounts
/// after id `after` that another key or an older format wrote. Each update only applies if the
/// row did not change meanwhile.
pub async fn reencrypt_batch(
    db: &D1Database,
    vault: &Vault,
    after: i64,
    limit: i64,
) -> ApiResult<Reencrypted<i64>> {
    #[derive(Deserialize)]
    struct Sealed {
        id: i64,
        user_id: i64,
        service: Option<String>,
        account: String,
        secret: String,
        legacy_uri: String,
    }
    let rows: Vec<Sealed> = db
        .prepare(
            "SELECT id, user_id, service, account, secret, legacy_uri FROM twofaccounts WHERE id > ?1 \
             ORDER BY id LIMIT ?2",
        )
        .bind(&[int(after), int(limit)])?
        .rows().await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let mut report = Reencrypted {
        done: 0,
        undecipherable: Vec::new(),
        next,
    };
    let mut updates = Vec::new();
    for row in &rows {
        let reseal = |column: &'static str, value: &str| -> ApiResult<Option<String>> {
            let here = cell(column, row.user_id, row.id);
            vault
                .reseal(&here, &here, value, random_bytes::<NONCE_LEN>()?)
                .map_err(|_| ApiError::NotFound)
        };
        let resealed = (|| {
            Ok::<_, ApiError>([
                row.service
                    .as_deref()
                    .map(|s| reseal("service", s))
                    .transpose()?
                    .flatten(),
                reseal("account", &row.account)?,
                reseal("secret", &row.secret)?,
                reseal("legacy_uri", &row.legacy_uri)?,
            ])
        })();
        let Ok([service, account, secret, legacy_uri]) = resealed else {
            report.undecipherable.push(row.id);
            continue;
        };
        if service.is_none() && account.is_none() && secret.is_none() && legacy_uri.is_none() {
            continue;
        }
        updates.push(
            db.prepare(
                "UPDATE twofaccounts SET service = COALESCE(?2, service), account = COALESCE(?3, account), \
                 secret = COALESCE(?4, secret), legacy_uri = COALESCE(?5, legacy_uri) \
                 WHERE id = ?1 AND user_id = ?10 AND service IS ?6 AND account = ?7 AND secret = ?8 \
                 AND legacy_uri = ?9",
            )
            .bind(&[
                int(row.id),
                opt_text(service.as_deref()),
                opt_text(account.as_deref()),
                opt_text(secret.as_deref()),
                opt_text(legacy_uri.as_deref()),
                opt_text(row.service.as_deref()),
                text(&row.account),
                text(&row.secret),
                text(&row.legacy_uri),
                int(row.user_id),
            ])?,
        );
    }
    if !updates.is_empty() {
        report.done = changed(&db.batch(updates).await?);
    }
    Ok(report)
}
