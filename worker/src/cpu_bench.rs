//! The worker's own CPU for a list, measured in its own `.wasm` under workerd's V8 (issue 15, item
//! 4): `GET /__cpu-bench/list?rounds=N&withOtp=1` (a token) reads the caller's accounts once,
//! then does `N` times what `GET /api/v1/twofaccounts` does with them — rows decoded from D1's
//! JSON text, values decrypted, codes computed, the answer serialised (`stage=rows`: the rows'
//! decoding alone; `stage=reads`: not serialised; without `withOtp`: no codes). `bench/list-work.mjs` sets
//! the CPU of `N` rounds beside one round's, so D1, HTTP and authentication fall out. Only in a
//! build with feature `cpu-bench`, which is never deployed.

use serde::Serialize;
use worker::Request;

use crate::api::twofaccounts::{Viewer, collection};
use crate::auth::api_caller;
use crate::context::Ctx;
use crate::error::ApiResult;
use crate::http::{Input, json};
use crate::store::Owner;
use crate::store::twofaccounts::{self as store, Row};

/// What a run did, so the bench can check that the work was done.
#[derive(Serialize)]
struct Done {
    rounds: u32,
    accounts: usize,
    /// Bytes of the last round's answer (rows decoded, with `stage=rows`).
    bytes: usize,
}

/// The list's work, `rounds` times (1 when absent; at most 10 000).
pub async fn list(req: &mut Request, ctx: &Ctx) -> ApiResult<worker::Response> {
    let caller = api_caller(req, ctx).await?;
    let input = Input::read(req).await?;
    let rounds = input
        .query
        .get("rounds")
        .and_then(|v| v.as_str())
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let viewer = Viewer::of(&caller);
    let stored = store::list_visible(&ctx.db, Owner::User(caller.user.id), None)
        .await?
        .seen_by(caller.user.id, viewer.sharing());
    // The rows as D1's JSON text of arrays (`raw()`), which `store::Rows` decodes on every list.
    let fields = crate::store::field_names::<Row>();
    let objects = serde_json::to_value(&stored)?;
    let arrays: Vec<Vec<&serde_json::Value>> = objects
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| fields.iter().map(|f| &row[*f]).collect())
                .collect()
        })
        .unwrap_or_default();
    let text = serde_json::to_string(&arrays)?;
    // `stage=rows` and `stage=reads` stop early, so the bench can split the figure.
    let stage = input.query.get("stage").and_then(|v| v.as_str());
    let mut bytes = 0;
    for _ in 0..rounds {
        let rows: Vec<Row> = serde_json::from_str(&text)?;
        if stage == Some("rows") {
            bytes = rows.len();
            continue;
        }
        let reads = collection(&rows, ctx.vault()?, viewer, &input, ctx.now)?;
        if stage == Some("reads") {
            bytes = reads.len();
            continue;
        }
        bytes = serde_json::to_string(&reads)?.len();
    }
    json(
        200,
        &Done {
            rounds,
            accounts: stored.len(),
            bytes,
        },
    )
}
