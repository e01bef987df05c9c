//! `login_attempts`: the sign-in guards' counters ([`twofold_core::login_throttle`]), keyed by a
//! keyed hash of what they count (an e-mail and address, or an e-mail).

use serde::Deserialize;
use twofold_core::login_throttle::{self, Attempts, Gate, Rule};
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, text};
use crate::error::ApiResult;

/// Tries before a request that keeps losing the compare-and-set gives up (it then waits 1 s).
const TRIES: usize = 8;

#[derive(Deserialize)]
struct Row {
    failures: i64,
    window_start: i64,
    last_at: i64,
}

async fn read(db: &D1Database, key_hash: &str) -> ApiResult<Option<Attempts>> {
    let row: Option<Row> = db
        .prepare("SELECT failures, window_start, last_at FROM login_attempts WHERE key_hash = ?1")
        .bind(&[text(key_hash)])?
        .row()
        .await?;
    Ok(row.map(|r| Attempts {
        count: r.failures,
        window_start: r.window_start,
        last_at: r.last_at,
    }))
}

/// Writes `next` only if the row still holds `seen` (or still does not exist): true when written.
async fn swap(
    db: &D1Database,
    key_hash: &str,
    seen: Option<Attempts>,
    next: Attempts,
) -> ApiResult<bool> {
    // A missing row is matched by values no row has (-1), so a concurrent insert wins alone.
    let seen = seen.unwrap_or(Attempts {
        count: -1,
        window_start: -1,
        last_at: -1,
    });
    let result = db
        .prepare(
            "INSERT INTO login_attempts (key_hash, failures, window_start, last_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (key_hash) DO UPDATE SET failures = excluded.failures, \
               window_start = excluded.window_start, last_at = excluded.last_at \
             WHERE failures = ?5 AND window_start = ?6 AND last_at = ?7",
        )
        .bind(&[
            text(key_hash),
            int(next.count),
            int(next.window_start),
            int(next.last_at),
            int(seen.count),
            int(seen.window_start),
            int(seen.last_at),
        ])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Counts one attempt under `rule` before the password is checked: `Ok(None)` when it may go on,
/// `Ok(Some(seconds))` when it must wait. Atomic: each attempt is one successful swap.
pub async fn take(db: &D1Database, key_hash: &str, rule: Rule, now: i64) -> ApiResult<Option<u64>> {
    for _ in 0..TRIES {
        let seen = read(db, key_hash).await?;
        match login_throttle::take(rule, seen, now) {
            Gate::Shut(wait) => return Ok(Some(wait)),
            Gate::Open(next) => {
                if swap(db, key_hash, seen, next).await? {
                    return Ok(None);
                }
            }
        }
    }
    Ok(Some(1))
}

/// Forgets a counter after a successful sign-in.
pub async fn clear(db: &D1Database, key_hashes: &[&str]) -> ApiResult<()> {
    let statements = key_hashes
        .iter()
        .map(|key| {
            db.prepare("DELETE FROM login_attempts WHERE key_hash = ?1")
                .bind(&[text(key)])
        })
        .collect::<Result<Vec<_>, _>>()?;
    db.batch(statements).await?;
    Ok(())
}

/// Removes counters that no longer limit anything (the scheduled clean-up): none has seen an
/// attempt for longer than the longest rule remembers one.
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    let quiet = login_throttle::ACCOUNT_QUIET_RESET.max(login_throttle::PAIR_WINDOW);
    Ok(db
        .prepare("DELETE FROM login_attempts WHERE last_at <= ?1")
        .bind(&[int(now - quiet)])?)
}
