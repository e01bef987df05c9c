-- Single sign-on (OpenID Connect, GitHub). A user signed in by a provider is found again by the
-- provider's id for him, compared case-insensitively as 2FAuth does; the unique index also keeps
-- two simultaneous first sign-ins from creating him twice.
ALTER TABLE users ADD COLUMN oauth_id TEXT;
ALTER TABLE users ADD COLUMN oauth_provider TEXT;
CREATE UNIQUE INDEX users_oauth ON users(lower(oauth_provider), lower(oauth_id))
  WHERE oauth_id IS NOT NULL;

-- Sign-ins sent to a provider and not yet back: single-use (deleted when the callback takes them),
-- short-lived, and bound to the browser that started them (the hash of a cookie set with the
-- redirect). Only hashes are kept: the PKCE verifier and the nonce are derived from the state
-- with APP_KEY, so a reader of this table can neither answer nor replay a sign-in.
CREATE TABLE sso_states (
  state_hash TEXT PRIMARY KEY,
  driver TEXT NOT NULL CHECK (driver IN ('openid', 'github')),
  browser_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sso_states_expiry ON sso_states(expires_at);
