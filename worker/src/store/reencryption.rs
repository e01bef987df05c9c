//! Re-encryption of everything stored encrypted — accounts, then icons — under the current
//! `APP_KEY` and format, in resumable batches: after a key rotation, and to move values of an
//! older format (v1) to today's binding even when the key did not change. The admin route
//! (`POST /api/v1/system/reencrypt`) runs one batch per call; [`run`] runs them all (for a
//! scheduled handler).

use worker::D1Database;

use super::{icons, twofaccounts};
use crate::crypto::Vault;
use crate::error::ApiResult;

/// Accounts per batch: a few hundred D1 statements at most.
const ACCOUNTS_PER_BATCH: i64 = 100;
/// Icons per batch: up to about 1.4 MB stored each, so a batch stays far below a Worker's memory.
const ICONS_PER_BATCH: i64 = 10;

/// Where a re-encryption stands. The accounts come first (by id), then the icons (by file name):
/// one cursor covers both tables, written `accounts:<last id>` or `icons:<last file name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Accounts after this id are left (0: all of them).
    Accounts(i64),
    /// All accounts are done; icons after this file name are left (empty: all of them).
    Icons(String),
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
        text.parse().ok().map(Self::Accounts)
    }

    /// The cursor as the route answers it.
    pub fn to_text(&self) -> String {
        match self {
            Self::Accounts(id) => format!("accounts:{id}"),
            Self::Icons(name) => format!("icons:{name}"),
        }
    }
}

/// What one batch did.
#[derive(Debug, Default)]
pub struct Batch {
    /// Rows (accounts or icons) rewritten under the current key and format.
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
                next: done.next.map(Cursor::Icons),
                ..Batch::default()
            }
        }
    })
}

/// Runs every batch from the start, for a scheduled handler: what all of them did together
/// (`next` is `None`). Values already current are skipped, so a run with nothing to do only reads.
#[allow(
    dead_code,
    reason = "for the scheduled handler (lib.rs), which the lead wires to it"
)]
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
        ] {
            assert_eq!(Cursor::parse(&cursor.to_text()), Some(cursor));
        }
        assert_eq!(Cursor::parse("100"), Some(Cursor::Accounts(100)));
        assert_eq!(Cursor::parse("accounts:x"), None);
        assert_eq!(Cursor::parse("users:1"), None);
    }
}
