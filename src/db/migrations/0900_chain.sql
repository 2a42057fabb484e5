-- Chain: watch-only wallets, intake verifications, custody transactions prepared for offline
-- signing, and reconciliations with their alerts. Everything is append-only: a custody transaction
-- advances by new event rows (prepared -> signed -> broadcast -> confirmed), never by an update.

CREATE TABLE chain_wallets (
  id uuid PRIMARY KEY,
  asset text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('multisig', 'address', 'xpub')),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  -- The ledger account whose balance the chain must match; null when the wallet is watched only.
  account_id uuid,
  -- Network fees of moves out of this wallet are posted to this account.
  fee_account_id uuid,
  threshold integer CHECK (threshold IS NULL OR threshold >= 1),
  -- Custody keys: compressed secp256k1 public keys (multisig) or the signer address (EVM).
  keys text[] NOT NULL DEFAULT '{}',
  witness_script text,
  xpub text,
  -- Where a balance scan starts (the first block that can hold the wallet's coins).
  birth_height bigint NOT NULL DEFAULT 0 CHECK (birth_height >= 0),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE chain_addresses (
  wallet_id uuid NOT NULL REFERENCES chain_wallets (id),
  address text NOT NULL,
  -- BIP-32 path below the xpub, or null for a registered address.
  path text,
  PRIMARY KEY (wallet_id, address)
);
CREATE UNIQUE INDEX chain_addresses_address ON chain_addresses (address);

CREATE TABLE chain_intake_verifications (
  id uuid PRIMARY KEY,
  subject_id text NOT NULL,
  asset text NOT NULL,
  txid text NOT NULL,
  address text NOT NULL,
  expected_amount numeric(78,0) NOT NULL,
  paid_amount numeric(78,0) NOT NULL,
  confirmations integer NOT NULL,
  required_confirmations integer NOT NULL,
  block_height bigint,
  outcome text NOT NULL,
  evidence jsonb NOT NULL,
  checked_at timestamptz NOT NULL,
  checked_by text NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX chain_intake_verifications_subject ON chain_intake_verifications (subject_id, checked_at);

CREATE TABLE chain_custody_txs (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL UNIQUE,
  wallet_id uuid NOT NULL REFERENCES chain_wallets (id),
  asset text NOT NULL,
  destination text NOT NULL,
  amount numeric(78,0) NOT NULL CHECK (amount > 0),
  destination_account_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);

CREATE TABLE chain_custody_signatures (
  custody_tx_id uuid NOT NULL REFERENCES chain_custody_txs (id),
  input_index integer NOT NULL,
  public_key text NOT NULL,
  signature text NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  PRIMARY KEY (custody_tx_id, input_index, public_key)
);

CREATE TABLE chain_custody_events (
  custody_tx_id uuid NOT NULL REFERENCES chain_custody_txs (id),
  status text NOT NULL CHECK (status IN ('prepared', 'signed', 'broadcast', 'confirmed')),
  -- prepared: the unsigned PSBT (base64) or unsigned EVM transaction (JSON) and its id;
  -- signed: the signed raw EVM transaction; broadcast: the final raw transaction and its txid.
  txid text,
  payload text,
  fee numeric(78,0),
  block_height bigint,
  ledger_transfer_id uuid,
  at timestamptz NOT NULL,
  PRIMARY KEY (custody_tx_id, status)
);

CREATE TABLE chain_reconciliation_runs (
  id uuid PRIMARY KEY,
  trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule', 'statement')),
  source text NOT NULL,
  started_at timestamptz NOT NULL,
  started_by text NOT NULL,
  differences integer NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE chain_reconciliations (
  run_id uuid NOT NULL REFERENCES chain_reconciliation_runs (id),
  wallet_id uuid,
  account_id uuid,
  asset text NOT NULL,
  height bigint,
  ledger_balance numeric(78,0) NOT NULL,
  external_balance numeric(78,0) NOT NULL,
  difference numeric(78,0) NOT NULL,
  evidence jsonb NOT NULL
);
CREATE INDEX chain_reconciliations_run ON chain_reconciliations (run_id);

CREATE TABLE chain_alerts (
  id uuid PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES chain_reconciliation_runs (id),
  kind text NOT NULL,
  wallet_id uuid,
  account_id uuid,
  asset text NOT NULL,
  difference numeric(78,0) NOT NULL,
  evidence jsonb NOT NULL,
  raised_at timestamptz NOT NULL
);
