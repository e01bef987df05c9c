//! `twofaccounts`: the two-factor accounts. What a list needs encrypted — service, account and
//! secret — is sealed by the [`Vault`] as one value, the account's card (`card`): a list of 500
//! decrypts 500 values, not 1 500. `legacy_uri`, which only exports read, is sealed apart. Both
//! are bound to their column, their account's id and its owner (see [`cell`]). Rows written before
//! cards hold the three in `service`, `account` and `secret`, `card` NULL: they still read, and
//! the re-encryption or their next update moves them into a card, in one statement (a row is in
//! one form or the other, which a CHECK of `card` enforces). The HOTP counter is stored as decimal
//! text because 64-bit counters do not fit in a JavaScript number.

use serde::Deserialize;
use twofold_core::access::{self, Facts, Sharing};
use twofold_core::account::{OtpType, TwoFAccount};
use twofold_core::otp::Algorithm;
use twofold_core::secret::{INDECIPHERABLE, Secret};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{Owner, Reencrypted, Rows, changed, int, opt_text, settings, text};
use crate::crypto::{Cell, NONCE_LEN, Undecipherable, Vault};
use crate::error::{ApiError, ApiResult};
use crate::platform::random_bytes;

/// Where a value of account `id` owned by `user_id` is stored, which its ciphertext is bound to:
/// a value copied into another account, or into an account of another user, does not read. Ids
/// are never reused (AUTOINCREMENT), so the pair names one account for ever.
fn cell(column: &'static str, user_id: i64, id: i64) -> Cell {
    Cell::new("twofaccounts", column, format!("{user_id}/{id}"), column)
}

/// The column of the card.
const CARD: &str = "card";

/// An account's service, account and secret in the clear: what its card holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plain {
    service: Option<String>,
    account: String,
    secret: String,
}

/// The plaintext of a card: one byte saying whether a service follows (1) or not (0), then the
/// service if any, the account and the secret, each as its length (4 bytes, big-endian) and its
/// UTF-8 bytes.
fn card_bytes(service: Option<&str>, account: &str, secret: &str) -> Vec<u8> {
    let mut bytes = vec![u8::from(service.is_some())];
    for field in service.iter().chain([&account, &secret]) {
        bytes.extend_from_slice(&(field.len() as u32).to_be_bytes());
        bytes.extend_from_slice(field.as_bytes());
    }
    bytes
}

/// Reads what [`card_bytes`] wrote; `None` for anything else (nothing may follow the secret).
fn card_fields(bytes: &[u8]) -> Option<Plain> {
    let (&flag, mut rest) = bytes.split_first()?;
    let mut field = || {
        let (len, tail) = rest.split_first_chunk::<4>()?;
        let (value, tail) = tail.split_at_checked(u32::from_be_bytes(*len) as usize)?;
        rest = tail;
        String::from_utf8(value.to_vec()).ok()
    };
    let service = match flag {
        0 => None,
        1 => Some(field()?),
        _ => return None,
    };
    let plain = Plain {
        service,
        account: field()?,
        secret: field()?,
    };
    rest.is_empty().then_some(plain)
}

/// The card of account `id` of `user_id`, sealed with `nonce`.
fn seal_card(
    vault: &Vault,
    (user_id, id): (i64, i64),
    service: Option<&str>,
    account: &str,
    secret: &str,
    nonce: [u8; NONCE_LEN],
) -> String {
    let plain = card_bytes(service, account, secret);
    vault.encrypt_bytes(&cell(CARD, user_id, id), &plain, nonce)
}

/// Opens the card of account `id` of `user_id` where it is stored.
fn open_card(
    vault: &Vault,
    (user_id, id): (i64, i64),
    card: &str,
) -> Result<Plain, Undecipherable> {
    let plain = vault.decrypt_bytes(&cell(CARD, user_id, id), card)?;
    card_fields(&plain).ok_or(Undecipherable)
}

/// An account's sealed service, account and secret as stored, in either form: a card, or (`card`
/// NULL) each in its own column.
struct Stored<'a> {
    user_id: i64,
    id: i64,
    card: Option<&'a str>,
    service: Option<&'a str>,
    account: &'a str,
    secret: &'a str,
}

/// Each value opened where it is stored; an `Err` did not open there.
struct Opened {
    service: Result<Option<String>, Undecipherable>,
    account: Result<String, Undecipherable>,
    secret: Result<String, Undecipherable>,
}

impl Stored<'_> {
    /// Opens the card (the three values or none), or each column of the older form.
    fn open(&self, vault: &Vault) -> Opened {
        let Some(card) = self.card else {
            let column = |column, value| vault.decrypt(&cell(column, self.user_id, self.id), value);
            return Opened {
                service: self.service.map(|s| column("service", s)).transpose(),
                account: column("account", self.account),
                secret: column("secret", self.secret),
            };
        };
        match open_card(vault, (self.user_id, self.id), card) {
            Ok(plain) => Opened {
                service: Ok(plain.service),
                account: Ok(plain.account),
                secret: Ok(plain.secret),
            },
            Err(e) => Opened {
                service: Err(e),
                account: Err(e),
                secret: Err(e),
            },
        }
    }
}

impl Opened {
    /// The three values, if all of them opened.
    fn all(self) -> Result<Plain, Undecipherable> {
        Ok(Plain {
            service: self.service?,
            account: self.account?,
            secret: self.secret?,
        })
    }
}

/// A stored account as read, with encrypted columns still sealed. Lists read it by position: its
/// fields are in the order of [`select!`]'s columns (a test compares them).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cpu-bench", derive(serde::Serialize))]
pub struct Row {
    pub id: i64,
    pub user_id: i64,
    /// The caller's group for this account.
    pub group_id: Option<i64>,
    card: Option<String>,
    service: Option<String>,
    account: String,
    pub icon: Option<String>,
    otp_type: String,
    secret: String,
    pub digits: u32,
    algorithm: String,
    pub period: Option<u64>,
    counter: Option<String>,
    /// Read by [`SELECT`] only, not by lists (see [`LIST`]).
    legacy_uri: Option<String>,
    /// The owner's name (what a borrower sees as `borrowed_by`).
    pub owner_name: String,
    /// Shared with at least one user / with all users / with the caller.
    shared_users: i64,
    shared_all: i64,
    shared_with_caller: i64,
}

/// The rows' query, reading `legacy_uri` as `$legacy_uri`, after an [`Owner::me`] that names the
/// caller: the group is the caller's; the share flags are about the caller too. Shares are
/// aggregated once per query (joined, not looked up per row): lists of hundreds of accounts stay
/// cheap; `$shares_of` may restrict them (`WHERE …`). An icon whose file is gone reads as none,
/// as in 2FAuth.
macro_rules! select {
    ($legacy_uri:literal) => {
        select!($legacy_uri, "")
    };
    ($legacy_uri:literal, $shares_of:literal) => {
        concat!(
            "SELECT a.id, a.user_id, g.group_id, a.card, a.service, a.account, \
     (SELECT filename FROM icons WHERE filename = a.icon) AS icon, a.otp_type, a.secret, \
     a.digits, a.algorithm, a.period, a.counter, ",
            $legacy_uri,
            " AS legacy_uri, u.name AS owner_name, \
     COALESCE(sh.shared_users, 0) AS shared_users, COALESCE(sh.shared_all, 0) AS shared_all, \
     COALESCE(sh.shared_with_caller, 0) AS shared_with_caller \
     FROM twofaccounts a JOIN users u ON u.id = a.user_id \
     LEFT JOIN (SELECT twofaccount_id, MAX(user_id IS NOT NULL) AS shared_users, \
       MAX(user_id IS NULL) AS shared_all, MAX(COALESCE(user_id = (SELECT id FROM me), 0)) AS shared_with_caller \
       FROM shares",
            $shares_of,
            " GROUP BY twofaccount_id) sh ON sh.twofaccount_id = a.id \
     LEFT JOIN twofaccount_group_assignments g ON g.twofaccount_id = a.id AND g.user_id = (SELECT id FROM me)"
        )
    };
}
/// Rows with everything.
const SELECT: &str = select!("a.legacy_uri");
/// One row with everything, account `?3`: its shares only are aggregated, through their two
/// indexes (one condition on `twofaccount_id` alone would scan every share of the instance).
const SELECT_ONE: &str = select!(
    "a.legacy_uri",
    " WHERE (twofaccount_id = ?3 AND user_id IS NOT NULL) OR (twofaccount_id = ?3 AND user_id IS NULL)"
);
/// Rows for the re-encryption, which walks every account: the sealed columns and what [`Row`]
/// needs beside them as constants, without [`SELECT`]'s joins (its share aggregate would scan
/// every share once per batch). A column added to [`Row`] is added here too (the rotation
/// suite reads rows through it).
const REENCRYPT: &str = "SELECT id, user_id, NULL AS group_id, card, service, account, \
     NULL AS icon, otp_type, secret, digits, algorithm, period, counter, legacy_uri, \
     '' AS owner_name, 0 AS shared_users, 0 AS shared_all, 0 AS shared_with_caller \
     FROM twofaccounts WHERE id > ?1 ORDER BY id LIMIT ?2";
/// Rows for a list: `legacy_uri`, the longest sealed value, which only exports read, is not read
/// (nor turned into JSON text and back, 500 times per list).
const LIST: &str = select!("NULL");

impl Row {
    /// The stored sharing facts, for `core`'s access rules ([`twofold_core::access`]).
    pub fn facts(&self) -> Facts {
        Facts {
            owner_id: self.user_id,
            shared_with_users: self.shared_users != 0,
            shared_with_all: self.shared_all != 0,
            shared_with_caller: self.shared_with_caller != 0,
        }
    }

    /// The HOTP counter as stored.
    pub fn counter(&self) -> Option<u64> {
        self.counter.as_deref().and_then(|c| c.parse().ok())
    }

    /// The sealed values as stored.
    fn stored(&self) -> Stored<'_> {
        Stored {
            user_id: self.user_id,
            id: self.id,
            card: self.card.as_deref(),
            service: self.service.as_deref(),
            account: &self.account,
            secret: &self.secret,
        }
    }

    /// Decrypts the row into the core model. The secret is only kept when `with_secret`
    /// (otherwise left empty); an undecipherable secret is [`Secret::Indecipherable`], other
    /// undecipherable values read as [`INDECIPHERABLE`], as in 2FAuth (a card that does not open:
    /// all three, the service included). `legacy_uri` is left empty (see [`Row::open_full`]).
    pub fn open(&self, vault: &Vault, with_secret: bool) -> ApiResult<TwoFAccount> {
        let opened = self.stored().open(vault);
        let corrupt = || ApiError::Internal(format!("twofaccount {} has an invalid type", self.id));
        Ok(TwoFAccount {
            otp_type: OtpType::parse(&self.otp_type).ok_or_else(corrupt)?,
            account: opened
                .account
                .unwrap_or_else(|_| INDECIPHERABLE.to_string()),
            service: opened
                .service
                .unwrap_or_else(|_| Some(INDECIPHERABLE.to_string())),
            icon: self.icon.clone(),
            secret: match opened.secret {
                _ if !with_secret => Secret::default(),
                Ok(secret) => Secret::Readable(secret),
                Err(Undecipherable) => Secret::Indecipherable,
            },
            digits: self.digits,
            algorithm: Algorithm::parse(&self.algorithm).ok_or_else(corrupt)?,
            period: self.period,
            counter: self.counter(),
            legacy_uri: String::new(),
        })
    }
}

impl Row {
    /// The sealed `legacy_uri`, which rows read for a list ([`LIST`]) do not carry: code that
    /// exports, moves or re-encrypts it from such a row is refused here, not by D1's NOT NULL.
    fn sealed_legacy_uri(&self) -> ApiResult<&str> {
        self.legacy_uri.as_deref().ok_or_else(|| {
            ApiError::Internal(format!("twofaccount {} read without legacy_uri", self.id))
        })
    }

    /// Decrypts everything, `legacy_uri` included (exports: rows read by [`SELECT`]).
    pub fn open_full(&self, vault: &Vault) -> ApiResult<TwoFAccount> {
        let mut account = self.open(vault, true)?;
        account.legacy_uri = vault
            .decrypt(
                &cell("legacy_uri", self.user_id, self.id),
                self.sealed_legacy_uri()?,
            )
            .unwrap_or_else(|_| INDECIPHERABLE.to_string());
        Ok(account)
    }
}

/// Rows read for a caller before his sharing settings were known to the statement: his own, and
/// those shared with him or with all where the stored settings may allow it
/// ([`settings::may_be_on`], never narrower than core's reading). Only [`Candidates::seen_by`]
/// gives them out, under core's access rule ([`twofold_core::access::access`]): the statement can
/// run before the caller, and so the settings read with him, is known.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct Candidates(Vec<Row>);

impl Candidates {
    /// The rows caller `caller_id` may see under `sharing`, in the statement's order.
    pub fn seen_by(self, caller_id: i64, sharing: Sharing) -> Vec<Row> {
        let mut rows = self.0;
        rows.retain(|row| access::access(caller_id, &row.facts(), sharing).is_some());
        rows
    }
}

/// Which accounts a list reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// The owner's own.
    Own,
    /// His own, and those shared with him or with all ([`Candidates`]).
    Visible,
}

/// The accounts `owner` may see (see [`Candidates`]) in his order (positioned ones first, then by
/// id), optionally restricted to `ids`, without `legacy_uri`. The id list travels as one JSON
/// parameter, so any number of ids binds.
pub async fn list_visible(
    db: &D1Database,
    owner: Owner,
    ids: Option<&[i64]>,
) -> ApiResult<Candidates> {
    list_statement(db, LIST, owner, ids, Reach::Visible)?
        .rows_in_order()
        .await
        .map(Candidates)
}

/// [`list_visible`]'s statement, for a read batched with authentication
/// (`crate::auth::api_caller_with`); its rows, read by position, are [`Candidates`].
pub fn list_visible_statement(
    db: &D1Database,
    owner: Owner,
    ids: Option<&[i64]>,
) -> ApiResult<D1PreparedStatement> {
    list_statement(db, LIST, owner, ids, Reach::Visible)
}

/// The user's own accounts in his order, without `legacy_uri`.
pub async fn list_owned(db: &D1Database, user_id: i64) -> ApiResult<Vec<Row>> {
    list_statement(db, LIST, Owner::User(user_id), None, Reach::Own)?
        .rows_in_order()
        .await
}

/// The user's own accounts in his order, with everything [`Row::open_full`] reads (backups).
pub async fn list_owned_full(db: &D1Database, user_id: i64) -> ApiResult<Vec<Row>> {
    list_statement(db, SELECT, Owner::User(user_id), None, Reach::Own)?
        .rows_in_order()
        .await
}

/// The statement of the accounts `owner` reaches, with the rows' query `select`: [`LIST`] or
/// [`SELECT`] only, whose columns the rows are read by position in (a test compares them with
/// [`Row`]'s fields; another statement here would need its own). A credential that is not valid
/// reads no row at all (`EXISTS`), not even the accounts shared with all.
fn list_statement(
    db: &D1Database,
    select: &str,
    owner: Owner,
    ids: Option<&[i64]>,
    reach: Reach,
) -> ApiResult<D1PreparedStatement> {
    let filter = if ids.is_some() {
        " AND a.id IN (SELECT value FROM json_each(?3))"
    } else {
        " AND ?3 IS NULL"
    };
    let shared = match reach {
        Reach::Own => String::new(),
        Reach::Visible => format!(
            " OR ({} AND (sh.shared_with_caller = 1 OR ({} AND sh.shared_all = 1)))",
            settings::may_be_on("enableSharing"),
            settings::may_be_on("enableAllUsersSharingScope"),
        ),
    };
    let sql = format!(
        "{} {select} LEFT JOIN twofaccount_user_orders o ON o.twofaccount_id = a.id \
           AND o.user_id = (SELECT id FROM me) \
         WHERE EXISTS (SELECT 1 FROM me) AND (a.user_id = (SELECT id FROM me){shared}){filter} \
         ORDER BY o.position IS NULL, o.position, a.id",
        owner.me()
    );
    let ids = match ids {
        Some(ids) => text(&serde_json::to_string(ids)?),
        None => JsValue::NULL,
    };
    let [key, at] = owner.parameters();
    Ok(db.prepare(sql).bind(&[key, at, ids])?)
}

/// Gives an account to another user: his from now on, and no longer shared with him. Its values
/// are re-encrypted for the new owner in the same batch, the row keeping its form (a value that
/// does not read where it is stays as it is: unreadable; so do the empty columns of a row with a
/// card). Fails with 404 if the account changed or went meanwhile.
pub async fn transfer(
    db: &D1Database,
    vault: &Vault,
    row: &Row,
    new_owner: i64,
    now: i64,
) -> ApiResult<()> {
    let moved = |column: &'static str, value: &str| -> ApiResult<String> {
        let (from, to) = (
            cell(column, row.user_id, row.id),
            cell(column, new_owner, row.id),
        );
        Ok(vault
            .reseal(&from, &to, value, random_bytes::<NONCE_LEN>()?)
            .ok()
            .flatten()
            .unwrap_or_else(|| value.to_string()))
    };
    let card = row.card.as_deref().map(|c| moved(CARD, c)).transpose()?;
    let sealed_legacy_uri = row.sealed_legacy_uri()?;
    let legacy_uri = moved("legacy_uri", sealed_legacy_uri)?;
    let service = row
        .service
        .as_deref()
        .map(|s| moved("service", s))
        .transpose()?;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE twofaccounts SET user_id = ?2, updated_at = ?3, card = ?4, service = ?5, \
                 account = ?6, secret = ?7, legacy_uri = ?8 \
                 WHERE id = ?1 AND user_id = ?9 AND card IS ?10 AND service IS ?11 AND account = ?12 \
                 AND secret = ?13 AND legacy_uri = ?14",
            )
            .bind(&[
                int(row.id),
                int(new_owner),
                int(now),
                opt_text(card.as_deref()),
                opt_text(service.as_deref()),
                text(&moved("account", &row.account)?),
                text(&moved("secret", &row.secret)?),
                text(&legacy_uri),
                int(row.user_id),
                opt_text(row.card.as_deref()),
                opt_text(row.service.as_deref()),
                text(&row.account),
                text(&row.secret),
                text(sealed_legacy_uri),
            ])?,
            // Only once the account is his (not if the update above found it changed).
            db.prepare(
                "DELETE FROM shares WHERE twofaccount_id = ?1 AND user_id = ?2 \
                 AND EXISTS (SELECT 1 FROM twofaccounts WHERE id = ?1 AND user_id = ?2)",
            )
            .bind(&[int(row.id), int(new_owner)])?,
        ])
        .await?;
    if changed(&results[..1]) == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Account `id` whoever owns it (the caller checks ownership: 403 vs 404), with the group of
/// `caller`; none for a credential that is not valid.
pub async fn find(db: &D1Database, caller: Owner, id: i64) -> ApiResult<Option<Row>> {
    find_statement(db, caller, id)?.row().await
}

/// [`find`]'s statement, for a read batched with authentication; its rows are none or one.
pub fn find_statement(db: &D1Database, caller: Owner, id: i64) -> ApiResult<D1PreparedStatement> {
    let sql = format!(
        "{} {SELECT_ONE} WHERE a.id = ?3 AND EXISTS (SELECT 1 FROM me)",
        caller.me()
    );
    let [key, at] = caller.parameters();
    Ok(db.prepare(sql).bind(&[key, at, int(id)])?)
}

/// Accounts `ids` that exist, whoever owns them, by id (for bulk checks: 403 vs ignored).
pub async fn find_many(db: &D1Database, caller_id: i64, ids: &[i64]) -> ApiResult<Vec<Row>> {
    let caller = Owner::User(caller_id);
    let sql = format!(
        "{} {SELECT} WHERE a.id IN (SELECT value FROM json_each(?3)) ORDER BY a.id",
        caller.me()
    );
    let [key, at] = caller.parameters();
    let ids = text(&serde_json::to_string(ids)?);
    db.prepare(sql).bind(&[key, at, ids])?.rows().await
}

/// How many accounts the user owns.
pub async fn count_owned(db: &D1Database, user_id: i64) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let row: Option<Count> = db
        .prepare("SELECT COUNT(*) AS n FROM twofaccounts WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .row()
        .await?;
    Ok(row.map_or(0, |c| c.n))
}

/// Deletes accounts `ids` (their assignments, orders and logs go with them by cascade).
pub async fn delete_many(db: &D1Database, ids: &[i64]) -> ApiResult<()> {
    db.prepare("DELETE FROM twofaccounts WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(&[text(&serde_json::to_string(ids)?)])?
        .run()
        .await?;
    Ok(())
}

/// Sets the user's order of accounts to `ids` (positions 1..n), dropping any other position.
pub async fn reorder(db: &D1Database, user_id: i64, ids: &[i64]) -> ApiResult<()> {
    let ids = text(&serde_json::to_string(ids)?);
    db.batch(vec![
        db.prepare("DELETE FROM twofaccount_user_orders WHERE user_id = ?1")
            .bind(&[int(user_id)])?,
        db.prepare(
            "INSERT INTO twofaccount_user_orders (user_id, twofaccount_id, position) \
             SELECT ?1, value, key + 1 FROM json_each(?2)",
        )
        .bind(&[int(user_id), ids])?,
    ])
    .await?;
    Ok(())
}

/// The stored form of an account's own fields, in column order: card (sealed for account `id` of
/// `user_id`), icon, otp_type, digits, algorithm, period, counter. The columns of the older form
/// (`service`, `account`, `secret`) are emptied by the statements that write these.
fn columns(vault: &Vault, user_id: i64, id: i64, account: &TwoFAccount) -> ApiResult<[JsValue; 7]> {
    // Only secrets given by a request are written: one that did not decipher never is.
    let secret = account
        .secret
        .readable()
        .ok_or_else(|| ApiError::Internal("undecipherable secret written".into()))?;
    let card = seal_card(
        vault,
        (user_id, id),
        account.service.as_deref(),
        &account.account,
        secret,
        random_bytes::<NONCE_LEN>()?,
    );
    Ok([
        text(&card),
        opt_text(account.icon.as_deref()),
        text(account.otp_type.as_str()),
        int(i64::from(account.digits)),
        text(account.algorithm.as_str()),
        account.period.map_or(JsValue::NULL, |p| int(p as i64)),
        opt_text(account.counter.map(|c| c.to_string()).as_deref()),
    ])
}

/// Stores a new account for `user_id` and returns its id.
///
/// The values are bound to the id, which AUTOINCREMENT only gives after the INSERT: so an id is
/// taken first from `twofaccount_ids` (never given twice, whatever runs in parallel), the values
/// are sealed for it, and the account is inserted with it while the reservation is deleted, in
/// one batch. A failure leaves at most an unused id, never a half-written row.
pub async fn insert(
    db: &D1Database,
    vault: &Vault,
    user_id: i64,
    account: &TwoFAccount,
    now: i64,
) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let id = db
        .prepare("INSERT INTO twofaccount_ids DEFAULT VALUES RETURNING id")
        .row::<Id>()
        .await?
        .map(|n| n.id)
        .ok_or_else(|| ApiError::Internal("no twofaccount id given".into()))?;
    let mut params = vec![int(id), int(user_id)];
    params.extend(columns(vault, user_id, id, account)?);
    let legacy_uri = vault.encrypt(
        &cell("legacy_uri", user_id, id),
        &account.legacy_uri,
        random_bytes::<NONCE_LEN>()?,
    );
    params.push(text(&legacy_uri));
    params.push(int(now));
    db.batch(vec![
        db.prepare(
            "INSERT INTO twofaccounts (id, user_id, card, icon, otp_type, digits, algorithm, period, counter, legacy_uri, created_at, updated_at, service, account, secret) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, NULL, '', '')",
        )
        .bind(&params)?,
        db.prepare("DELETE FROM twofaccount_ids WHERE id = ?1")
            .bind(&[int(id)])?,
    ])
    .await?;
    Ok(id)
}

/// Replaces an account's fields (2FAuth's full-replacement update), in a card whatever the row's
/// form was; `legacy_uri` is kept. Fails with 404 when the account went or changed owner
/// meanwhile (its values are bound to the owner).
pub async fn update(
    db: &D1Database,
    vault: &Vault,
    row: &Row,
    account: &TwoFAccount,
    now: i64,
) -> ApiResult<()> {
    let mut params = vec![int(row.id)];
    params.extend(columns(vault, row.user_id, row.id, account)?);
    params.push(int(now));
    params.push(int(row.user_id));
    let result = db
        .prepare(
            "UPDATE twofaccounts SET card = ?2, icon = ?3, otp_type = ?4, digits = ?5, algorithm = ?6, period = ?7, \
             counter = ?8, updated_at = ?9, service = NULL, account = '', secret = '' WHERE id = ?1 AND user_id = ?10",
        )
        .bind(&params)?
        .run()
        .await?;
    if result.meta()?.and_then(|m| m.changes).unwrap_or(0) == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// The statement that atomically takes the next HOTP counter value: it increments the stored
/// counter and returns the new one, so concurrent requests never share a value. It updates
/// nothing when the counter is at 2FAuth's (PHP's) maximum, i64::MAX.
pub fn take_counter_statement(
    db: &D1Database,
    id: i64,
    now: i64,
) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE twofaccounts SET counter = CAST(CAST(counter AS INTEGER) + 1 AS TEXT), updated_at = ?2 \
             WHERE id = ?1 AND otp_type = 'hotp' AND CAST(counter AS INTEGER) < 9223372036854775807 \
             RETURNING counter",
        )
        .bind(&[int(id), int(now)])?)
}

/// The counter value taken by [`take_counter_statement`] (the one to compute the code with).
pub fn taken_counter(result: &D1Result) -> ApiResult<Option<u64>> {
    #[derive(Deserialize)]
    struct Counter {
        counter: String,
    }
    let rows: Vec<Counter> = result.results()?;
    Ok(rows
        .first()
        .and_then(|r| r.counter.parse::<u64>().ok())
        .map(|next| next - 1))
}

/// Re-encrypts under the vault's current key and format the values of up to `limit` accounts
/// after id `after` that another key or an older format wrote, and moves the rows of the older
/// form into a card. Each update only applies if the row did not change meanwhile; a row with a
/// value that does not open is left as it is.
pub async fn reencrypt_batch(
    db: &D1Database,
    vault: &Vault,
    after: i64,
    limit: i64,
) -> ApiResult<Reencrypted<i64>> {
    let rows: Vec<Row> = db
        .prepare(REENCRYPT)
        .bind(&[int(after), int(limit)])?
        .rows()
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let mut report = Reencrypted {
        done: 0,
        undecipherable: Vec::new(),
        next,
    };
    let mut updates = Vec::new();
    for row in &rows {
        let here = cell("legacy_uri", row.user_id, row.id);
        let stored = row.sealed_legacy_uri()?;
        let legacy_uri = vault.reseal(&here, &here, stored, random_bytes::<NONCE_LEN>()?);
        // A current card is left as it is; anything else is opened and sealed as a new card.
        let plain = match &row.card {
            Some(card) if vault.is_current(card) => Ok(None),
            _ => row.stored().open(vault).all().map(Some),
        };
        let (Ok(plain), Ok(legacy_uri)) = (plain, legacy_uri) else {
            report.undecipherable.push(row.id);
            continue;
        };
        let card = match plain {
            Some(p) => Some(seal_card(
                vault,
                (row.user_id, row.id),
                p.service.as_deref(),
                &p.account,
                &p.secret,
                random_bytes::<NONCE_LEN>()?,
            )),
            None => None,
        };
        if card.is_none() && legacy_uri.is_none() {
            continue;
        }
        // Without a new card the row has a card already, whose columns are empty.
        updates.push(
            db.prepare(
                "UPDATE twofaccounts SET card = COALESCE(?2, card), service = NULL, account = '', \
                 secret = '', legacy_uri = COALESCE(?3, legacy_uri) \
                 WHERE id = ?1 AND user_id = ?4 AND card IS ?5 AND service IS ?6 AND account = ?7 \
                 AND secret = ?8 AND legacy_uri = ?9",
            )
            .bind(&[
                int(row.id),
                opt_text(card.as_deref()),
                opt_text(legacy_uri.as_deref()),
                int(row.user_id),
                opt_text(row.card.as_deref()),
                opt_text(row.service.as_deref()),
                text(&row.account),
                text(&row.secret),
                text(stored),
            ])?,
        );
    }
    if !updates.is_empty() {
        report.done = changed(&db.batch(updates).await?);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the columns a `SELECT … FROM` statement returns, in order: each expression
    /// between top-level commas named by its alias or, without one, by its column.
    fn columns(sql: &str) -> Vec<String> {
        let list = &sql["SELECT ".len()..sql.find(" FROM twofaccounts").unwrap()];
        let mut columns = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in list.char_indices().chain([(list.len(), ',')]) {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    let expression = list[start..i].trim();
                    let name = expression.rsplit([' ', '.']).next().unwrap();
                    columns.push(name.to_string());
                    start = i + 1;
                }
                _ => {}
            }
        }
        columns
    }

    #[test]
    fn lists_read_rows_by_position_in_the_fields_order() {
        let fields = crate::store::field_names::<Row>();
        assert_eq!(fields.len(), 18);
        for sql in [LIST, SELECT, SELECT_ONE, REENCRYPT] {
            assert_eq!(columns(sql), fields, "{sql}");
        }
        // A row read by position is the row read by name.
        let values: Vec<serde_json::Value> = (0..fields.len())
            .map(|i| match fields[i] {
                "group_id" | "period" => serde_json::Value::Null,
                "id" | "user_id" | "digits" | "shared_users" | "shared_all"
                | "shared_with_caller" => (i as i64).into(),
                name => format!("{name} {i}").into(),
            })
            .collect();
        let named: serde_json::Map<_, _> = fields
            .iter()
            .map(|f| f.to_string())
            .zip(values.iter().cloned())
            .collect();
        let by_position: Row = serde_json::from_value(values.into()).unwrap();
        let by_name: Row = serde_json::from_value(named.into()).unwrap();
        assert_eq!(format!("{by_position:?}"), format!("{by_name:?}"));
    }

    const KEY: &str = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const SECRET: &str = "A4GRFHVVRBGY7UIW";

    fn vault() -> Vault {
        Vault::with_previous(KEY, "").unwrap()
    }

    fn plain(service: Option<&str>) -> Plain {
        Plain {
            service: service.map(str::to_string),
            account: "alice@example.com".into(),
            secret: SECRET.into(),
        }
    }

    /// The card of [`plain`] for account 7 of user 1.
    fn card_of(vault: &Vault, service: Option<&str>) -> String {
        let plain = plain(service);
        seal_card(
            vault,
            (1, 7),
            service,
            &plain.account,
            &plain.secret,
            [1; NONCE_LEN],
        )
    }

    /// The row of account `place` (owner, id) holding `card`, or else the older form's columns
    /// (an empty service: none).
    fn stored<'a>(place: (i64, i64), card: Option<&'a str>, columns: [&'a str; 3]) -> Stored<'a> {
        Stored {
            user_id: place.0,
            id: place.1,
            card,
            service: Some(columns[0]).filter(|s| !s.is_empty()),
            account: columns[1],
            secret: columns[2],
        }
    }

    #[test]
    fn a_card_holds_the_three_values_with_or_without_a_service() {
        for service in [Some("Bank"), Some(""), None] {
            let bytes = card_bytes(service, "alice@example.com", SECRET);
            assert_eq!(card_fields(&bytes), Some(plain(service)));
        }
        assert_ne!(
            card_bytes(Some(""), "a", "b"),
            card_bytes(None, "a", "b"),
            "an empty service is not no service"
        );
        let unicode = card_bytes(Some("Bänk ✓"), "ü@example.com", "");
        assert_eq!(
            card_fields(&unicode).unwrap().service.as_deref(),
            Some("Bänk ✓")
        );
    }

    #[test]
    fn anything_but_a_whole_card_is_refused_without_a_panic() {
        let bytes = card_bytes(Some("Bank"), "alice@example.com", SECRET);
        for end in 0..bytes.len() {
            assert_eq!(card_fields(&bytes[..end]), None, "truncated at {end}");
        }
        assert_eq!(card_fields(&[bytes.as_slice(), b"x"].concat()), None);
        let mut flag = bytes.clone();
        flag[0] = 2;
        assert_eq!(card_fields(&flag), None);
        let mut huge = bytes.clone();
        huge[1..5].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(card_fields(&huge), None);
        let mut not_text = bytes;
        not_text[5] = 0xff;
        assert_eq!(card_fields(&not_text), None);
    }

    #[test]
    fn a_card_opens_only_where_it_was_sealed() {
        let vault = vault();
        let card = card_of(&vault, Some("Bank"));
        assert!(vault.is_current(&card) && !card.contains(SECRET));
        assert_eq!(open_card(&vault, (1, 7), &card), Ok(plain(Some("Bank"))));
        // Copied to another account of the same user, or of another user, or with its row given
        // to another user: it does not open.
        for elsewhere in [(1, 8), (2, 7), (2, 8)] {
            assert_eq!(open_card(&vault, elsewhere, &card), Err(Undecipherable));
        }
        // Sealed as a single value of the older form, the same bytes are not a card either.
        let column = vault.encrypt(&cell("secret", 1, 7), SECRET, [1; NONCE_LEN]);
        assert_eq!(open_card(&vault, (1, 7), &column), Err(Undecipherable));
    }

    #[test]
    fn a_truncated_or_altered_card_is_undecipherable() {
        let vault = vault();
        let card = card_of(&vault, None);
        for end in 0..card.len() {
            assert_eq!(open_card(&vault, (1, 7), &card[..end]), Err(Undecipherable));
        }
        let body = card.rfind(':').unwrap() + 1;
        for at in body..card.len() {
            let mut altered = card.clone().into_bytes();
            altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
            let altered = String::from_utf8(altered).unwrap();
            assert_eq!(
                open_card(&vault, (1, 7), &altered),
                Err(Undecipherable),
                "at {at}"
            );
        }
        // Read by the whole row: all three values undecipherable, none of them a panic.
        let opened = stored((1, 7), Some(&card[..card.len() - 4]), ["", "", ""]).open(&vault);
        assert_eq!(opened.service, Err(Undecipherable));
        assert_eq!(opened.account, Err(Undecipherable));
        assert_eq!(opened.secret, Err(Undecipherable));
    }

    #[test]
    fn rows_of_the_older_form_still_read_each_value_where_it_is() {
        let vault = vault();
        let seal = |column, value| vault.encrypt(&cell(column, 1, 7), value, [2; NONCE_LEN]);
        let (service, account, secret) = (
            seal("service", "Bank"),
            seal("account", "alice@example.com"),
            seal("secret", SECRET),
        );
        let row = stored((1, 7), None, [&service, &account, &secret]);
        assert_eq!(row.open(&vault).all(), Ok(plain(Some("Bank"))));
        let without_service = stored((1, 7), None, ["", &account, &secret]);
        assert_eq!(without_service.open(&vault).all(), Ok(plain(None)));
        // One value that does not open is that value alone, but the row cannot become a card.
        let foreign = vault.encrypt(&cell("secret", 2, 7), SECRET, [3; NONCE_LEN]);
        let opened = stored((1, 7), None, [&service, &account, &foreign]).open(&vault);
        assert_eq!(opened.account.as_deref(), Ok("alice@example.com"));
        assert_eq!(opened.secret, Err(Undecipherable));
        assert_eq!(opened.all(), Err(Undecipherable));
        // Nor does another user's row read as this one.
        assert!(
            stored((2, 7), None, [&service, &account, &secret])
                .open(&vault)
                .all()
                .is_err()
        );
    }
}
