-- Authentication log (logins, failed logins of known e-mails, logouts) and password resets.
CREATE TABLE authentication_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ip_address TEXT,
  user_agent TEXT,
  login_at INTEGER,
  login_successful INTEGER NOT NULL DEFAULT 0,
  logout_at INTEGER,
  login_method TEXT
);
CREATE INDEX authentication_log_user ON authentication_log(user_id);

-- One pending reset per user. token_hash is NULL for a lost-password request an admin has not yet
-- answered (no mail service: the admin's reset gives the link); else the SHA-256 of the token.
CREATE TABLE password_resets (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT,
  created_at INTEGER NOT NULL
);
