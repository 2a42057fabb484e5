-- An operation as the enforcement officer registers it in the console: the legal basis it was
-- carried out under (a statute, a prosecutor's order) and the illegal exchange it shut down, if any.
-- Operations registered before keep an empty basis and no exchange.
ALTER TABLE seizure_operations ADD COLUMN legal_basis text NOT NULL DEFAULT ''
  CHECK (length(legal_basis) <= 2000);
ALTER TABLE seizure_operations ADD COLUMN exchange_id uuid REFERENCES seizure_exchanges (id);
