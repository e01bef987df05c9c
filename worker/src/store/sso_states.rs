//! `sso_states`: sign-ins sent to a provider and not yet back, kept as hashes, single-use and
//! short-lived.

use serde::Deserialize;
use worker::D1Database;

use super::{Rows, int, text};
use crate::error::ApiResult;

/// Keeps a new sign-in's state until `expires_at` (and forgets the expired ones in the same batch,
/// so the table holds only sign-ins under way).
pub async fn issue(
    db: &D1Database,
    state_hash: &str,
    driver: &str,
    browser_hash: &str,
    now: i64,
    expires_at: i64,
) -> ApiResult<()> {
    db.batch(vec![
        db.prepare("DELETE FROM sso_states WHERE expires_at <= ?1")
            .bind(&[int(now)])?,
        db.prepare(
            "INSERT INTO sso_states (state_hash, driver, browser_hash, expires_at) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(&[
            text(state_hash),
            text(driver),
            text(browser_hash),
            int(expires_at),
        ])?,
    ])
    .await?;
    Ok(())
}

/// A sign-in taken back.
#[derive(Debug, Clone, Deserialize)]
pub struct Taken {
    pub driver: String,
    pub browser_hash: String,
}

/// Consumes a state: what it was issued for, once, while it lives; `None` after (replayed,
/// expired, or never issued).
pub async fn take(db: &D1Database, state_hash: &str, now: i64) -> ApiResult<Option<Taken>> {
    db.prepare(
        "DELETE FROM sso_states WHERE state_hash = ?1 AND expires_at > ?2 \
             RETURNING driver, browser_hash",
    )
    .bind(&[text(state_hash), int(now)])?
    .row()
    .await
}
