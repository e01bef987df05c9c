//! Re-encryption of everything stored encrypted — accounts, then icons, then backup keys — under the current
//! `APP_KEY` and format, in resumable batches: after a key rotation, and to move values of an
//! older format (v1) to today's binding, and accounts of the older form into a card, even when
//! the key did not change. Then the password
//! records from before `PASSWORD_PEPPER` are peppered in place, so that a user who does not log
//! in is not left crackable from a dump. The admin route
//! (`POST /api/v1/system/reencrypt`) runs one batch per call; [`run`] runs them all (for a
//! scheduled handler).

use serde::Deserialize;
use worker::D1Database;

use super::{Rows, backups, changed, icons, int, text, twofaccounts};
use crate::crypto::{PasswordRecord, Vault};
use crate::error::ApiResult;
use crate::platform::password_pepper;

/// Accounts per batch: a few hundred D1 statements at most.
const ACCOUNTS_PER_BATCH: i64 = 100;
/// Icons per batch: up to about 1.4 MB stored each, so a batch stays far below a Worker's memory.
const ICONS_PER_BATCH: i64 = 10;
/// Backup settings per batch (two values each).
const BACKUPS_PER_BATCH: i64 = 100;
/// Users per batch (one HMAC each).
const USERS_PER_BATCH: i64 = 100;

/// Where a re-encryption stands. The accounts come first (by id), then the icons (by file name),
/// then the backup keys (by user id), then the users' password records (by id): one cursor covers
/// the four tables, written `accounts:<last id>`, `icons:<last file name>`, `backups:<last user
/// id>` or `users:<last id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Accounts after this id are left (0: all of them).
    Accounts(i64),
    /// All accounts are done; icons after this file name are left (empty: all of them).
    Icons(String),
    /// Accounts and icons are done; backups of users after this id are left (0: all of them).
    Backups(i64),
    /// Accounts, icons and backups are done; users after this id are left (0: all of them).
    Users(i64),
}

impl Cursor {
    /// The start of a re-encryption.
    pub fn start() -> Self {
        Self::Accounts(0)
    }

    /// Reads a cursor as [`Cursor::to_text`] writes it; a bare number is an account id (the
    /// cursor's form before icons were re-encrypted too). `None`: not a cursor.
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(id) = text.strip_prefix("accounts:") {
            return id.parse().ok().map(Self::Accounts);
        }
        if let Some(name) = text.strip_prefix("icons:") {
            return Some(Self::Icons(name.to_string()));
        }
        if let Some(id) = text.strip_prefix("backups:") {
            return id.parse().ok().map(Self::Backups);
        }
        if let Some(id) = text.strip_prefix("users:") {
            return id.parse().ok().map(Self::Users);
        }
        text.parse().ok().map(Self::Accounts)
    }

    /// The cursor as the route answers it.
    pub fn to_text(&self) -> String {
        match self {
            Self::Accounts(id) => format!("accounts:{id}"),
            Self::Icons(name) => format!("icons:{name}"),
            Self::Backups(id) => format!("backups:{id}"),
            Self::Users(id) => format!("users:{id}"),
        }
    }
}

/// What one batch did.
#[derive(Debug, Default)]
pub struct Batch {
    /// Rows rewritten: accounts or icons under the current key and format, password records
    /// peppered.
    pub reencrypted: usize,
    /// Accounts with a value no known key opens where it is (left as they are).
    pub undecipherable_accounts: Vec<i64>,
    /// Icons no known key opens (left as they are).
    pub undecipherable_icons: Vec<String>,
    /// Where the next batch starts; `None`: everything has been gone through.
    pub next: Option<Cursor>,
}

/// Runs the batch at `cursor`.
pub async fn batch(db: &D1Database, vault: &Vault, cursor: &Cursor) -> ApiResult<Batch> {
    Ok(match cursor {
        Cursor::Accounts(after) => {
            let done = twofaccounts::reencrypt_batch(db, vault, *after, ACCOUNTS_PER_BATCH).await?;
            Batch {
                reencrypted: done.done,
                undecipherable_accounts: done.undecipherable,
                next: Some(
                    done.next
                        .map_or(Cursor::Icons(String::new()), Cursor::Accounts),
                ),
                ..Batch::default()
            }
        }
        Cursor::Icons(after) => {
            let done = icons::reencrypt_batch(db, vault, after, ICONS_PER_BATCH).await?;
            Batch {
                reencrypted: done.done,
                undecipherable_icons: done.undecipherable,
                next: Some(done.next.map_or(Cursor::Backups(0), Cursor::Icons)),
                ..Batch::default()
            }
        }
        Cursor::Backups(after) => {
            let done = backups::reencrypt_batch(db, vault, *after, BACKUPS_PER_BATCH).await?;
            if !done.undecipherable.is_empty() {
                worker::console_error!(
                    "backup keys no known key opens: users {:?}",
                    done.undecipherable
                );
            }
            Batch {
                reencrypted: done.done,
                next: Some(done.next.map_or(Cursor::Users(0), Cursor::Backups)),
                ..Batch::default()
            }
        }
        Cursor::Users(after) => {
            let (reencrypted, next) = pepper_passwords(db, *after, USERS_PER_BATCH).await?;
            Batch {
                reencrypted,
                next: next.map(Cursor::Users),
                ..Batch::default()
            }
        }
    })
}

/// Peppers in place the password records from before `PASSWORD_PEPPER` of up to `limit` users
/// after id `after` (see [`PasswordRecord::pepper_in_place`]); each update only applies if the
/// record did not change meanwhile. How many were peppered, and the last id when more may follow.
async fn pepper_passwords(
    db: &D1Database,
    after: i64,
    limit: i64,
) -> ApiResult<(usize, Option<i64>)> {
    #[derive(Deserialize)]
    struct User {
        id: i64,
        password: String,
    }
    let pepper = password_pepper()?;
    let users: Vec<User> = db
        .prepare("SELECT id, password FROM users WHERE id > ?1 ORDER BY id LIMIT ?2")
        .bind(&[int(after), int(limit)])?
        .rows()
        .await?;
    let next = (users.len() as i64 == limit)
        .then(|| users.last().map(|u| u.id))
        .flatten();
    let mut updates = Vec::new();
    for user in &users {
        let Some(peppered) =
            PasswordRecord::decode(&user.password).and_then(|r| r.pepper_in_place(&pepper))
        else {
            continue;
        };
        updates.push(
            db.prepare("UPDATE users SET password = ?2 WHERE id = ?1 AND password = ?3")
                .bind(&[int(user.id), text(&peppered.encode()), text(&user.password)])?,
        );
    }
    let done = match updates.is_empty() {
        true => 0,
        false => changed(&db.batch(updates).await?),
    };
    Ok((done, next))
}

/// Whether anything may be left to re-encrypt or pepper, in one query that reads no value
/// whole: the scheduled clean-up runs [`run`] only then.
pub async fn pending(db: &D1Database, vault: &Vault) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Row {
        pending: i64,
    }
    let prefix = vault.current_prefix();
    let row: Option<Row> = db
        .prepare(
            "SELECT (EXISTS (SELECT 1 FROM twofaccounts WHERE card IS NULL \
               OR substr(card, 1, ?2) <> ?1 OR substr(legacy_uri, 1, ?2) <> ?1) \
             OR EXISTS (SELECT 1 FROM icons WHERE substr(data, 1, ?2) <> ?1) \
             OR EXISTS (SELECT 1 FROM backups WHERE substr(master_key, 1, ?2) <> ?1 \
               OR substr(secret, 1, ?2) <> ?1) \
             OR EXISTS (SELECT 1 FROM users WHERE password NOT LIKE 'pbkdf2-sha256-hmac$%')) AS pending",
        )
        .bind(&[text(&prefix), int(prefix.len() as i64)])?
        .row().await?;
    Ok(row.is_some_and(|r| r.pending != 0))
}

/// Runs every batch from the start, for the scheduled clean-up: what all of them did together
/// (`next` is `None`). Values already current are skipped, so a run with nothing to do only reads.
pub async fn run(db: &D1Database, vault: &Vault) -> ApiResult<Batch> {
    let mut total = Batch::default();
    let mut cursor = Some(Cursor::start());
    while let Some(at) = cursor {
        let done = batch(db, vault, &at).await?;
        total.reencrypted += done.reencrypted;
        total
            .undecipherable_accounts
            .extend(done.undecipherable_accounts);
        total.undecipherable_icons.extend(done.undecipherable_icons);
        cursor = done.next;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_read_the_old_numeric_form() {
        for cursor in [
            Cursor::start(),
            Cursor::Accounts(130),
            Cursor::Icons(String::new()),
            Cursor::Icons("aBc123.png".into()),
            Cursor::Backups(3),
            Cursor::Users(7),
        ] {
            assert_eq!(Cursor::parse(&cursor.to_text()), Some(cursor));
        }
        assert_eq!(Cursor::parse("100"), Some(Cursor::Accounts(100)));
        assert_eq!(Cursor::parse("accounts:x"), None);
        assert_eq!(Cursor::parse("groups:1"), None);
        assert_eq!(Cursor::parse("users:"), None);
    }
}
