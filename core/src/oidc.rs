//! Signing in with an OpenID provider (or GitHub) as 2FAuth does it, and safer: the code flow
//! with `state` (the callback belongs to this browser's sign-in), PKCE (a stolen code is useless)
//! and `nonce` (an ID token answers this sign-in only), and, when the provider publishes
//! discovery, its ID token checked ([`crate::jwt`]). The Worker does the I/O; the rules live here.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::webauthn::encode as base64url;

/// The providers 2FAuth knows, by their route name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// Any OpenID Connect provider (`OPENID_*`).
    OpenId,
    /// GitHub's OAuth apps (`GITHUB_*`): no ID token.
    GitHub,
}

impl Driver {
    /// The driver of a route segment (`/socialite/redirect/{driver}`).
    pub fn from_route(name: &str) -> Option<Self> {
        match name {
            "openid" => Some(Self::OpenId),
            "github" => Some(Self::GitHub),
            _ => None,
        }
    }

    /// Its route name, also 2FAuth's `oauth_provider`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenId => "openid",
            Self::GitHub => "github",
        }
    }
}

/// PKCE's `S256` challenge of a verifier (RFC 7636).
pub fn pkce_challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// What the authorization request carries.
#[derive(Debug, Clone, Copy)]
pub struct Authorization<'a> {
    /// The provider's authorization endpoint.
    pub endpoint: &'a str,
    /// `client_id`.
    pub client_id: &'a str,
    /// This site's callback.
    pub redirect_uri: &'a str,
    /// Space-separated scopes.
    pub scope: &'a str,
    /// Ties the callback to this browser's sign-in.
    pub state: &'a str,
    /// Ties the ID token to this sign-in (OpenID only).
    pub nonce: Option<&'a str>,
    /// The PKCE verifier, kept by the server; its challenge is sent.
    pub verifier: &'a str,
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The URL the browser is sent to.
pub fn authorization_url(a: &Authorization) -> String {
    let challenge = pkce_challenge(a.verifier);
    let mut pairs = alloc::vec![
        ("response_type", "code"),
        ("client_id", a.client_id),
        ("redirect_uri", a.redirect_uri),
        ("scope", a.scope),
        ("state", a.state),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    if let Some(nonce) = a.nonce {
        pairs.push(("nonce", nonce));
    }
    let separator = if a.endpoint.contains('?') { '&' } else { '?' };
    format!("{}{separator}{}", a.endpoint, form(&pairs))
}

/// The body of the code-for-token request (`application/x-www-form-urlencoded`).
pub fn token_request(
    code: &str,
    redirect_uri: &str,
    (client_id, client_secret): (&str, &str),
    verifier: &str,
) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("code_verifier", verifier),
    ])
}

/// A provider's published configuration (`.well-known/openid-configuration`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// `issuer`: what its ID tokens say in `iss`.
    pub issuer: String,
    /// `authorization_endpoint`.
    pub authorization_endpoint: String,
    /// `token_endpoint`.
    pub token_endpoint: String,
    /// `userinfo_endpoint`, if any.
    pub userinfo_endpoint: Option<String>,
    /// `jwks_uri`: its signing keys.
    pub jwks_uri: String,
}

impl Discovery {
    /// Reads a discovery document; it must name the issuer it was fetched for (OpenID Connect
    /// Discovery §4.3: otherwise another provider could pose as this one).
    pub fn read(document: &Value, expected_issuer: Option<&str>) -> Option<Self> {
        let text = |k: &str| document.get(k).and_then(Value::as_str).map(str::to_string);
        let issuer = text("issuer")?;
        if expected_issuer.is_some_and(|e| e.trim_end_matches('/') != issuer.trim_end_matches('/'))
        {
            return None;
        }
        Some(Self {
            issuer,
            authorization_endpoint: text("authorization_endpoint")?,
            token_endpoint: text("token_endpoint")?,
            userinfo_endpoint: text("userinfo_endpoint"),
            jwks_uri: text("jwks_uri")?,
        })
    }
}

/// The user the provider vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderUser {
    /// The provider's id for the user (`sub`, GitHub's `id`).
    pub id: String,
    /// A nickname (GitHub's `login`, OpenID's `preferred_username`/`nickname`).
    pub nickname: Option<String>,
    /// A display name.
    pub name: Option<String>,
    /// An e-mail, if the provider gives one.
    pub email: Option<String>,
}

impl ProviderUser {
    /// Reads the user from a userinfo answer (or an ID token's claims).
    pub fn from_userinfo(driver: Driver, info: &Value) -> Option<Self> {
        let text = |k: &str| {
            info.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        let id = match driver {
            Driver::OpenId => text("sub")?,
            // GitHub's ids are numbers.
            Driver::GitHub => match info.get("id")? {
                Value::Number(n) => n.to_string(),
                Value::String(s) if !s.is_empty() => s.clone(),
                _ => return None,
            },
        };
        let nickname = match driver {
            Driver::OpenId => text("nickname").or_else(|| text("preferred_username")),
            Driver::GitHub => text("login"),
        };
        Some(Self {
            id,
            nickname,
            name: text("name"),
            email: text("email").map(|e| crate::case::to_lowercase(&e)),
        })
    }

    /// The name 2FAuth gives such a user: `"{nickname or name} ({id}@{driver})"`.
    pub fn account_name(&self, driver: Driver) -> String {
        let shown = self
            .nickname
            .as_deref()
            .or(self.name.as_deref())
            .unwrap_or_default();
        let name = format!("{shown} ({}@{})", self.id, driver.as_str());
        name.trim_start().to_string()
    }

    /// The e-mail 2FAuth records: the provider's, or `{id}@{driver}`.
    pub fn account_email(&self, driver: Driver) -> String {
        self.email.clone().unwrap_or_else(|| {
            crate::case::to_lowercase(&format!("{}@{}", self.id, driver.as_str()))
        })
    }
}

/// What a sign-in method is, for the SSO-only gates (`useSsoOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gated {
    /// Signing in by password or passkey, or registering: 405 for non-admins.
    SignIn,
    /// Managing personal access tokens: 403 unless `allowPatWhileSsoOnly`.
    Tokens,
    /// Registering passkeys: 403.
    Passkeys,
}

/// Whether `useSsoOnly` lets this user (`is_admin`, `None` for nobody known) use `what`: admins
/// keep every method, so that an instance whose provider fails is still reachable.
pub fn sso_only_allows(settings: &[(String, Value)], is_admin: Option<bool>, what: Gated) -> bool {
    use crate::settings::enabled;
    if !enabled(settings, "useSsoOnly") || is_admin == Some(true) {
        return true;
    }
    what == Gated::Tokens && enabled(settings, "allowPatWhileSsoOnly")
}

/// What becomes of a provider's user seen for the first time: 2FAuth's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewUser {
    /// The instance's first user: created, admin.
    FirstAdmin,
    /// Created, not admin.
    Member,
    /// Refused: registration is closed to SSO too (`sso_no_register`).
    Refused,
}

/// Whether a first SSO sign-in creates a user: always the first one; after that unless
/// `disableRegistration` is on without `keepSsoRegistrationEnabled`.
pub fn new_user(settings: &[(String, Value)], has_users: bool) -> NewUser {
    use crate::settings::enabled;
    if !has_users {
        NewUser::FirstAdmin
    } else if enabled(settings, "disableRegistration")
        && !enabled(settings, "keepSsoRegistrationEnabled")
    {
        NewUser::Refused
    } else {
        NewUser::Member
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pkce_matches_rfc_7636() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorization_url_carries_state_nonce_and_challenge() {
        let url = authorization_url(&Authorization {
            endpoint: "https://id.example/auth?prompt=login",
            client_id: "twofold",
            redirect_uri: "https://2fa.example/socialite/callback/openid",
            scope: "openid email profile",
            state: "s1",
            nonce: Some("n1"),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        });
        assert!(url.starts_with("https://id.example/auth?prompt=login&response_type=code&"));
        for part in [
            "redirect_uri=https%3A%2F%2F2fa%2Eexample%2Fsocialite%2Fcallback%2Fopenid",
            "scope=openid%20email%20profile",
            "state=s1",
            "nonce=n1",
            "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw%2DcM",
            "code_challenge_method=S256",
        ] {
            assert!(url.contains(part), "{part} in {url}");
        }
        let body = token_request("c&d", "https://x/cb", ("id", "s e"), "v");
        assert_eq!(
            body,
            "grant_type=authorization%5Fcode&code=c%26d&redirect_uri=https%3A%2F%2Fx%2Fcb&client_id=id&client_secret=s%20e&code_verifier=v"
        );
    }

    #[test]
    fn discovery_must_name_the_expected_issuer() {
        let doc = json!({"issuer": "https://id.example", "authorization_endpoint": "https://id.example/a",
            "token_endpoint": "https://id.example/t", "jwks_uri": "https://id.example/k"});
        assert!(Discovery::read(&doc, Some("https://id.example/")).is_some());
        assert!(Discovery::read(&doc, Some("https://other.example")).is_none());
        assert!(Discovery::read(&json!({"issuer": "x"}), None).is_none());
    }

    #[test]
    fn users_are_named_as_2fauth_names_them() {
        let github = ProviderUser::from_userinfo(
            Driver::GitHub,
            &json!({"id": 1234, "login": "octo", "name": "Octo Cat", "email": null}),
        )
        .unwrap();
        assert_eq!(github.account_name(Driver::GitHub), "octo (1234@github)");
        assert_eq!(github.account_email(Driver::GitHub), "1234@github");
        let openid = ProviderUser::from_userinfo(
            Driver::OpenId,
            &json!({"sub": "abc", "name": "Jane", "email": "Jane@Example.org"}),
        )
        .unwrap();
        assert_eq!(openid.account_name(Driver::OpenId), "Jane (abc@openid)");
        assert_eq!(openid.account_email(Driver::OpenId), "jane@example.org");
        assert!(ProviderUser::from_userinfo(Driver::OpenId, &json!({"name": "x"})).is_none());
        assert_eq!(Driver::from_route("gitlab"), None);
    }

    #[test]
    fn sso_only_leaves_admins_every_method() {
        let s = |pairs: &[(&str, bool)]| -> Vec<(String, Value)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect()
        };
        let off = s(&[("useSsoOnly", false)]);
        let on = s(&[("useSsoOnly", true)]);
        let pats = s(&[("useSsoOnly", true), ("allowPatWhileSsoOnly", true)]);
        for what in [Gated::SignIn, Gated::Tokens, Gated::Passkeys] {
            assert!(sso_only_allows(&off, Some(false), what));
            assert!(sso_only_allows(&off, None, what));
            assert!(sso_only_allows(&on, Some(true), what));
            assert!(!sso_only_allows(&on, Some(false), what));
            assert!(!sso_only_allows(&on, None, what));
        }
        assert!(sso_only_allows(&pats, Some(false), Gated::Tokens));
        assert!(!sso_only_allows(&pats, Some(false), Gated::SignIn));
        assert!(!sso_only_allows(&pats, Some(false), Gated::Passkeys));
    }

    #[test]
    fn first_sso_user_is_admin_and_closed_registration_refuses_others() {
        let s = |pairs: &[(&str, bool)]| -> Vec<(String, Value)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect()
        };
        let closed = s(&[("disableRegistration", true)]);
        let kept = s(&[
            ("disableRegistration", true),
            ("keepSsoRegistrationEnabled", true),
        ]);
        assert_eq!(new_user(&closed, false), NewUser::FirstAdmin);
        assert_eq!(new_user(&[], true), NewUser::Member);
        assert_eq!(new_user(&closed, true), NewUser::Refused);
        assert_eq!(new_user(&kept, true), NewUser::Member);
    }
}
