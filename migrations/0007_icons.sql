-- Icons of accounts, stored in D1 (Workers have no disk) and encrypted like the secrets they sit
-- beside. Served without authentication at /storage/icons/{filename}: the 40 random characters
-- of the name are the only way to find one, as in 2FAuth.
CREATE TABLE icons (
  filename TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  data TEXT NOT NULL,                      -- encrypted base64 of the (sanitised) file
  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
);
