-- Passkey recovery by e-mail (POST /webauthn/lost, /webauthn/recover): one pending link per user.
-- Only the token's SHA-256 is kept; a link lives 60 minutes and is deleted when used.
CREATE TABLE webauthn_recoveries (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
