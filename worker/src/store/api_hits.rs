//! `api_hits`: requests per client address in the current window, for THROTTLE_API.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{int, text};
use crate::error::{ApiError, ApiResult};

/// Counts one request and answers (hits in the window so far, when the window ends). A window
/// starts at the first request after the last one ended; ended windows are pruned in the same
/// batch, so the table holds only the addresses of the last minute.
pub async fn hit(db: &D1Database, key_hash: &str, now: i64, window: i64) -> ApiResult<(u64, u64)> {
    #[derive(Deserialize)]
    struct Row {
        hits: u64,
        reset_at: u64,
    }
    let results = db
        .batch(vec![
            db.prepare("DELETE FROM api_hits WHERE reset_at <= ?1")
                .bind(&[int(now)])?,
            db.prepare(
                "INSERT INTO api_hits (key_hash, hits, reset_at) VALUES (?1, 1, ?2 + ?3) \
                 ON CONFLICT (key_hash) DO UPDATE SET \
                   hits = CASE WHEN reset_at <= ?2 THEN 1 ELSE hits + 1 END, \
                   reset_at = CASE WHEN reset_at <= ?2 THEN ?2 + ?3 ELSE reset_at END \
                 RETURNING hits, reset_at",
            )
            .bind(&[text(key_hash), int(now), int(window)])?,
        ])
        .await?;
    let row = results
        .get(1)
        .map(|r| r.results::<Row>())
        .transpose()?
        .and_then(|rows| rows.into_iter().next())
        .ok_or_else(|| ApiError::Internal("api_hits upsert returned no row".into()))?;
    Ok((row.hits, row.reset_at))
}

/// Forgets windows that have ended (the scheduled clean-up; [`hit`] prunes too, but only when a
/// request comes).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM api_hits WHERE reset_at <= ?1")
        .bind(&[int(now)])?)
}
