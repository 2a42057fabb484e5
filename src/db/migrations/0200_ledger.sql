-- The double-entry reserve ledger: accounts and immutable transfers.
--
-- Transfers are append-only: a mistake is corrected by a new transfer that points to the old one.
-- An account row carries its running balances (one row lock per account per transfer, as in
-- TigerBeetle), so it is the one mutable table. The balance flags are also CHECK constraints, so a
-- bug in the service that would overdraw an account fails the transaction instead of committing.

CREATE TABLE ledger_accounts (
  id uuid PRIMARY KEY,
  asset text NOT NULL,
  owner_kind text NOT NULL CHECK (owner_kind IN ('agency', 'custodian', 'manager', 'reserve', 'escrow')),
  owner_ref text NOT NULL CHECK (length(owner_ref) BETWEEN 1 AND 200),
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  debits_must_not_exceed_credits boolean NOT NULL,
  credits_must_not_exceed_debits boolean NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  request_hash text NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  audit_seq bigint NOT NULL,
  debits_pending numeric(78, 0) NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted numeric(78, 0) NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending numeric(78, 0) NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted numeric(78, 0) NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)),
  CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted),
  CHECK (NOT credits_must_not_exceed_debits OR credits_pending + credits_posted <= debits_posted)
);
COMMENT ON TABLE ledger_accounts IS 'mutable: running balances advance with each transfer, and closed_at is set once when an account closes';
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_kind, owner_ref);
CREATE INDEX ledger_accounts_asset ON ledger_accounts (asset);

-- kind: single (posts at once), pending (reserves), post / void / expire (resolve one pending).
-- A pending transfer is resolved at most once: pending_id is UNIQUE. Ordering is (audit_seq,
-- batch_index): the audit entry that recorded the batch, then the position inside it.
CREATE TABLE ledger_transfers (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('single', 'pending', 'post', 'void', 'expire')),
  debit_account_id uuid NOT NULL REFERENCES ledger_accounts (id),
  credit_account_id uuid NOT NULL REFERENCES ledger_accounts (id),
  asset text NOT NULL,
  amount numeric(78, 0) NOT NULL CHECK (amount > 0),
  pending_id uuid UNIQUE REFERENCES ledger_transfers (id),
  -- For post / void / expire: the reserved amount this resolution released.
  pending_released numeric(78, 0) CHECK (pending_released > 0),
  timeout_seconds integer CHECK (timeout_seconds >= 0),
  expires_at timestamptz,
  code text NOT NULL,
  reason text NOT NULL,
  case_ref text,
  lot_ref text,
  approval_ref text,
  external_ref text,
  corrects_id uuid REFERENCES ledger_transfers (id),
  actor text NOT NULL,
  request_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  batch_index integer NOT NULL CHECK (batch_index >= 0),
  UNIQUE (audit_seq, batch_index),
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((kind IN ('post', 'void', 'expire')) = (pending_id IS NOT NULL)),
  CHECK ((kind IN ('post', 'void', 'expire')) = (pending_released IS NOT NULL))
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, audit_seq, batch_index);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, audit_seq, batch_index);
CREATE INDEX ledger_transfers_expiry ON ledger_transfers (expires_at) WHERE kind = 'pending' AND expires_at IS NOT NULL;
CREATE INDEX ledger_transfers_case ON ledger_transfers (case_ref) WHERE case_ref IS NOT NULL;
CREATE INDEX ledger_transfers_lot ON ledger_transfers (lot_ref) WHERE lot_ref IS NOT NULL;
