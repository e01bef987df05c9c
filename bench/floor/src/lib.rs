//! The floor `make bench` measures Twofold against: the least a worker can do to list a user's
//! accounts — one D1 statement over the same rows, returned as JSON — with no authentication, no
//! decryption and no codes. It runs beside Twofold on the same local D1; it is never deployed.

use worker::{Context, Env, Request, Response, Result, event};

/// `GET /?user=ID`: the user's accounts as stored (their sealed fields as they are); `GET /?none`:
/// `[]` without touching D1 (with `?user=0`, which reads no row, what one statement costs).
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let url = req.url()?;
    if url.query_pairs().any(|(k, _)| k == "none") {
        return Response::from_json(&Vec::<serde_json::Value>::new());
    }
    let user: i64 = url
        .query_pairs()
        .find(|(k, _)| k == "user")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let rows = env
        .d1("DB")?
        .prepare(
            "SELECT id, card, service, account, icon, otp_type, secret, digits, algorithm, period, \
             counter FROM twofaccounts WHERE user_id = ?1 ORDER BY id",
        )
        // D1 takes JavaScript numbers, not BigInts.
        .bind(&[(user as f64).into()])?
        .all()
        .await?;
    Response::from_json(&rows.results::<serde_json::Value>()?)
}
