//! 2FAuth's `api` rate limiter rules: how many `/api/v1` requests a client address may make per
//! minute, read from `THROTTLE_API` and `THROTTLE_API_DURING_IMPORT` as 2FAuth reads them.

/// The window every limit counts in, in seconds.
pub const WINDOW: u64 = 60;
/// `THROTTLE_API` when unset.
pub const DEFAULT_API: u32 = 60;
/// `THROTTLE_API_DURING_IMPORT` when unset.
pub const DEFAULT_DURING_IMPORT: u32 = 1000;

/// A setting as 2FAuth's configuration reads it: unset → `default`; `0`, `null`, `false` or empty
/// → no limit (`None`); a whole number → that limit. Anything else keeps `default`, so a typo
/// never switches the limit off.
pub fn setting(value: Option<&str>, default: u32) -> Option<u32> {
    let Some(value) = value.map(str::trim) else {
        return Some(default);
    };
    match value.to_ascii_lowercase().as_str() {
        "" | "0" | "null" | "(null)" | "false" | "(false)" => None,
        v => Some(v.parse().unwrap_or(default)).filter(|n| *n > 0),
    }
}

/// Whether a request is one of a web app's import posts, which get the import allowance:
/// `POST /api/v1/twofaccounts` with a `Referer` ending in `account/import` (2FAuth's page) or
/// `accounts/import` (Twofold's).
pub fn is_import(method_is_post: bool, path: &str, referer: Option<&str>) -> bool {
    method_is_post
        && path.trim_end_matches('/') == "/api/v1/twofaccounts"
        && referer.is_some_and(|r| {
            let page = r
                .split(['?', '#'])
                .next()
                .unwrap_or(r)
                .trim_end_matches('/');
            page.ends_with("/account/import") || page.ends_with("/accounts/import")
        })
}

/// The requests per minute a request may be counted against (`None`: not counted). Import posts
/// share the address' counter with a higher ceiling, `api + during_import`; an unlimited
/// allowance leaves them uncounted; with the API limit off, the allowance has no effect.
pub fn limit(api: Option<u32>, during_import: Option<u32>, importing: bool) -> Option<u32> {
    let api = api?;
    if importing {
        return during_import.map(|extra| api.saturating_add(extra));
    }
    Some(api)
}

/// What a counted request learns: the ceiling, the requests left after it, and when the window
/// ends (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests left in this window after this one.
    pub remaining: u32,
    /// Unix time at which the window ends.
    pub reset_at: u64,
}

impl Quota {
    /// The quota after the `hits`-th request of a window ending at `reset_at`; `None` when that
    /// request is over the limit.
    pub fn after(limit: u32, hits: u64, reset_at: u64) -> Option<Self> {
        let remaining = u64::from(limit).checked_sub(hits)?;
        Some(Self {
            limit,
            remaining: u32::try_from(remaining).unwrap_or(limit),
            reset_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_as_2fauth_reads_them() {
        assert_eq!(setting(None, 60), Some(60));
        for off in ["0", "", "null", "false", " FALSE "] {
            assert_eq!(setting(Some(off), 60), None, "{off:?}");
        }
        assert_eq!(setting(Some("5"), 60), Some(5));
        assert_eq!(
            setting(Some("lots"), 60),
            Some(60),
            "a typo keeps the default"
        );
    }

    #[test]
    fn import_posts_get_the_allowance_on_the_shared_counter() {
        assert!(is_import(
            true,
            "/api/v1/twofaccounts",
            Some("https://x.test/account/import")
        ));
        assert!(!is_import(
            false,
            "/api/v1/twofaccounts",
            Some("https://x.test/account/import")
        ));
        assert!(!is_import(
            true,
            "/api/v1/twofaccounts/migration",
            Some("/account/import")
        ));
        assert!(!is_import(true, "/api/v1/twofaccounts", Some("/accounts")));
        assert!(
            is_import(
                true,
                "/api/v1/twofaccounts",
                Some("https://x.test/accounts/import")
            ),
            "Twofold's own import screen"
        );

        assert_eq!(limit(Some(5), Some(10), true), Some(15));
        assert_eq!(limit(Some(5), Some(10), false), Some(5));
        assert_eq!(limit(Some(5), None, true), None, "unlimited allowance");
        assert_eq!(limit(None, Some(10), true), None, "throttling off");
    }

    #[test]
    fn quota_counts_down_then_refuses() {
        assert_eq!(
            Quota::after(5, 1, 100),
            Some(Quota {
                limit: 5,
                remaining: 4,
                reset_at: 100
            })
        );
        assert_eq!(Quota::after(5, 5, 100).map(|q| q.remaining), Some(0));
        assert_eq!(Quota::after(5, 6, 100), None);
    }
}
