-- A transfer's value date: when it took effect, where that is earlier than when it was recorded.
-- Only a single transfer booked by Kazna itself carries one (a starting position carried over from
-- before Kazna, such as the National Bank's allocation to the reserve); the HTTP API does not accept
-- it. Balances as of a past time count a transfer from its value date. created_at stays the moment
-- of recording, as the audit entry states it.
ALTER TABLE ledger_transfers ADD COLUMN value_at timestamptz;
ALTER TABLE ledger_transfers ADD CONSTRAINT ledger_transfers_value_at_not_after_recording
  CHECK (value_at IS NULL OR (kind = 'single' AND value_at <= created_at));
