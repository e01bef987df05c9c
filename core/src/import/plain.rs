//! Lists of otpauth URIs, one per line (CR, LF or CRLF); `otpauth://steam/` accepted. Ente Auth's
//! plain export is such a list (its extra `codeDisplay` parameter is ignored).

use alloc::vec::Vec;

use super::{Entry, Format, ImportError, uri_entry};

fn lines(payload: &str) -> impl Iterator<Item = &str> {
    payload
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

pub(super) fn detect(payload: &str) -> bool {
    lines(payload).all(|line| {
        let head = line.get(..15).unwrap_or(line).to_ascii_lowercase();
        ["otpauth://totp/", "otpauth://hotp/"]
            .iter()
            .any(|p| head.starts_with(p))
            || line
                .get(..16)
                .is_some_and(|h| h.eq_ignore_ascii_case("otpauth://steam/"))
    })
}

pub(super) fn read(payload: &str) -> Result<Vec<Entry>, ImportError> {
    let entries: Vec<Entry> = lines(payload).map(|line| uri_entry(line, false)).collect();
    if entries.is_empty() {
        return Err(ImportError::Unreadable(Format::Otpauth));
    }
    Ok(entries)
}
