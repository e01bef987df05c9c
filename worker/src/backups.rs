//! Automatic encrypted backups (issue 16): a user's own accounts as an Aegis encrypted vault,
//! sealed with the master key kept under `APP_KEY` and opened by the password slot made once at
//! setup (no key derivation per run), written to the user's destination, then the oldest files
//! beyond the retention removed. One service for `POST /api/v1/backup/run` and the scheduled
//! run, which works through the users that are due in bounded batches.

use std::cell::Cell;

use base64::Engine;
use twofold_core::backup::{self, Destination};
use twofold_core::export;
use twofold_core::sigv4;

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::outbound::{exchange, host};
use crate::platform::fill_random;
use crate::store::backups::{self as store, Row};
use crate::store::twofaccounts;
use crate::tools;

/// Users backed up per scheduled run: each costs a handful of subrequests (write, list, prune),
/// well within a run's limits, and the CPU of one sealing; the rest wait for the next hour.
pub const BATCH: u32 = 5;

/// The cron of the scheduled backups (wrangler.toml), apart from the hourly clean-up so that each
/// gets its own invocation's CPU and subrequests.
pub const CRON: &str = "47 * * * *";

/// Runs every due user's backup, at most [`BATCH`]; each outcome is recorded on its user, and a
/// failure does not stop the others. Answers how many succeeded and failed.
pub async fn run_due(ctx: &Ctx) -> ApiResult<(usize, usize)> {
    let now = ctx.now as i64;
    let (mut done, mut failed) = (0, 0);
    for row in store::due(&ctx.db, now, BATCH).await? {
        // A schedule that no longer reads still moves on: the row cannot block the queue.
        let next = row
            .schedule()
            .map_or(now + 86_400, |s| backup::next_run(s, now));
        // Moved on before the run: a run killed midway (a server that never lets go) does not
        // leave its user first in the queue for every later run. Another run got it: skip.
        match store::claim(&ctx.db, row.user_id, row.next_run_at, next).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                worker::console_error!("backup of user {}: not claimed: {e:?}", row.user_id);
                continue;
            }
        }
        let outcome = run(ctx, &row).await.map_err(|e| backup::error_text(&e));
        match &outcome {
            Ok(_) => done += 1,
            Err(_) => failed += 1,
        }
        // One user's record failing must not cost the others of the batch their backups.
        if let Err(e) = store::record(&ctx.db, row.user_id, now, &outcome).await {
            worker::console_error!("backup of user {}: not recorded: {e:?}", row.user_id);
        }
    }
    Ok((done, failed))
}

/// Where the instance's bucket keeps `user_id`'s files.
fn r2_prefix(user_id: i64) -> String {
    format!("users/{user_id}/")
}

/// Erases every file of `user_id` from the instance's bucket, once the user is deleted: the
/// instance's storage keeps nothing of a deleted user (their own WebDAV or S3 storage is theirs
/// and left as it is). A bucket that fails is reported to the log; the user is already gone.
pub async fn erase_instance_files(ctx: &Ctx, user_id: i64) {
    let Some(bucket) = ctx.backups_bucket() else {
        return;
    };
    let prefix = r2_prefix(user_id);
    let erased: worker::Result<()> = async {
        // Each page listed (up to 1 000 keys) goes in one call, before the next listing, which
        // then starts over: a call per page, not per file, against the invocation's limits.
        loop {
            let listed = bucket.list().prefix(prefix.clone()).execute().await?;
            let keys: Vec<String> = listed.objects().iter().map(|o| o.key()).collect();
            if !keys.is_empty() {
                bucket.delete_multiple(keys).await?;
            }
            if !listed.truncated() {
                return Ok(());
            }
        }
    }
    .await;
    if erased.is_err() {
        worker::console_error!("the backups of deleted user {user_id} could not all be erased");
    }
}

/// Makes one backup of `row`'s user now: the file's name, or why it failed (for the user to read).
pub async fn run(ctx: &Ctx, row: &Row) -> Result<String, String> {
    let file = sealed(ctx, row).await?;
    let vault = ctx
        .vault()
        .map_err(|_| "the instance key is not set".to_string())?;
    let destination = row
        .destination()
        .map_err(|_| "the destination is unreadable".to_string())?;
    let secret = row.secret(vault)?;
    let target = Target::of(ctx, &destination, row.user_id, secret.as_deref())?;
    let name = backup::file_name(ctx.now as i64);
    target.put(&name, &file, ctx.now as i64).await?;
    let listed = target.list(ctx.now as i64).await?;
    let names: Vec<&str> = listed.iter().map(String::as_str).collect();
    for old in backup::to_prune(&names, row.retention) {
        target.delete(old, ctx.now as i64).await?;
    }
    Ok(name)
}

/// The user's own accounts as an Aegis encrypted vault, as bytes.
async fn sealed(ctx: &Ctx, row: &Row) -> Result<Vec<u8>, String> {
    let unreadable = |detail: String| {
        worker::console_error!("backup of user {}: {detail}", row.user_id);
        "the accounts could not be read".to_string()
    };
    let vault = ctx.vault().map_err(|e| unreadable(format!("{e:?}")))?;
    let rows = twofaccounts::list_owned_full(&ctx.db, row.user_id)
        .await
        .map_err(|e| unreadable(format!("{e:?}")))?;
    let accounts = rows
        .iter()
        .map(|r| r.open_full(vault))
        .collect::<ApiResult<Vec<_>>>()
        .map_err(|e| unreadable(format!("{e:?}")))?;
    let refs: Vec<_> = accounts.iter().collect();
    let master = row.master_key(vault)?;
    let slot = serde_json::from_str(&row.slot(vault)?).map_err(|e| unreadable(e.to_string()))?;
    let no_randomness = Cell::new(false);
    let mut random = |buf: &mut [u8]| {
        if fill_random(buf).is_err() {
            no_randomness.set(true);
        }
    };
    let document = export::aegis_sealed(&refs, &slot, &master, &mut random);
    if no_randomness.get() {
        return Err(unreadable("no randomness".into()));
    }
    Ok(document.to_string().into_bytes())
}

/// A destination ready to use, its secret opened.
enum Target {
    R2 {
        bucket: worker::Bucket,
        prefix: String,
    },
    Webdav {
        folder: String,
        authorization: String,
    },
    S3 {
        endpoint: String,
        bucket: String,
        region: String,
        access_key_id: String,
        secret: String,
    },
}

/// What a failed answer is called in the stored outcome.
fn refused(action: &str, url: &str, status: u16) -> String {
    let why = match status {
        401 | 403 => " (check the credentials)",
        404 | 409 => " (check that the folder or bucket exists)",
        _ => "",
    };
    format!("{action} on {} answered {status}{why}", host(url))
}

impl Target {
    fn of(
        ctx: &Ctx,
        destination: &Destination,
        user_id: i64,
        secret: Option<&str>,
    ) -> Result<Self, String> {
        let secret = || {
            secret
                .map(str::to_string)
                .ok_or("the destination's secret is missing")
        };
        Ok(match destination {
            Destination::R2 => Self::R2 {
                bucket: ctx
                    .backups_bucket()
                    .ok_or("this instance has no R2 bucket for backups")?,
                // Each user's files under a prefix of their own.
                prefix: r2_prefix(user_id),
            },
            Destination::Webdav { url, username } => {
                let pair = format!("{username}:{}", secret()?);
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Self::Webdav {
                    folder: url.clone(),
                    authorization: format!("Basic {encoded}"),
                }
            }
            Destination::S3 {
                endpoint,
                region,
                bucket,
                access_key_id,
            } => Self::S3 {
                endpoint: endpoint.clone(),
                bucket: bucket.clone(),
                region: region.clone(),
                access_key_id: access_key_id.clone(),
                secret: secret()?,
            },
        })
    }

    async fn put(&self, name: &str, body: &[u8], now: i64) -> Result<(), String> {
        match self {
            Self::R2 { bucket, prefix } => bucket
                .put(format!("{prefix}{name}"), body.to_vec())
                .execute()
                .await
                .map(|_| ())
                .map_err(|_| "the R2 bucket refused the backup".into()),
            Self::Webdav {
                folder,
                authorization,
            } => {
                let url = format!("{folder}{}", sigv4::uri_encode(name, false));
                let headers = [
                    ("Authorization", authorization.as_str()),
                    ("Content-Type", "application/json"),
                ];
                match exchange("PUT", &url, &headers, Some(body)).await? {
                    (200..=299, _) => Ok(()),
                    (status, _) => Err(refused("PUT", &url, status)),
                }
            }
            Self::S3 { .. } => self.s3("PUT", name, &[], Some(body), now).await.map(|_| ()),
        }
    }

    async fn list(&self, now: i64) -> Result<Vec<String>, String> {
        match self {
            Self::R2 { bucket, prefix } => {
                let listed = bucket
                    .list()
                    .prefix(prefix.clone())
                    .execute()
                    .await
                    .map_err(|_| "the R2 bucket could not be listed".to_string())?;
                Ok(listed
                    .objects()
                    .iter()
                    .map(|o| o.key().trim_start_matches(prefix.as_str()).to_string())
                    .collect())
            }
            Self::Webdav {
                folder,
                authorization,
            } => {
                let headers = [("Authorization", authorization.as_str()), ("Depth", "1")];
                match exchange("PROPFIND", folder, &headers, None).await? {
                    (207, body) => {
                        let path = url::Url::parse(folder)
                            .map_err(|_| "the WebDAV folder is not a URL".to_string())?;
                        tools::backup_listing(&String::from_utf8_lossy(&body), Some(path.path()))
                    }
                    (status, _) => Err(refused("PROPFIND", folder, status)),
                }
            }
            Self::S3 { .. } => {
                // Only our names, so that other keys cannot crowd ours out of the one page read
                // (the oldest come first: those retention deletes).
                let query = [("list-type", "2"), ("prefix", backup::FILE_PREFIX)];
                let body = self.s3("GET", "", &query, None, now).await?;
                tools::backup_listing(&String::from_utf8_lossy(&body), None)
            }
        }
    }

    async fn delete(&self, name: &str, now: i64) -> Result<(), String> {
        match self {
            Self::R2 { bucket, prefix } => bucket
                .delete(format!("{prefix}{name}"))
                .await
                .map_err(|_| "the R2 bucket refused to delete an old backup".into()),
            Self::Webdav {
                folder,
                authorization,
            } => {
                let url = format!("{folder}{}", sigv4::uri_encode(name, false));
                let headers = [("Authorization", authorization.as_str())];
                match exchange("DELETE", &url, &headers, None).await? {
                    // Gone already is what was wanted.
                    (200..=299 | 404, _) => Ok(()),
                    (status, _) => Err(refused("DELETE", &url, status)),
                }
            }
            Self::S3 { .. } => self.s3("DELETE", name, &[], None, now).await.map(|_| ()),
        }
    }

    /// One S3 request on the bucket (path-style addressing), signed with SigV4; the body of a 2xx.
    async fn s3(
        &self,
        method: &str,
        key: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
        now: i64,
    ) -> Result<Vec<u8>, String> {
        let Self::S3 {
            endpoint,
            bucket,
            region,
            access_key_id,
            secret,
        } = self
        else {
            return Err("not an S3 destination".into());
        };
        let path = format!(
            "/{}/{}",
            sigv4::uri_encode(bucket, false),
            sigv4::uri_encode(key, true)
        );
        let host_header = host_header(endpoint)?;
        let payload = sigv4::sha256_hex(body.unwrap_or_default());
        let amz_date = sigv4::amz_date(now);
        let headers = [
            ("host", host_header.as_str()),
            ("x-amz-content-sha256", payload.as_str()),
            ("x-amz-date", amz_date.as_str()),
        ];
        let request = sigv4::Request {
            method,
            path: &path,
            query,
            headers: &headers,
            payload_sha256: &payload,
            amz_date: &amz_date,
            region,
            service: "s3",
        };
        let authorization = sigv4::authorization(&request, access_key_id, secret);
        let mut url = format!("{}{path}", endpoint.trim_end_matches('/'));
        for (i, (k, v)) in query.iter().enumerate() {
            let separator = if i == 0 { '?' } else { '&' };
            let (k, v) = (sigv4::uri_encode(k, false), sigv4::uri_encode(v, false));
            url = format!("{url}{separator}{k}={v}");
        }
        let sent = [
            ("Authorization", authorization.as_str()),
            ("x-amz-content-sha256", payload.as_str()),
            ("x-amz-date", amz_date.as_str()),
        ];
        match exchange(method, &url, &sent, body).await? {
            (200..=299, body) => Ok(body),
            (status, _) => Err(refused(method, &url, status)),
        }
    }
}

/// The Host header fetch sends to `endpoint` (with the port when it is not the scheme's), which
/// the signature covers.
fn host_header(endpoint: &str) -> Result<String, String> {
    let parsed = url::Url::parse(endpoint).map_err(|_| "the S3 endpoint is not a URL")?;
    match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(port)) => Ok(format!("{h}:{port}")),
        (Some(h), None) => Ok(h.to_string()),
        (None, _) => Err("the S3 endpoint has no host".into()),
    }
}
