//! `backups`: each user's automatic backups. The master key, the password slot and the
//! destination's secret are stored encrypted by the [`Vault`], bound to their column and their user (see [`cell`]).

use serde::Deserialize;
use twofold_core::backup::{Destination, Schedule};
use worker::D1Database;

use super::{Reencrypted, Rows, changed, int, opt_text, text};
use crate::crypto::{Cell, NONCE_LEN, Vault};
use crate::error::{ApiError, ApiResult};
use crate::platform::random_bytes;

/// Where a value of `user_id`'s backups is stored: copied to another user's row, it does not read.
/// The v1 label is the table's and column's (backups never wrote v1): a v1 value of another
/// table's `secret`, copied here by a D1 writer, does not read either.
fn cell(column: &'static str, user_id: i64) -> Cell {
    let v1 = match column {
        "secret" => "backups.secret",
        "slot" => "backups.slot",
        _ => "backups.master_key",
    };
    Cell::new("backups", column, user_id.to_string(), v1)
}

/// A user's backups as stored, secrets still sealed.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub user_id: i64,
    enabled: i64,
    schedule: String,
    pub retention: u32,
    destination: String,
    secret: Option<String>,
    /// The Aegis password slot (JSON), sealed: public in every backup, but in D1 alone it would let
    /// a reader guess the backup password offline.
    slot: String,
    master_key: String,
    pub next_run_at: i64,
    pub last_run_at: Option<i64>,
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub last_file: Option<String>,
}

const COLUMNS: &str = "user_id, enabled, schedule, retention, destination, secret, slot, \
     master_key, next_run_at, last_run_at, last_outcome, last_error, last_file";

impl Row {
    /// Whether scheduled backups run.
    pub fn enabled(&self) -> bool {
        self.enabled != 0
    }

    /// The schedule (a row holds only what [`save`] wrote).
    pub fn schedule(&self) -> ApiResult<Schedule> {
        serde_json::from_value(serde_json::Value::String(self.schedule.clone()))
            .map_err(|_| ApiError::Internal("backups.schedule is invalid".into()))
    }

    /// The destination, without its secret.
    pub fn destination(&self) -> ApiResult<Destination> {
        Ok(serde_json::from_str(&self.destination)?)
    }

    /// Whether the destination's secret is stored.
    pub fn has_secret(&self) -> bool {
        self.secret.is_some()
    }

    /// The destination's secret, decrypted.
    pub fn secret(&self, vault: &Vault) -> Result<Option<String>, String> {
        self.secret
            .as_deref()
            .map(|s| vault.decrypt(&cell("secret", self.user_id), s))
            .transpose()
            .map_err(|_| "the destination's stored secret cannot be deciphered".to_string())
    }

    /// The Aegis password slot (JSON), decrypted.
    pub fn slot(&self, vault: &Vault) -> Result<String, String> {
        vault
            .decrypt(&cell("slot", self.user_id), &self.slot)
            .map_err(|_| "the backup key cannot be deciphered".to_string())
    }

    /// The master key that seals each backup, decrypted.
    pub fn master_key(&self, vault: &Vault) -> Result<[u8; 32], String> {
        let undecipherable = || "the backup key cannot be deciphered".to_string();
        let hex = vault
            .decrypt(&cell("master_key", self.user_id), &self.master_key)
            .map_err(|_| undecipherable())?;
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect();
        bytes.try_into().map_err(|_| undecipherable())
    }
}

/// The user's backups, if set up.
pub async fn find(db: &D1Database, user_id: i64) -> ApiResult<Option<Row>> {
    db.prepare(format!("SELECT {COLUMNS} FROM backups WHERE user_id = ?1"))
        .bind(&[int(user_id)])?
        .row()
        .await
}

/// Settings to save.
pub struct Saved<'a> {
    pub enabled: bool,
    pub schedule: Schedule,
    pub retention: u32,
    pub destination: &'a Destination,
    /// The new secret: `Some(None)` removes it, `None` keeps the stored one.
    pub secret: Option<Option<&'a str>>,
    /// A new slot and master key (a new password), `None` to keep them.
    pub key: Option<(&'a str, [u8; 32])>,
    pub next_run_at: i64,
}

/// Saves the user's settings, keeping the last run's record; a first save needs `key`.
pub async fn save(db: &D1Database, vault: &Vault, user_id: i64, s: &Saved<'_>) -> ApiResult<()> {
    let sealed_secret = match s.secret {
        Some(Some(secret)) => Some(vault.encrypt(
            &cell("secret", user_id),
            secret,
            random_bytes::<NONCE_LEN>()?,
        )),
        _ => None,
    };
    let (slot, master) = match &s.key {
        Some((slot, master)) => {
            let hex = crate::crypto::hex(master);
            let sealed = vault.encrypt(
                &cell("master_key", user_id),
                &hex,
                random_bytes::<NONCE_LEN>()?,
            );
            let slot = vault.encrypt(&cell("slot", user_id), slot, random_bytes::<NONCE_LEN>()?);
            (Some(slot), Some(sealed))
        }
        None => (None, None),
    };
    let keep_secret = i64::from(s.secret.is_none());
    // With a key, the row may be new: an upsert. Without, only an existing row is changed (SQLite
    // checks NOT NULL before an upsert's conflict, so the insert's empty key would fail it).
    let sql = match s.key {
        Some(_) => {
            "INSERT INTO backups (user_id, enabled, schedule, retention, destination, secret, \
             slot, master_key, next_run_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, \
             schedule = excluded.schedule, retention = excluded.retention, \
             destination = excluded.destination, \
             secret = CASE WHEN ?10 = 1 THEN backups.secret ELSE excluded.secret END, \
             slot = excluded.slot, master_key = excluded.master_key, \
             next_run_at = excluded.next_run_at"
        }
        None => {
            "UPDATE backups SET enabled = ?2, schedule = ?3, retention = ?4, destination = ?5, \
             secret = CASE WHEN ?10 = 1 THEN secret ELSE ?6 END, next_run_at = ?9 \
             WHERE user_id = ?1"
        }
    };
    db.prepare(sql)
        .bind(&[
            int(user_id),
            int(i64::from(s.enabled)),
            text(s.schedule.as_str()),
            int(i64::from(s.retention)),
            text(&serde_json::to_string(s.destination)?),
            opt_text(sealed_secret.as_deref()),
            opt_text(slot.as_deref()),
            opt_text(master.as_deref()),
            int(s.next_run_at),
            int(keep_secret),
        ])?
        .run()
        .await?;
    Ok(())
}

/// Removes the user's backups settings (the files stay where they are): whether there were some.
pub async fn delete(db: &D1Database, user_id: i64) -> ApiResult<bool> {
    let result = db
        .prepare("DELETE FROM backups WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// At most `limit` users whose scheduled backup is due at `now`, the longest waiting first.
pub async fn due(db: &D1Database, now: i64, limit: u32) -> ApiResult<Vec<Row>> {
    db.prepare(format!(
        "SELECT {COLUMNS} FROM backups WHERE enabled = 1 AND next_run_at <= ?1 \
             ORDER BY next_run_at LIMIT ?2"
    ))
    .bind(&[int(now), int(i64::from(limit))])?
    .rows()
    .await
}

/// Moves the user's next scheduled run from `due` to `next`, if no other run did meanwhile:
/// whether this run got the user.
pub async fn claim(db: &D1Database, user_id: i64, due: i64, next: i64) -> ApiResult<bool> {
    let result = db
        .prepare("UPDATE backups SET next_run_at = ?3 WHERE user_id = ?1 AND next_run_at = ?2")
        .bind(&[int(user_id), int(due), int(next)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Marks a run on request at `now` unless the last run is less than `cooldown` seconds old:
/// whether this request may run.
pub async fn start_on_request(
    db: &D1Database,
    user_id: i64,
    now: i64,
    cooldown: i64,
) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE backups SET last_run_at = ?2 WHERE user_id = ?1 \
             AND (last_run_at IS NULL OR last_run_at <= ?2 - ?3)",
        )
        .bind(&[int(user_id), int(now), int(cooldown)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Records a run of the user's backup made at `now`: the file written, or why it failed.
pub async fn record(
    db: &D1Database,
    user_id: i64,
    now: i64,
    outcome: &Result<String, String>,
) -> ApiResult<()> {
    let (name, file, error) = match outcome {
        Ok(file) => ("success", Some(file.as_str()), None),
        Err(error) => ("failure", None, Some(error.as_str())),
    };
    db.prepare(
        "UPDATE backups SET last_run_at = ?2, last_outcome = ?3, last_error = ?4, \
         last_file = COALESCE(?5, last_file) WHERE user_id = ?1",
    )
    .bind(&[
        int(user_id),
        int(now),
        text(name),
        opt_text(error),
        opt_text(file),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Re-encrypts the master keys, password slots and destination secrets of up to `limit` users after `after`
/// under the current key and format (a key rotation); each update applies only if the row did
/// not change meanwhile. Rows no known key opens are left as they are (their next run says so).
pub async fn reencrypt_batch(
    db: &D1Database,
    vault: &Vault,
    after: i64,
    limit: i64,
) -> ApiResult<Reencrypted<i64>> {
    #[derive(Deserialize)]
    struct Sealed {
        user_id: i64,
        secret: Option<String>,
        slot: String,
        master_key: String,
    }
    let rows: Vec<Sealed> = db
        .prepare(
            "SELECT user_id, secret, slot, master_key FROM backups WHERE user_id > ?1 \
             ORDER BY user_id LIMIT ?2",
        )
        .bind(&[int(after), int(limit)])?
        .rows()
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.user_id))
        .flatten();
    let mut report = Reencrypted {
        done: 0,
        undecipherable: Vec::new(),
        next,
    };
    let mut updates = Vec::new();
    for row in &rows {
        let reseal = |column, value: &str| -> ApiResult<Result<Option<String>, _>> {
            let here = cell(column, row.user_id);
            Ok(vault.reseal(&here, &here, value, random_bytes::<NONCE_LEN>()?))
        };
        let master = reseal("master_key", &row.master_key)?;
        let slot = reseal("slot", &row.slot)?;
        let secret = match &row.secret {
            Some(secret) => reseal("secret", secret)?,
            None => Ok(None),
        };
        let (Ok(master), Ok(slot), Ok(secret)) = (master, slot, secret) else {
            report.undecipherable.push(row.user_id);
            continue;
        };
        if master.is_none() && slot.is_none() && secret.is_none() {
            continue;
        }
        updates.push(
            db.prepare(
                "UPDATE backups SET master_key = ?2, secret = ?3, slot = ?6 \
                 WHERE user_id = ?1 AND master_key = ?4 AND secret IS ?5 AND slot = ?7",
            )
            .bind(&[
                int(row.user_id),
                text(master.as_deref().unwrap_or(&row.master_key)),
                opt_text(secret.as_deref().or(row.secret.as_deref())),
                text(&row.master_key),
                opt_text(row.secret.as_deref()),
                text(slot.as_deref().unwrap_or(&row.slot)),
                text(&row.slot),
            ])?,
        );
    }
    if !updates.is_empty() {
        report.done = changed(&db.batch(updates).await?);
    }
    Ok(report)
}
