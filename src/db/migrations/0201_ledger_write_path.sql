-- The write path of a batch, trimmed to what the database must enforce itself (measured in
-- docs/design/ledger.md, "Performance").
--
-- 1. The foreign keys on ledger_transfers go: to the accounts, and from a resolution to its pending
--    transfer and from a correction to what it corrects. Each fired a trigger per row, even where
--    the column is NULL (together 40 % of the insert's time), and each proved nothing the write
--    path does not already prove inside the same transaction: the service locks both accounts
--    FOR UPDATE and refuses an unknown one (debit_account_not_found, credit_account_not_found),
--    loads the pending transfer it resolves (pending_transfer_not_found) and the transfer it
--    corrects (corrected_transfer_not_found); the application role cannot delete a row of either
--    table; and replaying the log reports any transfer that names an account the log never opened.
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_debit_account_id_fkey;
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_credit_account_id_fkey;
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_pending_id_fkey;
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_corrects_id_fkey;

-- 2. "A pending transfer is resolved at most once" needs uniqueness only where pending_id is set.
--    A plain UNIQUE indexed a NULL for every single and pending transfer as well.
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_pending_id_key;
CREATE UNIQUE INDEX ledger_transfers_pending_once ON ledger_transfers (pending_id)
  WHERE pending_id IS NOT NULL;

-- 3. A ledger batch's audit entry is one canonical text of a few hundred kB, which the default pglz
--    compressed on every append (about a third of the append's time). lz4 is several times faster;
--    where the server was built without it, the text is stored uncompressed instead (TOAST still
--    moves it out of line). Either way the stored bytes are the hashed bytes.
DO $$
BEGIN
  ALTER TABLE audit_entries ALTER COLUMN entry SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE audit_entries ALTER COLUMN entry SET STORAGE EXTERNAL;
END $$;
