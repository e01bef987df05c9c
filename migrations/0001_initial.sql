-- Twofold's initial schema: people, their sessions and tokens, their two-factor accounts, groups.
-- Secrets and their labels are encrypted by the worker before they reach this database; tokens and
-- session ids are stored only as SHA-256 hashes; passwords only as PBKDF2 records.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,              -- lower-cased
  password TEXT NOT NULL,                  -- pbkdf2-sha256$iterations$salt$hash
  is_admin INTEGER NOT NULL DEFAULT 0,
  preferences TEXT NOT NULL DEFAULT '{}',  -- JSON, merged over the defaults on read
  last_seen_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,                -- SHA-256 of the cookie value
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE personal_access_tokens (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the bearer token
  revoked INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX personal_access_tokens_user ON personal_access_tokens(user_id);

CREATE TABLE twofaccounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service TEXT,                            -- encrypted
  account TEXT NOT NULL,                   -- encrypted
  icon TEXT,
  otp_type TEXT NOT NULL CHECK (otp_type IN ('totp', 'hotp', 'steamtotp')),
  secret TEXT NOT NULL,                    -- encrypted
  digits INTEGER NOT NULL,
  algorithm TEXT NOT NULL,
  period INTEGER,
  counter TEXT,                            -- decimal: 64-bit counters exceed JavaScript numbers
  legacy_uri TEXT NOT NULL,                -- encrypted
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX twofaccounts_user ON twofaccounts(user_id);

CREATE TABLE groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  show_in_chips INTEGER NOT NULL DEFAULT 0,
  order_column INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);

-- Per-user filing and ordering: a borrower files and orders a shared account his own way.
CREATE TABLE twofaccount_group_assignments (
  twofaccount_id INTEGER NOT NULL REFERENCES twofaccounts(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  PRIMARY KEY (twofaccount_id, user_id)
);

CREATE TABLE twofaccount_user_orders (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  twofaccount_id INTEGER NOT NULL REFERENCES twofaccounts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (user_id, twofaccount_id)
);
