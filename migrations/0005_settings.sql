-- Admin settings (/api/v1/settings): values an admin changed or created, as JSON text. Natives
-- not stored here read their defaults (twofold_core::settings).
CREATE TABLE settings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,    -- keeps custom settings in creation order
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL
);
