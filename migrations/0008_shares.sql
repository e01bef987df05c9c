-- Shares of two-factor accounts (2FAuth's sharing and ownership routes): with one user, or (user_id NULL) with all users.
CREATE TABLE shares (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  twofaccount_id INTEGER NOT NULL REFERENCES twofaccounts(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX shares_with_user ON shares(twofaccount_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX shares_with_all ON shares(twofaccount_id) WHERE user_id IS NULL;
CREATE INDEX shares_recipient ON shares(user_id);
