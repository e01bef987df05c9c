//! `icons`: icon files, encrypted, by file name.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Reencrypted, Rows, changed, int, text};
use crate::crypto::{Cell, NONCE_LEN, Vault};
use crate::error::ApiResult;
use crate::platform::random_bytes;

/// Where an icon's bytes are stored, which their ciphertext is bound to: its own file name (format
/// v1 bound only the name `icon`), so data copied under another name does not read.
fn cell(filename: &str) -> Cell {
    Cell::new("icons", "data", filename.to_string(), "icon")
}

/// The most bytes (as stored) one user's icons may take: a few hundred icons, not a disk.
pub const QUOTA_BYTES: i64 = 20_000_000;

/// Stores an icon, unless the user's icons would then exceed [`QUOTA_BYTES`]: false then. The
/// check and the insert are one statement, so parallel uploads cannot overshoot together.
pub async fn insert(
    db: &D1Database,
    vault: &Vault,
    filename: &str,
    mime: &str,
    bytes: &[u8],
    user_id: i64,
    now: i64,
) -> ApiResult<bool> {
    let sealed = vault.encrypt(
        &cell(filename),
        &B64.encode(bytes),
        random_bytes::<NONCE_LEN>()?,
    );
    let result = db
        .prepare(
            "INSERT INTO icons (filename, mime, data, uploaded_by, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE LENGTH(?3) + \
             (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM icons WHERE uploaded_by = ?4) <= ?6",
        )
        .bind(&[
            text(filename),
            text(mime),
            text(&sealed),
            int(user_id),
            int(now),
            int(QUOTA_BYTES),
        ])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// An icon's MIME type and bytes (`None` when missing or undecipherable).
pub async fn find(
    db: &D1Database,
    vault: &Vault,
    filename: &str,
) -> ApiResult<Option<(String, Vec<u8>)>> {
    #[derive(Deserialize)]
    struct Row {
        mime: String,
        data: String,
    }
    let row: Option<Row> = db
        .prepare("SELECT mime, data FROM icons WHERE filename = ?1")
        .bind(&[text(filename)])?
        .row()
        .await?;
    Ok(row.and_then(|r| {
        let encoded = vault.decrypt(&cell(filename), &r.data).ok()?;
        Some((r.mime, B64.decode(encoded).ok()?))
    }))
}

/// Whether an account of another user than `user_id` shows this icon.
pub async fn used_by_others(db: &D1Database, filename: &str, user_id: i64) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Used {
        used: i64,
    }
    let row: Option<Used> = db
        .prepare(
            "SELECT EXISTS(SELECT 1 FROM twofaccounts WHERE icon = ?1 AND user_id != ?2) AS used",
        )
        .bind(&[text(filename), int(user_id)])?
        .row()
        .await?;
    Ok(row.is_some_and(|u| u.used != 0))
}

/// Deletes an icon (nothing when there is none).
pub async fn delete(db: &D1Database, filename: &str) -> ApiResult<()> {
    db.prepare("DELETE FROM icons WHERE filename = ?1")
        .bind(&[text(filename)])?
        .run()
        .await?;
    Ok(())
}

/// How long an uploaded icon may wait for an account to show it before it is collected: the web
/// app uploads an icon before the account is saved.
pub const UNUSED_GRACE: i64 = 86_400;

/// Collects icons no account shows, uploaded more than [`UNUSED_GRACE`] ago (the scheduled
/// clean-up).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "DELETE FROM icons WHERE created_at <= ?1 AND NOT EXISTS \
             (SELECT 1 FROM twofaccounts WHERE twofaccounts.icon = icons.filename)",
        )
        .bind(&[int(now - UNUSED_GRACE)])?)
}

/// Re-encrypts under the vault's current key and format up to `limit` icons after file name
/// `after` (in name order). Each update only applies if the icon did not change meanwhile. Icons
/// are up to a megabyte each: keep `limit` small.
pub async fn reencrypt_batch(
    db: &D1Database,
    vault: &Vault,
    after: &str,
    limit: i64,
) -> ApiResult<Reencrypted<String>> {
    #[derive(Deserialize)]
    struct Sealed {
        filename: String,
        data: String,
    }
    let rows: Vec<Sealed> = db
        .prepare("SELECT filename, data FROM icons WHERE filename > ?1 ORDER BY filename LIMIT ?2")
        .bind(&[text(after), int(limit)])?
        .rows()
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.filename.clone()))
        .flatten();
    let mut report = Reencrypted {
        done: 0,
        undecipherable: Vec::new(),
        next,
    };
    let mut updates = Vec::new();
    for row in &rows {
        let here = cell(&row.filename);
        match vault.reseal(&here, &here, &row.data, random_bytes::<NONCE_LEN>()?) {
            Ok(None) => {}
            Ok(Some(resealed)) => updates.push(
                db.prepare("UPDATE icons SET data = ?2 WHERE filename = ?1 AND data = ?3")
                    .bind(&[text(&row.filename), text(&resealed), text(&row.data)])?,
            ),
            Err(_) => report.undecipherable.push(row.filename.clone()),
        }
    }
    if !updates.is_empty() {
        report.done = changed(&db.batch(updates).await?);
    }
    Ok(report)
}
