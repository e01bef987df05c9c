//! What every handler gets: storage, the clock, configuration.

use serde_json::{Map, Value};
use twofold_core::contract::Preferences;
use twofold_core::preferences::{self, Preference};
use worker::{D1Database, Env};

use crate::crypto::Vault;
use crate::error::{ApiError, ApiResult};
use crate::http::Transport;
use crate::store::users::User;

/// Per-request context.
pub struct Ctx {
    /// The D1 database, as the request's session of it ([`crate::replication`]): its reads may
    /// come from a replica as recent as the caller's bookmark.
    pub db: D1Database,
    /// Unix time at the start of the request: one timestamp per request, as 2FAuth's lists use.
    pub now: u64,
    /// How the request came: cookie attributes and names follow from it.
    pub transport: Transport,
    /// The client's address as Cloudflare reports it (`CF-Connecting-IP`).
    pub ip: Option<String>,
    /// The request's `Accept-Language` (empty when absent): the language of its error messages
    /// when no one is signed in, or the signed-in user's `lang` is `browser` (`crate::i18n`).
    pub accept_language: String,
    env: Env,
    vault: std::cell::OnceCell<Vault>,
    /// The saved preferences of the caller, once authentication knows him ([`Ctx::signed_in`]).
    caller_preferences: std::cell::OnceCell<String>,
    /// Who that caller is, for what the answer says of the D1 session.
    caller: std::cell::Cell<crate::replication::Caller>,
    /// A session of the D1 database on the primary, opened by the first read that needs it
    /// ([`Ctx::primary`]).
    primary: std::cell::OnceCell<D1Database>,
}

impl Ctx {
    /// Builds the context from the Worker environment; its D1 session starts from `bookmark`,
    /// else on the primary.
    pub fn new(
        env: Env,
        now: u64,
        transport: Transport,
        ip: Option<String>,
        bookmark: Option<&str>,
    ) -> ApiResult<Self> {
        let ctx = Self {
            db: crate::replication::open(&env, bookmark)?,
            now,
            transport,
            ip,
            accept_language: String::new(),
            env,
            vault: std::cell::OnceCell::new(),
            caller_preferences: std::cell::OnceCell::new(),
            caller: std::cell::Cell::new(crate::replication::Caller::Nobody),
            primary: std::cell::OnceCell::new(),
        };
        crate::platform::use_password_pepper(ctx.secret("PASSWORD_PEPPER"));
        Ok(ctx)
    }

    /// A Worker variable (2FAuth's environment settings keep their names), if set.
    pub fn var(&self, name: &str) -> Option<String> {
        self.env
            .var(name)
            .ok()
            .map(|v| v.to_string())
            .filter(|v| !v.is_empty())
    }

    /// `user`'s preferences one by one, over the defaults and with their locks, under the
    /// instance's `USERPREF_*` variables.
    pub fn resolved_preferences(&self, user: &User) -> Vec<Preference> {
        self.resolve(&user.preferences)
    }

    fn resolve(&self, stored: &str) -> Vec<Preference> {
        preferences::resolve(&stored_preferences(stored), &|name| self.var(name))
    }

    /// Authentication found the caller (`caller`: with cookies or not): his `lang` preference now
    /// chooses the language of the request's error messages. Kept as saved, read only when an
    /// error must be translated.
    pub fn signed_in(&self, user: &User, caller: crate::replication::Caller) {
        let _ = self.caller_preferences.set(user.preferences.clone());
        self.caller.set(caller);
    }

    /// Who authentication found for this request.
    pub fn caller(&self) -> crate::replication::Caller {
        self.caller.get()
    }

    /// A session of the D1 database that starts on the primary, which has every write. Who the
    /// caller is (a session, a token, a proxy's user) is read there, so that a session ended or
    /// a token revoked a moment ago is refused at once, whatever the replica.
    pub fn primary(&self) -> ApiResult<&D1Database> {
        if let Some(primary) = self.primary.get() {
            return Ok(primary);
        }
        let primary = crate::replication::open(&self.env, None)?;
        Ok(self.primary.get_or_init(|| primary))
    }

    /// The request's D1 sessions that were opened: the latest bookmark is among theirs.
    pub fn sessions(&self) -> Vec<&D1Database> {
        std::iter::once(&self.db)
            .chain(self.primary.get())
            .collect()
    }

    /// The signed-in caller's `lang` preference (resolved under `USERPREF_*`), `browser` when
    /// no one is signed in.
    pub fn caller_lang(&self) -> String {
        let lang = self.caller_preferences.get().and_then(|stored| {
            let found = self.resolve(stored).into_iter().find(|p| p.key == "lang")?;
            found.value.as_str().map(String::from)
        });
        lang.unwrap_or_else(|| "browser".into())
    }

    /// `user`'s preferences as one resource (the `preferences` of user payloads).
    pub fn preferences(&self, user: &User) -> Preferences {
        Preferences::from_resolved(self.resolved_preferences(user))
    }

    /// The R2 bucket of backups (`BACKUPS` in wrangler.toml), when the instance has one.
    pub fn backups_bucket(&self) -> Option<worker::Bucket> {
        self.env.bucket("BACKUPS").ok()
    }

    /// A file of the static assets (`web/dist`), read through the `ASSETS` binding: data the
    /// worker serves or reads rarely lives there rather than in its `.wasm`, which every isolate
    /// downloads and instantiates. `None` when there is no such file (the assets' single-page
    /// fallback answers `index.html` for any unknown path, so the type is checked).
    pub async fn asset(&self, path: &str, content_type: &str) -> ApiResult<Option<Vec<u8>>> {
        // The binding ignores the host; any absolute URL names the path.
        let url = format!("https://assets.invalid{path}");
        // A request made here, not `fetch`'s init: that one brings workers-rs' serialisers of
        // Cloudflare's `cf` options into the `.wasm` (5 KiB gzip).
        let request = worker::Request::new(&url, worker::Method::Get)?;
        let mut response = self.env.assets("ASSETS")?.fetch_request(request).await?;
        let served_type = response.headers().get("Content-Type")?.unwrap_or_default();
        if response.status_code() != 200 || !served_type.starts_with(content_type) {
            return Ok(None);
        }
        Ok(Some(response.bytes().await?))
    }

    /// A Worker secret (or, locally, a variable).
    pub(crate) fn secret(&self, name: &str) -> Option<String> {
        self.env
            .secret(name)
            .map(|s| s.to_string())
            .or_else(|_| self.env.var(name).map(|v| v.to_string()))
            .ok()
    }

    /// A keyed hash of `data` for `purpose` (throttle and sign-in counters): stored only to be
    /// matched again, so that a reader of D1 without `APP_KEY` cannot test guessed addresses or
    /// e-mails against it, as he could against a bare SHA-256.
    pub fn keyed_hash(&self, purpose: &str, data: &str) -> ApiResult<String> {
        Ok(crate::crypto::hex(
            &self.vault()?.derive(purpose, data.as_bytes()),
        ))
    }

    /// The encryption vault under `APP_KEY`, reading `APP_PREVIOUS_KEYS` too during a rotation.
    /// Built once per request: the throttle's keyed hash and the handler share it.
    pub fn vault(&self) -> ApiResult<&Vault> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault);
        }
        let key = self
            .secret("APP_KEY")
            .ok_or_else(|| ApiError::Internal("APP_KEY is not set".into()))?;
        let previous = self.secret("APP_PREVIOUS_KEYS").unwrap_or_default();
        let vault = Vault::with_previous(&key, &previous).map_err(|_| {
            ApiError::Internal("APP_KEY or APP_PREVIOUS_KEYS is not 32 bytes of base64".into())
        })?;
        Ok(self.vault.get_or_init(|| vault))
    }
}

/// The preferences a user saved (unknown or unreadable ones are dropped on resolution).
fn stored_preferences(stored: &str) -> Map<String, Value> {
    serde_json::from_str::<Map<String, Value>>(stored).unwrap_or_default()
}
