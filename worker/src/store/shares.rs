//! `shares`: two-factor accounts shared with users, or with all users (`user_id` NULL).

use serde::Deserialize;
use twofold_core::sharing::RecipientFilter;
use worker::D1Database;

use super::{Rows, int, text};
use crate::error::ApiResult;

/// A user an account can be shared with, and since when it is.
#[derive(Debug, Clone, Deserialize)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub shared_since: Option<i64>,
}

/// Shares `account_id` with `user_ids`; how many shares are new.
pub async fn with_users(
    db: &D1Database,
    account_id: i64,
    user_ids: &[i64],
    now: i64,
) -> ApiResult<usize> {
    let results = db
        .batch(
            user_ids
                .iter()
                .map(|user_id| {
                    db.prepare(
                        "INSERT OR IGNORE INTO shares (twofaccount_id, user_id, created_at) VALUES (?1, ?2, ?3)",
                    )
                    .bind(&[int(account_id), int(*user_id), int(now)])
                })
                .collect::<Result<Vec<_>, _>>()?,
        )
        .await?;
    Ok(results
        .iter()
        .filter_map(|r| r.meta().ok().flatten().and_then(|m| m.changes))
        .filter(|c| *c > 0)
        .count())
}

/// Shares `account_id` with all users, which replaces its user shares; true when new.
pub async fn with_all(db: &D1Database, account_id: i64, now: i64) -> ApiResult<bool> {
    let results = db
        .batch(vec![
            db.prepare("DELETE FROM shares WHERE twofaccount_id = ?1 AND user_id IS NOT NULL")
                .bind(&[int(account_id)])?,
            db.prepare(
                "INSERT OR IGNORE INTO shares (twofaccount_id, user_id, created_at) VALUES (?1, NULL, ?2)",
            )
            .bind(&[int(account_id), int(now)])?,
        ])
        .await?;
    Ok(results
        .get(1)
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0)
        > 0)
}

/// Whether `account_id` is shared with all users.
pub async fn is_with_all(db: &D1Database, account_id: i64) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Flag {
        yes: i64,
    }
    let row: Option<Flag> = db
        .prepare("SELECT EXISTS(SELECT 1 FROM shares WHERE twofaccount_id = ?1 AND user_id IS NULL) AS yes")
        .bind(&[int(account_id)])?
        .row().await?;
    Ok(row.is_some_and(|f| f.yes != 0))
}

/// Ends every share of `account_id` (`including_all`: the all-users one too).
pub async fn revoke_all(db: &D1Database, account_id: i64, including_all: bool) -> ApiResult<()> {
    db.prepare("DELETE FROM shares WHERE twofaccount_id = ?1 AND (user_id IS NOT NULL OR ?2 = 1)")
        .bind(&[int(account_id), int(i64::from(including_all))])?
        .run()
        .await?;
    Ok(())
}

/// Ends the share of `account_id` with `user_id`.
pub async fn revoke(db: &D1Database, account_id: i64, user_id: i64) -> ApiResult<()> {
    db.prepare("DELETE FROM shares WHERE twofaccount_id = ?1 AND user_id = ?2")
        .bind(&[int(account_id), int(user_id)])?
        .run()
        .await?;
    Ok(())
}

/// The users `account_id` is shared with, by id.
pub async fn specific(db: &D1Database, account_id: i64) -> ApiResult<Vec<Recipient>> {
    db
        .prepare(
            "SELECT u.id, u.name, s.created_at AS shared_since FROM shares s JOIN users u ON u.id = s.user_id \
             WHERE s.twofaccount_id = ?1 ORDER BY u.id",
        )
        .bind(&[int(account_id)])?
        .rows().await
}

/// The users other than `owner_id` the account could be shared with, with their share if any.
pub async fn recipients(
    db: &D1Database,
    account_id: i64,
    owner_id: i64,
    filter: &RecipientFilter,
) -> ApiResult<Vec<Recipient>> {
    let (condition, value) = match filter {
        RecipientFilter::Nobody => return Ok(Vec::new()),
        RecipientFilter::All => ("1 = 1 OR ?3 IS NULL", String::new()),
        RecipientFilter::Email(email) => ("u.email = ?3", email.clone()),
        // instr() instead of LIKE: the text is matched literally, wildcards included.
        RecipientFilter::Name(name) => ("instr(lower(u.name), lower(?3)) > 0", name.clone()),
    };
    let sql = format!(
        "SELECT u.id, u.name, s.created_at AS shared_since FROM users u \
         LEFT JOIN shares s ON s.twofaccount_id = ?1 AND s.user_id = u.id \
         WHERE u.id != ?2 AND ({condition}) ORDER BY u.id"
    );
    db.prepare(sql)
        .bind(&[int(account_id), int(owner_id), text(&value)])?
        .rows()
        .await
}

/// How many accounts of others `user_id` may see (shared with him, or with all when `all_scope`).
pub async fn count_borrowed(db: &D1Database, user_id: i64, all_scope: bool) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let row: Option<Count> = db
        .prepare(
            "SELECT COUNT(DISTINCT s.twofaccount_id) AS n FROM shares s JOIN twofaccounts a ON a.id = s.twofaccount_id \
             WHERE a.user_id != ?1 AND (s.user_id = ?1 OR (?2 = 1 AND s.user_id IS NULL))",
        )
        .bind(&[int(user_id), int(i64::from(all_scope))])?
        .row().await?;
    Ok(row.map_or(0, |c| c.n))
}
