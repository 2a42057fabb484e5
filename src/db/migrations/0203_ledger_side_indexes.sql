-- The per-side indexes name only the account. Every reader of an account's transfers (balances as of
-- a time, statements) asks for `debit_account_id = $1 OR credit_account_id = $1`, which PostgreSQL
-- answers with a BitmapOr of the two indexes and then sorts by (audit_seq, batch_index) for the
-- running balance: the order carried in the old composite keys was never read. A one-column key
-- is about half as wide and deduplicates (one posting list per account), and a batch of 1,000
-- transfers spends about 1 ms less maintaining the two (docs/design/ledger.md, "Performance").
DROP INDEX ledger_transfers_debit;
DROP INDEX ledger_transfers_credit;
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id);
