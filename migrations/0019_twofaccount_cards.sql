-- An account's service, account and secret sealed together as one value, its card
-- (worker/src/store/twofaccounts.rs): a list decrypts one value per account instead of three. Rows
-- written before keep the three in their own columns, card NULL, until the re-encryption or their
-- next update moves them into a card; a row with a card keeps nothing in them (NULL, '', '', as the
-- columns' NOT NULL allows), so a row is in one form or the other, never half in each.
ALTER TABLE twofaccounts ADD COLUMN card TEXT
  CHECK (card IS NULL OR (service IS NULL AND account = '' AND secret = ''));
