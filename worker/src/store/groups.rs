//! `groups` and `twofaccount_group_assignments`: per-user grouping of accounts.

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, text};
use crate::error::{ApiError, ApiResult};

/// A group row with the caller's count of accounts in it.
#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub show_in_chips: i64,
    pub twofaccounts_count: i64,
}

const SELECT: &str = "SELECT g.id, g.user_id, g.name, g.show_in_chips, \
     (SELECT COUNT(*) FROM twofaccount_group_assignments a WHERE a.group_id = g.id AND a.user_id = g.user_id) AS twofaccounts_count \
     FROM groups g";

/// The user's groups by their order (new ones last).
pub async fn list(db: &D1Database, user_id: i64) -> ApiResult<Vec<Group>> {
    db.prepare(format!(
        "{SELECT} WHERE g.user_id = ?1 ORDER BY g.order_column, g.id"
    ))
    .bind(&[int(user_id)])?
    .rows()
    .await
}

/// Group `id` whoever owns it.
pub async fn find(db: &D1Database, id: i64) -> ApiResult<Option<Group>> {
    db.prepare(format!("{SELECT} WHERE g.id = ?1"))
        .bind(&[int(id)])?
        .row()
        .await
}

/// The owner of group `id`, or `None` when no such group exists.
pub async fn owner(db: &D1Database, id: i64) -> ApiResult<Option<i64>> {
    Ok(find(db, id).await?.map(|g| g.user_id))
}

/// Whether the user has another group with this name.
pub async fn name_taken(
    db: &D1Database,
    user_id: i64,
    name: &str,
    except: Option<i64>,
) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Taken {
        taken: i64,
    }
    let row: Option<Taken> = db
        .prepare("SELECT EXISTS(SELECT 1 FROM groups WHERE user_id = ?1 AND name = ?2 AND id != ?3) AS taken")
        .bind(&[int(user_id), text(name), int(except.unwrap_or(0))])?
        .row().await?;
    Ok(row.is_some_and(|t| t.taken != 0))
}

/// Creates a group at the end of the user's order.
pub async fn insert(
    db: &D1Database,
    user_id: i64,
    name: &str,
    show_in_chips: bool,
    now: i64,
) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let row: Option<Id> = db
        .prepare(
            "INSERT INTO groups (user_id, name, show_in_chips, order_column, created_at, updated_at) \
             VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(order_column), 0) + 1 FROM groups WHERE user_id = ?1), ?4, ?4) RETURNING id",
        )
        .bind(&[int(user_id), text(name), JsValue::from(i32::from(show_in_chips)), int(now)])?
        .row().await?;
    row.map(|r| r.id)
        .ok_or_else(|| ApiError::Internal("insert group returned nothing".into()))
}

/// Renames a group; `show_in_chips` is changed only when given.
pub async fn update(
    db: &D1Database,
    id: i64,
    name: &str,
    show_in_chips: Option<bool>,
    now: i64,
) -> ApiResult<()> {
    let chips = show_in_chips.map_or(JsValue::NULL, |b| JsValue::from(i32::from(b)));
    db.prepare("UPDATE groups SET name = ?2, show_in_chips = COALESCE(?3, show_in_chips), updated_at = ?4 WHERE id = ?1")
        .bind(&[int(id), text(name), chips, int(now)])?
        .run()
        .await?;
    Ok(())
}

/// Deletes a group: its assignments go with it (cascade), and any user preference pointing at it
/// (`defaultGroup`, `activeGroup`) goes back to 0 — all in one transaction.
pub async fn delete(db: &D1Database, id: i64) -> ApiResult<()> {
    let reset = |pref: &str| -> ApiResult<D1PreparedStatement> {
        Ok(db
            .prepare(format!(
                "UPDATE users SET preferences = json_set(preferences, '$.{pref}', 0) \
                 WHERE json_extract(preferences, '$.{pref}') = ?1"
            ))
            .bind(&[int(id)])?)
    };
    db.batch(vec![
        reset("defaultGroup")?,
        reset("activeGroup")?,
        db.prepare("DELETE FROM groups WHERE id = ?1")
            .bind(&[int(id)])?,
    ])
    .await?;
    Ok(())
}

/// Files accounts `ids` in `group_id` for `user_id` (one group per account per user).
pub fn assign_statement(
    db: &D1Database,
    ids: &[i64],
    user_id: i64,
    group_id: i64,
) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO twofaccount_group_assignments (twofaccount_id, user_id, group_id) \
             SELECT value, ?2, ?3 FROM json_each(?1) WHERE value IN (SELECT id FROM twofaccounts) \
             ON CONFLICT (twofaccount_id, user_id) DO UPDATE SET group_id = excluded.group_id",
        )
        .bind(&[
            text(&serde_json::to_string(ids)?),
            int(user_id),
            int(group_id),
        ])?)
}

/// Takes accounts `ids` out of the user's groups.
pub fn withdraw_statement(
    db: &D1Database,
    ids: &[i64],
    user_id: i64,
) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM twofaccount_group_assignments WHERE user_id = ?2 AND twofaccount_id IN (SELECT value FROM json_each(?1))")
        .bind(&[text(&serde_json::to_string(ids)?), int(user_id)])?)
}

/// Sets the user's group order to `ids` (positions 1..n).
pub async fn reorder(db: &D1Database, user_id: i64, ids: &[i64]) -> ApiResult<()> {
    db.prepare(
        "UPDATE groups SET order_column = (SELECT key + 1 FROM json_each(?2) WHERE value = groups.id) \
         WHERE user_id = ?1 AND id IN (SELECT value FROM json_each(?2))",
    )
    .bind(&[int(user_id), text(&serde_json::to_string(ids)?)])?
    .run()
    .await?;
    Ok(())
}
