//! Cloudflare Access in front of the Worker (`AUTHENTICATION_GUARD=cloudflare-access`): Access
//! signs an assertion for each request it lets through (`Cf-Access-Jwt-Assertion`), with the
//! team's keys published at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`. The
//! Worker trusts the request only when that assertion verifies: issuer, audience (the Access
//! application's tag), time, and signature (the [`crate::jwt`] rules). Unlike a proxy header, an
//! assertion cannot be forged by a client reaching `*.workers.dev` directly.

use alloc::format;
use alloc::string::String;

use crate::jwt::{Expected, Jwt, JwtError};
use crate::proxy_auth::{ConfigError, email};

/// The header Access sets on the requests it lets through.
pub const ASSERTION_HEADER: &str = "cf-access-jwt-assertion";

/// Clock skew allowed on `exp` and `nbf` (seconds).
pub const LEEWAY: u64 = 60;

/// The keys are fetched again on an unknown `kid` (a rotation) at most this often (seconds):
/// forged `kid`s must not turn the Worker into a client hammering the key server.
pub const REFRESH_EVERY: u64 = 5;

/// Access mode's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessSettings {
    /// `https://<team>.cloudflareaccess.com`: the assertions' `iss`, and where the keys are.
    pub issuer: String,
    /// `CF_ACCESS_AUD`: the Access application's Audience tag.
    pub audience: String,
}

impl AccessSettings {
    /// Reads `CF_ACCESS_TEAM_DOMAIN` (`team.cloudflareaccess.com`, with or without `https://`)
    /// and `CF_ACCESS_AUD` through `var`. Plain `http://` is taken for a loopback host only
    /// (a key server on the developer's machine).
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let domain = var("CF_ACCESS_TEAM_DOMAIN").ok_or(ConfigError::BadTeamDomain)?;
        let issuer = issuer_of(&domain).ok_or(ConfigError::BadTeamDomain)?;
        let audience = var("CF_ACCESS_AUD")
            .map(|a| String::from(a.trim()))
            .filter(|a| !a.is_empty())
            .ok_or(ConfigError::MissingAudience)?;
        Ok(Self { issuer, audience })
    }

    /// Where the team's public keys are published.
    pub fn certs_url(&self) -> String {
        format!("{}/cdn-cgi/access/certs", self.issuer)
    }

    /// What an assertion must say.
    pub fn expected(&self) -> Expected<'_> {
        Expected {
            issuer: &self.issuer,
            audience: &self.audience,
            nonce: None,
            leeway: LEEWAY,
        }
    }
}

/// The issuer a team domain stands for, or `None` when it is not a bare host.
fn issuer_of(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('/');
    let (scheme, host) = match domain.split_once("://") {
        Some(("https", host)) => ("https", host),
        Some(("http", host)) if is_loopback(host) => ("http", host),
        Some(_) => return None,
        None => ("https", domain),
    };
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    valid.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

fn is_loopback(host: &str) -> bool {
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// Whether the keys may be fetched again, last fetched at `last` (none yet: always).
pub fn may_refresh(last: Option<u64>, now: u64) -> bool {
    last.is_none_or(|last| now.saturating_sub(last) >= REFRESH_EVERY)
}

/// Why an assertion names no user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    /// The token itself is refused.
    Token(JwtError),
    /// A valid assertion without a usable `email` (a service token, which names no person).
    NoEmail,
}

/// The user an assertion names: its `email` claim, lower-cased. The claims must already be
/// validated ([`Jwt::validate`]) and the signature verified.
pub fn user_email(jwt: &Jwt) -> Result<String, AccessError> {
    email(jwt.claim("email")).ok_or(AccessError::NoEmail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<AccessSettings, ConfigError> {
        AccessSettings::from_vars(&|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| String::from(*v))
        })
    }

    #[test]
    fn team_domains_become_https_issuers() {
        let team = settings(&[
            ("CF_ACCESS_TEAM_DOMAIN", "Team.cloudflareaccess.com/"),
            ("CF_ACCESS_AUD", "aud-tag"),
        ])
        .unwrap();
        assert_eq!(team.issuer, "https://team.cloudflareaccess.com");
        assert_eq!(
            team.certs_url(),
            "https://team.cloudflareaccess.com/cdn-cgi/access/certs"
        );
        assert_eq!(team.expected().audience, "aud-tag");
        let with_scheme = settings(&[
            ("CF_ACCESS_TEAM_DOMAIN", "https://team.cloudflareaccess.com"),
            ("CF_ACCESS_AUD", "a"),
        ]);
        assert_eq!(with_scheme.unwrap().issuer, team.issuer);
        let local = settings(&[
            ("CF_ACCESS_TEAM_DOMAIN", "http://127.0.0.1:9999"),
            ("CF_ACCESS_AUD", "a"),
        ]);
        assert_eq!(local.unwrap().issuer, "http://127.0.0.1:9999");
    }

    #[test]
    fn unsafe_or_missing_settings_are_refused() {
        for domain in [
            "http://team.cloudflareaccess.com",
            "ftp://team",
            "team/evil?x",
            "",
        ] {
            assert_eq!(
                settings(&[("CF_ACCESS_TEAM_DOMAIN", domain), ("CF_ACCESS_AUD", "a")]),
                Err(ConfigError::BadTeamDomain),
                "{domain}"
            );
        }
        assert_eq!(
            settings(&[("CF_ACCESS_TEAM_DOMAIN", "team.cloudflareaccess.com")]),
            Err(ConfigError::MissingAudience)
        );
        assert_eq!(settings(&[]), Err(ConfigError::BadTeamDomain));
    }

    #[test]
    fn key_refreshes_are_bounded() {
        assert!(may_refresh(None, 0));
        assert!(!may_refresh(Some(100), 104));
        assert!(may_refresh(Some(100), 105));
    }

    #[test]
    fn the_user_is_the_assertions_email() {
        use crate::webauthn::encode;
        let token = |claims: &str| {
            let jwt = alloc::format!(
                "{}.{}.{}",
                encode(br#"{"alg":"RS256","kid":"k"}"#),
                encode(claims.as_bytes()),
                encode(b"sig")
            );
            Jwt::parse(&jwt).unwrap()
        };
        assert_eq!(
            user_email(&token(r#"{"email":"Jane@Example.org"}"#)).as_deref(),
            Ok("jane@example.org")
        );
        assert_eq!(
            user_email(&token(r#"{"common_name":"svc"}"#)),
            Err(AccessError::NoEmail)
        );
    }
}
