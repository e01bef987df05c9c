//! `groups` and `twofaccount_group_assignments`: per-user grouping of accounts.

use serde::Deserialize;
use worker::D1Database;

use super::int;
use crate::error::ApiResult;

#[derive(Deserialize)]
struct Owner {
    user_id: i64,
}

/// The owner of group `id`, or `None` when no such group exists.
pub async fn owner(db: &D1Database, id: i64) -> ApiResult<Option<i64>> {
    let row: Option<Owner> = db
        .prepare("SELECT user_id FROM groups WHERE id = ?1")
        .bind(&[int(id)])?
        .first(None)
        .await?;
    Ok(row.map(|o| o.user_id))
}

/// Files account `account_id` in `group_id` for `user_id` (one group per account per user).
pub fn assign_statement(
    db: &D1Database,
    account_id: i64,
    user_id: i64,
    group_id: i64,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO twofaccount_group_assignments (twofaccount_id, user_id, group_id) VALUES (?1, ?2, ?3) \
             ON CONFLICT (twofaccount_id, user_id) DO UPDATE SET group_id = excluded.group_id",
        )
        .bind(&[int(account_id), int(user_id), int(group_id)])?)
}
