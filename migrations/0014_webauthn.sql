-- Passkeys (WebAuthn). A credential's public key is not a secret (it only verifies), so it is
-- stored as the authenticator gave it (COSE, base64url); what a reader of this table learns is
-- which user has how many passkeys, nothing that signs anyone in.
CREATE TABLE webauthn_credentials (
  id TEXT PRIMARY KEY,                     -- the credential id, base64url
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  alias TEXT,                              -- the name the user gave it
  user_handle TEXT NOT NULL,               -- the handle it was registered under (base64url): a
                                           -- discoverable sign-in must return this one
  public_key TEXT NOT NULL,                -- COSE key, base64url
  counter INTEGER NOT NULL DEFAULT 0,      -- the authenticator's signature counter
  last_used_at INTEGER,                    -- the last sign-in with it
  transports TEXT,                         -- JSON list the browser reported, passed back as hints
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);

-- Challenges issued and not yet answered: single-use (deleted when answered) and short-lived.
-- Only their SHA-256 is kept. user_id is NULL for a sign-in with a discoverable passkey, where
-- nobody is named until the authenticator answers.
CREATE TABLE webauthn_challenges (
  challenge_hash TEXT PRIMARY KEY,
  ceremony TEXT NOT NULL CHECK (ceremony IN ('register', 'login')),
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX webauthn_challenges_expiry ON webauthn_challenges(expires_at);
