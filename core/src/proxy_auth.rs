//! Authentication by a reverse proxy, as 2FAuth's `reverse-proxy-guard` does it: a request from a
//! trusted proxy (`TRUSTED_PROXIES`, a list of CIDR ranges) names its user in a header
//! (`AUTH_PROXY_HEADER_FOR_USER`) and may give an e-mail (`AUTH_PROXY_HEADER_FOR_EMAIL`). 2FAuth
//! names headers as PHP's server variables (`HTTP_REMOTE_USER` for `Remote-User`); a Worker sees
//! only headers, so a bare variable name (`REMOTE_USER`, set by a web server) means the header of
//! the same name. On Workers a peer address proves little (`*.workers.dev` reaches the Worker
//! around any proxy), which is why the Worker also asks for a secret only the proxy sends.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::user::{MAX_LENGTH, is_email};

/// The longest user name 2FAuth takes from the header.
pub const MAX_NAME: usize = 191;

/// The header a 2FAuth server-variable name stands for, lower-cased (`HTTP_REMOTE_USER` and
/// `REMOTE_USER` → `remote-user`).
pub fn header_of(server_variable: &str) -> Option<String> {
    let name = server_variable.trim();
    let name = name.strip_prefix("HTTP_").unwrap_or(name);
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    Some(name.replace('_', "-").to_ascii_lowercase())
}

/// The user a proxy names: the header's value, trimmed, at most [`MAX_NAME`] characters; `None`
/// when absent or empty (2FAuth answers 407).
pub fn user_name(header: Option<&str>) -> Option<String> {
    let name = header?.trim();
    (!name.is_empty()).then(|| name.chars().take(MAX_NAME).collect())
}

/// How the instance authenticates (`AUTHENTICATION_GUARD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// 2FAuth's default `web-guard`: sessions for the web, personal access tokens for the API.
    Session,
    /// `reverse-proxy-guard`: a trusted proxy names the user in a header.
    ReverseProxy,
    /// `cloudflare-access`: Cloudflare Access names the user in a signed assertion.
    CloudflareAccess,
}

impl Guard {
    /// Reads `AUTHENTICATION_GUARD`; unset or empty is the session guard. An unknown value is an
    /// error rather than a silent fallback: whoever typed it meant some other door.
    pub fn parse(setting: Option<&str>) -> Result<Self, ConfigError> {
        match setting.map(str::trim).unwrap_or_default() {
            "" | "web-guard" => Ok(Self::Session),
            "reverse-proxy-guard" => Ok(Self::ReverseProxy),
            "cloudflare-access" => Ok(Self::CloudflareAccess),
            _ => Err(ConfigError::UnknownGuard),
        }
    }

    /// Whether someone in front of the Worker (a proxy, Access) authenticates, replacing sessions
    /// and tokens.
    pub fn is_external(self) -> bool {
        self != Self::Session
    }
}

/// A configuration that cannot run safely: every authenticated request is refused with the
/// message, until the instance is set up right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// `AUTHENTICATION_GUARD` names no guard.
    UnknownGuard,
    /// Header mode without `AUTH_PROXY_SECRET` (or with one too short to guess at).
    MissingSecret,
    /// `AUTH_PROXY_HEADER_FOR_USER` or `AUTH_PROXY_HEADER_FOR_EMAIL` is not a header name.
    BadHeaderName,
    /// Access mode without `CF_ACCESS_TEAM_DOMAIN`, or with one that is not a host.
    BadTeamDomain,
    /// Access mode without `CF_ACCESS_AUD`.
    MissingAudience,
}

impl ConfigError {
    /// What the administrator must fix (safe to show: it holds no secret).
    pub fn message(self) -> &'static str {
        match self {
            Self::UnknownGuard => {
                "AUTHENTICATION_GUARD must be web-guard, reverse-proxy-guard or cloudflare-access"
            }
            Self::MissingSecret => {
                "reverse-proxy-guard needs AUTH_PROXY_SECRET (at least 32 characters), sent by the proxy in X-Auth-Proxy-Secret"
            }
            Self::BadHeaderName => {
                "AUTH_PROXY_HEADER_FOR_USER and AUTH_PROXY_HEADER_FOR_EMAIL must name headers"
            }
            Self::BadTeamDomain => {
                "cloudflare-access needs CF_ACCESS_TEAM_DOMAIN (your-team.cloudflareaccess.com)"
            }
            Self::MissingAudience => {
                "cloudflare-access needs CF_ACCESS_AUD (the application's Audience tag)"
            }
        }
    }
}

/// The header that carries [`ProxySettings`]' shared secret, set by the proxy on every request.
pub const SECRET_HEADER: &str = "x-auth-proxy-secret";

/// The shortest `AUTH_PROXY_SECRET` accepted: the secret is the only proof a request went
/// through the proxy, so it must not be guessable.
pub const MIN_SECRET: usize = 32;

/// Header mode's settings, read from the Worker's variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySettings {
    /// The header naming the user (lower-cased).
    pub user_header: String,
    /// The header giving the user's e-mail, if any.
    pub email_header: Option<String>,
    /// `TRUSTED_PROXIES`; `None` when unset or `*` (the secret alone then proves the proxy).
    pub trusted: Option<Vec<Cidr>>,
    secret: String,
}

/// Why a request is refused in header mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyRefusal {
    /// Not from a trusted address, or without the proxy's secret (2FAuth's 403).
    UntrustedProxy,
    /// No user named (2FAuth's 407).
    MissingUser,
}

/// Who the proxy says is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyIdentity {
    /// The user's name, as [`user_name`] takes it.
    pub name: String,
    /// The e-mail the proxy gave, when it is a valid one ([`email`]).
    pub email: Option<String>,
}

impl ProxySettings {
    /// Reads `AUTH_PROXY_HEADER_FOR_USER` (default `REMOTE_USER`), `AUTH_PROXY_HEADER_FOR_EMAIL`,
    /// `TRUSTED_PROXIES` and `AUTH_PROXY_SECRET` through `var`.
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let secret = var("AUTH_PROXY_SECRET")
            .map(|s| String::from(s.trim()))
            .filter(|s| s.chars().count() >= MIN_SECRET)
            .ok_or(ConfigError::MissingSecret)?;
        let user_header = header_of(
            var("AUTH_PROXY_HEADER_FOR_USER")
                .as_deref()
                .unwrap_or("REMOTE_USER"),
        )
        .ok_or(ConfigError::BadHeaderName)?;
        let email_header = match var("AUTH_PROXY_HEADER_FOR_EMAIL") {
            Some(name) => Some(header_of(&name).ok_or(ConfigError::BadHeaderName)?),
            None => None,
        };
        let trusted = var("TRUSTED_PROXIES")
            .filter(|t| !matches!(t.trim(), "" | "*"))
            .map(|t| trusted_proxies(&t));
        Ok(Self {
            user_header,
            email_header,
            trusted,
            secret,
        })
    }

    /// Who the request is from: `peer` must be a trusted proxy (when the list is set), the
    /// request must carry the secret, and the user header must name someone. `header` reads a
    /// request header by its lower-cased name.
    pub fn identify(
        &self,
        header: &dyn Fn(&str) -> Option<String>,
        peer: Option<&str>,
    ) -> Result<ProxyIdentity, ProxyRefusal> {
        if let Some(trusted) = &self.trusted
            && !is_trusted(peer, trusted)
        {
            return Err(ProxyRefusal::UntrustedProxy);
        }
        let sent = header(SECRET_HEADER).unwrap_or_default();
        if !same(sent.trim().as_bytes(), self.secret.as_bytes()) {
            return Err(ProxyRefusal::UntrustedProxy);
        }
        let name =
            user_name(header(&self.user_header).as_deref()).ok_or(ProxyRefusal::MissingUser)?;
        let email = self
            .email_header
            .as_deref()
            .and_then(|h| email(header(h).as_deref()));
        Ok(ProxyIdentity { name, email })
    }
}

/// Equal bytes, compared in time that does not depend on where they differ (the secret must not
/// leak a byte at a time through response times).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An e-mail a proxy or Access gives, lower-cased, when it is one 2FAuth would store.
pub fn email(value: Option<&str>) -> Option<String> {
    let value = crate::case::to_lowercase(value?.trim());
    (is_email(&value) && value.chars().count() <= MAX_LENGTH).then_some(value)
}

/// The e-mail of a user created without a usable one (2FAuth's `{id}@remote`).
pub fn placeholder_email(user_id: i64) -> String {
    format!("{user_id}@remote")
}

/// A proxy visit is written to the authentication log at most this often (seconds), as 2FAuth
/// does: every request is a visit, the log wants one line per sitting.
pub const VISIT_EVERY: i64 = 15 * 60;

/// An address range (`10.0.0.0/8`, `2001:db8::/32`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The address, as 16 bytes (IPv4 mapped into IPv6).
    network: [u8; 16],
    /// How many leading bits must match (counted over the 16 bytes).
    prefix: u32,
}

impl Cidr {
    /// Reads a range; an address alone is a range of one.
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u32>().ok()?)),
            None => (text.trim(), None),
        };
        let (network, v4) = parse_ip(address)?;
        let prefix = match (prefix, v4) {
            (Some(p), true) if p <= 32 => p + 96,
            (Some(p), false) if p <= 128 => p,
            (None, _) => 128,
            _ => return None,
        };
        Some(Self { network, prefix })
    }

    /// Whether `address` is in the range.
    pub fn contains(&self, address: &str) -> bool {
        let Some((ip, _)) = parse_ip(address) else {
            return false;
        };
        let (whole, rest) = ((self.prefix / 8) as usize, self.prefix % 8);
        if ip[..whole] != self.network[..whole] {
            return false;
        }
        rest == 0 || {
            let mask = 0xffu8 << (8 - rest);
            ip[whole] & mask == self.network[whole] & mask
        }
    }
}

/// `TRUSTED_PROXIES`: ranges separated by commas or spaces; unreadable ones are ignored.
pub fn trusted_proxies(setting: &str) -> Vec<Cidr> {
    setting
        .split([',', ' ', ';'])
        .filter(|s| !s.is_empty())
        .filter_map(Cidr::parse)
        .collect()
}

/// Whether `address` is one of the trusted proxies.
pub fn is_trusted(address: Option<&str>, proxies: &[Cidr]) -> bool {
    address.is_some_and(|a| proxies.iter().any(|c| c.contains(a)))
}

/// An address as 16 bytes, and whether it was IPv4.
fn parse_ip(text: &str) -> Option<([u8; 16], bool)> {
    let text = text.trim().trim_start_matches('[').trim_end_matches(']');
    if let Some(v4) = parse_v4(text) {
        let mut out = [0u8; 16];
        out[10] = 0xff;
        out[11] = 0xff;
        out[12..].copy_from_slice(&v4);
        return Some((out, true));
    }
    parse_v6(text).map(|v6| (v6, false))
}

fn parse_v4(text: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = text.split('.');
    for byte in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *byte = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn parse_v6(text: &str) -> Option<[u8; 16]> {
    let groups = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            return Some(Vec::new());
        }
        part.split(':')
            .map(|g| {
                (!g.is_empty() && g.len() <= 4)
                    .then(|| u16::from_str_radix(g, 16).ok())
                    .flatten()
            })
            .collect()
    };
    let (head, tail) = match text.split_once("::") {
        Some((h, t)) => (groups(h)?, Some(groups(t)?)),
        None => (groups(text)?, None),
    };
    let mut words = head;
    match tail {
        Some(tail) if words.len() + tail.len() < 8 => {
            words.resize(8 - tail.len(), 0);
            words.extend(tail);
        }
        None if words.len() == 8 => {}
        _ => return None,
    }
    let mut out = [0u8; 16];
    for (i, w) in words.iter().enumerate() {
        out[2 * i..2 * i + 2].copy_from_slice(&w.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_from_2fauth_settings() {
        assert_eq!(
            header_of("HTTP_REMOTE_USER").as_deref(),
            Some("remote-user")
        );
        assert_eq!(header_of("REMOTE_USER").as_deref(), Some("remote-user"));
        assert_eq!(
            header_of("HTTP_X_FORWARDED_EMAIL").as_deref(),
            Some("x-forwarded-email")
        );
        assert_eq!(header_of("bad header"), None);
        assert_eq!(header_of(""), None);
    }

    #[test]
    fn user_names_are_trimmed_and_capped() {
        assert_eq!(user_name(Some("  jane ")).as_deref(), Some("jane"));
        assert_eq!(user_name(Some("   ")), None);
        assert_eq!(user_name(None), None);
        assert_eq!(
            user_name(Some(&"é".repeat(300))).unwrap().chars().count(),
            MAX_NAME
        );
    }

    #[test]
    fn ranges_of_both_families() {
        let proxies = trusted_proxies("10.0.0.0/8, 192.168.1.7 2001:db8::/32;::1");
        assert_eq!(proxies.len(), 4);
        for inside in [
            "10.1.2.3",
            "192.168.1.7",
            "2001:db8:ffff::1",
            "::1",
            "[::1]",
        ] {
            assert!(is_trusted(Some(inside), &proxies), "{inside}");
        }
        for outside in ["11.0.0.1", "192.168.1.8", "2001:db9::1", "::2", "junk", ""] {
            assert!(!is_trusted(Some(outside), &proxies), "{outside}");
        }
        assert!(!is_trusted(None, &proxies), "no address is not trusted");
        let odd = Cidr::parse("172.16.0.0/12").unwrap();
        assert!(odd.contains("172.31.255.255") && !odd.contains("172.32.0.0"));
        for bad in [
            "10.0.0.0/33",
            "1.2.3",
            "1.2.3.4.5",
            "::1/129",
            "1:2:3:4:5:6:7:8:9",
            "256.1.1.1",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| String::from(*v))
        }
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn guards_by_name_and_unknown_ones_refused() {
        assert_eq!(Guard::parse(None), Ok(Guard::Session));
        assert_eq!(Guard::parse(Some("web-guard")), Ok(Guard::Session));
        assert_eq!(
            Guard::parse(Some("reverse-proxy-guard")),
            Ok(Guard::ReverseProxy)
        );
        assert_eq!(
            Guard::parse(Some(" cloudflare-access ")),
            Ok(Guard::CloudflareAccess)
        );
        assert_eq!(
            Guard::parse(Some("reverse-proxy")),
            Err(ConfigError::UnknownGuard)
        );
        assert!(!Guard::Session.is_external() && Guard::ReverseProxy.is_external());
    }

    #[test]
    fn header_mode_refuses_to_run_without_a_strong_secret() {
        let settings = |pairs: &[(&str, &str)]| ProxySettings::from_vars(&vars(pairs));
        assert_eq!(settings(&[]), Err(ConfigError::MissingSecret));
        assert_eq!(
            settings(&[("AUTH_PROXY_SECRET", "short")]),
            Err(ConfigError::MissingSecret)
        );
        assert_eq!(
            settings(&[
                ("AUTH_PROXY_SECRET", SECRET),
                ("AUTH_PROXY_HEADER_FOR_USER", "not a header")
            ]),
            Err(ConfigError::BadHeaderName)
        );
        let plain = settings(&[("AUTH_PROXY_SECRET", SECRET)]).unwrap();
        assert_eq!(plain.user_header, "remote-user");
        assert_eq!((plain.email_header, plain.trusted), (None, None));
        let star = settings(&[("AUTH_PROXY_SECRET", SECRET), ("TRUSTED_PROXIES", "*")]);
        assert_eq!(star.unwrap().trusted, None);
        assert!(!ConfigError::MissingSecret.message().contains(SECRET));
    }

    #[test]
    fn identify_checks_address_then_secret_then_user() {
        let settings = ProxySettings::from_vars(&vars(&[
            ("AUTH_PROXY_SECRET", SECRET),
            ("AUTH_PROXY_HEADER_FOR_USER", "HTTP_X_USER"),
            ("AUTH_PROXY_HEADER_FOR_EMAIL", "HTTP_X_EMAIL"),
            ("TRUSTED_PROXIES", "10.0.0.0/8"),
        ]))
        .unwrap();
        let full = [
            ("x-auth-proxy-secret", SECRET),
            ("x-user", " jane "),
            ("x-email", "Jane@Example.org"),
        ];
        assert_eq!(
            settings.identify(&vars(&full), Some("10.1.1.1")),
            Ok(ProxyIdentity {
                name: "jane".into(),
                email: Some("jane@example.org".into())
            })
        );
        assert_eq!(
            settings.identify(&vars(&full), Some("192.0.2.1")),
            Err(ProxyRefusal::UntrustedProxy)
        );
        assert_eq!(
            settings.identify(&vars(&full), None),
            Err(ProxyRefusal::UntrustedProxy)
        );
        let wrong = [
            ("x-auth-proxy-secret", "0123456789abcdef0123456789abcdeX"),
            ("x-user", "jane"),
        ];
        assert_eq!(
            settings.identify(&vars(&wrong), Some("10.1.1.1")),
            Err(ProxyRefusal::UntrustedProxy)
        );
        let nobody = [("x-auth-proxy-secret", SECRET), ("x-user", "  ")];
        assert_eq!(
            settings.identify(&vars(&nobody), Some("10.1.1.1")),
            Err(ProxyRefusal::MissingUser)
        );
        let bad_mail = [
            ("x-auth-proxy-secret", SECRET),
            ("x-user", "jane"),
            ("x-email", "nope"),
        ];
        assert_eq!(
            settings
                .identify(&vars(&bad_mail), Some("10.1.1.1"))
                .unwrap()
                .email,
            None
        );
    }

    #[test]
    fn emails_from_outside_and_placeholders() {
        assert_eq!(email(Some(" A@B.c ")).as_deref(), Some("a@b.c"));
        assert_eq!(email(Some("a b@c")), None);
        assert_eq!(
            email(Some(&alloc::format!("{}@x.y", "a".repeat(190)))),
            None
        );
        assert_eq!(email(None), None);
        assert_eq!(placeholder_email(7), "7@remote");
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"ab", b"abc"));
    }
}
