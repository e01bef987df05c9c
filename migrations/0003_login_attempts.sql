-- Failed password logins per (lower-cased e-mail, client address), for LOGIN_THROTTLE.
-- Only failures write here; a successful login removes its row.
CREATE TABLE login_attempts (
  key_hash TEXT PRIMARY KEY,               -- SHA-256 of "email|ip"
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL            -- Unix seconds of the window's first failure
);
