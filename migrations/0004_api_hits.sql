-- /api/v1 requests per client address in a one-minute window, for THROTTLE_API (2FAuth's `api`
-- rate limiter). Addresses are kept only as hashes; rows whose window has ended are pruned.
CREATE TABLE api_hits (
  key_hash TEXT PRIMARY KEY,               -- SHA-256 of the client address
  hits INTEGER NOT NULL,
  reset_at INTEGER NOT NULL                -- Unix seconds when the window ends
);
CREATE INDEX api_hits_reset_at ON api_hits (reset_at);
