-- The scheduled clean-up finds unused icons by the accounts that show them, and the icon quota
-- sums a user's uploads: both without scanning whole tables.
CREATE INDEX IF NOT EXISTS twofaccounts_icon ON twofaccounts(icon);
CREATE INDEX IF NOT EXISTS icons_uploaded_by ON icons(uploaded_by);
CREATE INDEX IF NOT EXISTS otp_logs_generated_at ON otp_logs(generated_at);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions(expires_at);
