-- One row per one-time password generated for a stored account through the /otp route.
-- Names and e-mails are snapshots, so the log survives the deletion of the people it names.
CREATE TABLE otp_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  twofaccount_id INTEGER NOT NULL REFERENCES twofaccounts(id) ON DELETE CASCADE,
  requester_id INTEGER,
  requester_name TEXT NOT NULL,
  requester_email TEXT NOT NULL,
  owner_id INTEGER,
  owner_name TEXT NOT NULL,
  owner_email TEXT NOT NULL,
  ip_address TEXT,
  otp_type TEXT NOT NULL,
  counter TEXT,
  generated_at INTEGER NOT NULL
);
CREATE INDEX otp_logs_account ON otp_logs(twofaccount_id, generated_at);
