-- Sign-in guards (twofold_core::login_throttle): each counter also remembers its latest attempt,
-- for the per-account backoff. Keys are keyed hashes (HMAC under a key derived from APP_KEY) of
-- "pair|email|address" or "account|email", never bare SHA-256 of guessable text.
ALTER TABLE login_attempts ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;
-- Rows keyed the old way can never match again: drop them.
DELETE FROM login_attempts;
DELETE FROM api_hits;
