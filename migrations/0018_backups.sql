-- Automatic encrypted backups (issue 16): one row per user who set them up. The file is an Aegis
-- encrypted vault: `slot` is its password slot and `master_key` the key that seals each backup,
-- both encrypted with APP_KEY like the destination's `secret` (every backup carries the slot, but
-- in a dump of D1 alone it would let the backup password be guessed offline).
-- `next_run_at` is what the scheduled run looks for (index below); a failed run moves it on too.
CREATE TABLE backups (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  enabled INTEGER NOT NULL,
  schedule TEXT NOT NULL,
  retention INTEGER NOT NULL,
  destination TEXT NOT NULL,
  secret TEXT,
  slot TEXT NOT NULL,
  master_key TEXT NOT NULL,
  next_run_at INTEGER NOT NULL,
  last_run_at INTEGER,
  last_outcome TEXT,
  last_error TEXT,
  last_file TEXT
);
CREATE INDEX backups_due ON backups (enabled, next_run_at);
