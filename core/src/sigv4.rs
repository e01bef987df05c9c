//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`), as S3-compatible stores check it: the canonical
//! request, the string to sign, the date-scoped signing key and the `Authorization` header. Pure
//! functions over RustCrypto's HMAC-SHA-256; the caller sends the request.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The algorithm's name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// One request to sign.
pub struct Request<'a> {
    /// `GET`, `PUT`, `DELETE`, ...
    pub method: &'a str,
    /// The path as sent, already URI-encoded (see [`uri_encode`]), starting with `/`.
    pub path: &'a str,
    /// The query parameters, not encoded (they are encoded and sorted here).
    pub query: &'a [(&'a str, &'a str)],
    /// Every header to sign (names in any case; `host` and `x-amz-date` among them).
    pub headers: &'a [(&'a str, &'a str)],
    /// Lower-case hex SHA-256 of the body (S3 also wants it as `x-amz-content-sha256`).
    pub payload_sha256: &'a str,
    /// The request's time as `x-amz-date` writes it: `YYYYMMDDTHHMMSSZ`.
    pub amz_date: &'a str,
    /// The region (`us-east-1`, or what an S3-compatible store asks for).
    pub region: &'a str,
    /// The service (`s3`).
    pub service: &'a str,
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Lower-case hex SHA-256 of `data` (the payload hash).
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// AWS's URI encoding: unreserved characters (`A-Z a-z 0-9 - . _ ~`) as they are, every other
/// byte as `%XY` in upper case; `/` kept when `keep_slash` (an object key in a path).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `x-amz-date` of a Unix time: `YYYYMMDDTHHMMSSZ`.
pub fn amz_date(unix: i64) -> String {
    // Laravel's date (`2024-05-02T06:32:00.000000Z`) without its separators and fraction.
    let iso = crate::dates::iso8601(unix);
    let mut out: String = iso[..19]
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    out.push('Z');
    out
}

/// The date-scoped signing key: HMAC chained over the date, region, service and `aws4_request`.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut secret = String::from("AWS4");
    secret.push_str(secret_access_key);
    let k_date = hmac(secret.as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// The signed headers' names, lower case, sorted and joined by `;`.
fn signed_headers(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// Headers as signed: names in lower case, values trimmed with inner runs of spaces made one,
/// sorted by name.
fn normalised_headers(headers: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            (name.to_ascii_lowercase(), value)
        })
        .collect();
    out.sort();
    out
}

/// The canonical request: method, path, sorted encoded query, headers, signed headers, payload hash.
pub fn canonical_request(request: &Request<'_>) -> String {
    let mut query: Vec<(String, String)> = request
        .query
        .iter()
        .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(k, v)| alloc::format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let headers = normalised_headers(request.headers);
    let mut out = String::new();
    let _ = write!(out, "{}\n{}\n{query}\n", request.method, request.path);
    for (name, value) in &headers {
        let _ = writeln!(out, "{name}:{value}");
    }
    let _ = write!(
        out,
        "\n{}\n{}",
        signed_headers(&headers),
        request.payload_sha256
    );
    out
}

/// `date/region/service/aws4_request`.
fn scope(request: &Request<'_>) -> String {
    alloc::format!(
        "{}/{}/{}/aws4_request",
        &request.amz_date[..request.amz_date.len().min(8)],
        request.region,
        request.service
    )
}

/// The string to sign: algorithm, time, scope and the canonical request's hash.
pub fn string_to_sign(request: &Request<'_>) -> String {
    alloc::format!(
        "{ALGORITHM}\n{}\n{}\n{}",
        request.amz_date,
        scope(request),
        sha256_hex(canonical_request(request).as_bytes())
    )
}

/// The signature: lower-case hex HMAC of the string to sign under the signing key.
pub fn signature(request: &Request<'_>, secret_access_key: &str) -> String {
    let date = &request.amz_date[..request.amz_date.len().min(8)];
    let key = signing_key(secret_access_key, date, request.region, request.service);
    hex(&hmac(&key, string_to_sign(request).as_bytes()))
}

/// The `Authorization` header's value for `request`.
pub fn authorization(
    request: &Request<'_>,
    access_key_id: &str,
    secret_access_key: &str,
) -> String {
    let headers = normalised_headers(request.headers);
    alloc::format!(
        "{ALGORITHM} Credential={access_key_id}/{}, SignedHeaders={}, Signature={}",
        scope(request),
        signed_headers(&headers),
        signature(request, secret_access_key)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's worked example of the general reference (IAM `ListUsers`, 2015-08-30).
    fn list_users() -> Request<'static> {
        Request {
            method: "GET",
            path: "/",
            query: &[("Version", "2010-05-08"), ("Action", "ListUsers")],
            headers: &[
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded; charset=utf-8",
                ),
                ("Host", "iam.amazonaws.com"),
                ("X-Amz-Date", "20150830T123600Z"),
            ],
            payload_sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            amz_date: "20150830T123600Z",
            region: "us-east-1",
            service: "iam",
        }
    }

    const IAM_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn aws_general_reference_example() {
        let request = list_users();
        assert_eq!(
            canonical_request(&request),
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n\
             content-type:application/x-www-form-urlencoded; charset=utf-8\n\
             host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
             content-type;host;x-amz-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            string_to_sign(&request),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n\
             f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
        );
        assert_eq!(
            hex(&signing_key(IAM_SECRET, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
        assert_eq!(
            authorization(&request, "AKIDEXAMPLE", IAM_SECRET),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        );
    }

    /// AWS's S3 example "GET Object" (header authentication, 2013-05-24).
    #[test]
    fn aws_s3_get_object_example() {
        let empty = sha256_hex(b"");
        let request = Request {
            method: "GET",
            path: "/test.txt",
            query: &[],
            headers: &[
                ("Host", "examplebucket.s3.amazonaws.com"),
                ("Range", "bytes=0-9"),
                ("x-amz-content-sha256", &empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payload_sha256: &empty,
            amz_date: "20130524T000000Z",
            region: "us-east-1",
            service: "s3",
        };
        assert_eq!(
            signature(&request, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn encodes_as_aws_does() {
        assert_eq!(uri_encode("a b/c~d*é", false), "a%20b%2Fc~d%2A%C3%A9");
        assert_eq!(uri_encode("users/1/x y.json", true), "users/1/x%20y.json");
        assert_eq!(amz_date(1_440_938_160), "20150830T123600Z");
    }
}
