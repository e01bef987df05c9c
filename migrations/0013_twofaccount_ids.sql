-- Ids for new two-factor accounts, taken before the account is written: its encrypted values are
-- bound to its id (worker/src/crypto.rs), so the id must be known before the INSERT. Each new
-- account takes one here (AUTOINCREMENT never gives an id twice, whatever runs in parallel), then
-- the account is inserted with it and the reservation deleted in the same batch.
CREATE TABLE twofaccount_ids (
  id INTEGER PRIMARY KEY AUTOINCREMENT
);
-- Start above every id already given to an account.
INSERT INTO twofaccount_ids (id)
  SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'twofaccounts'), 0),
             COALESCE((SELECT MAX(id) FROM twofaccounts), 0))
  WHERE MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'twofaccounts'), 0),
            COALESCE((SELECT MAX(id) FROM twofaccounts), 0)) > 0;
DELETE FROM twofaccount_ids;
