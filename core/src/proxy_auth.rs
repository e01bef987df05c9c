//! Authentication by a reverse proxy, as 2FAuth's `reverse-proxy-guard` does it: a request from a
//! trusted proxy (`TRUSTED_PROXIES`, a list of CIDR ranges) names its user in a header
//! (`AUTH_PROXY_HEADER_FOR_USER`) and may give an e-mail (`AUTH_PROXY_HEADER_FOR_EMAIL`). 2FAuth
//! names headers as PHP's server variables (`HTTP_REMOTE_USER` for `Remote-User`); a Worker sees
//! only headers, so a bare variable name (`REMOTE_USER`, set by a web server) means the header of
//! the same name. On Workers a peer address proves little (`*.workers.dev` reaches the Worker
//! around any proxy), which is why the Worker also asks for a secret only the proxy sends.

use alloc::string::String;
use alloc::vec::Vec;

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
}
