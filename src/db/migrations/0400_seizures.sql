-- Seizures: enforcement operations, an exchange registry, cases, seizures and their lots, legal
-- transitions, victims' claims and payouts, signed hand-offs and disposals pending for the reserve.
--
-- Everything is append-only except the current state of a lot and of a claim, which are caches of
-- what the audit log says (the `seizures.lots` projector checks them on `kazna audit verify --replay`).

CREATE TABLE seizure_operations (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  agencies text[] NOT NULL,
  started_on date NOT NULL,
  ended_on date,
  summary text NOT NULL,
  exchanges_shut_down integer CHECK (exchanges_shut_down >= 0),
  volume_processed_usd numeric(78,0) CHECK (volume_processed_usd >= 0),
  organisation_id uuid,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);

CREATE TABLE seizure_exchanges (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL CHECK (status IN ('licensed', 'illegal', 'shut_down')),
  jurisdiction text NOT NULL,
  operation_id uuid REFERENCES seizure_operations (id),
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE seizure_cases (
  id uuid PRIMARY KEY,
  operation_id uuid REFERENCES seizure_operations (id),
  agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
  case_number text NOT NULL CHECK (length(case_number) BETWEEN 1 AND 100),
  court text NOT NULL CHECK (length(court) BETWEEN 1 AND 200),
  -- Parties are opaque references only (minimum personal data): no names, no documents.
  party_refs text[] NOT NULL,
  organisation_id uuid,
  opened_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (agency, case_number)
);

CREATE TABLE seizure_seizures (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES seizure_cases (id),
  seized_on date NOT NULL,
  exchange_id uuid REFERENCES seizure_exchanges (id),
  note text NOT NULL,
  organisation_id uuid,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE seizure_lots (
  id uuid PRIMARY KEY,
  seizure_id uuid NOT NULL REFERENCES seizure_seizures (id),
  case_id uuid NOT NULL REFERENCES seizure_cases (id),
  parent_lot_id uuid REFERENCES seizure_lots (id),
  asset text NOT NULL,
  chain text NOT NULL,
  amount_units numeric(78,0) NOT NULL CHECK (amount_units > 0),
  remaining_units numeric(78,0) NOT NULL CHECK (remaining_units >= 0 AND remaining_units <= amount_units),
  status text NOT NULL,
  custody_kind text NOT NULL CHECK (custody_kind IN ('seizure_wallet', 'custodian_account', 'exchange_freeze')),
  custody_ref text NOT NULL,
  custodian_organisation_id uuid,
  account_id uuid NOT NULL,
  escrow_account_id uuid,
  escrow_asset text,
  escrow_units numeric(78,0),
  flagged boolean NOT NULL,
  screening_id uuid,
  list_version bigint,
  organisation_id uuid,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
COMMENT ON TABLE seizure_lots IS 'mutable: status, remaining amount, custodian and escrow are the current state projected from the audit log';
CREATE INDEX seizure_lots_case ON seizure_lots (case_id);
CREATE INDEX seizure_lots_status ON seizure_lots (status, id);

CREATE TABLE seizure_lot_addresses (
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  address text NOT NULL,
  PRIMARY KEY (lot_id, address)
);

CREATE TABLE seizure_lot_txids (
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  txid text NOT NULL,
  PRIMARY KEY (lot_id, txid)
);

CREATE TABLE seizure_evidence (
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  name text NOT NULL,
  added_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  PRIMARY KEY (lot_id, sha256)
);

CREATE TABLE seizure_transitions (
  id uuid PRIMARY KEY,
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  from_status text NOT NULL,
  to_status text NOT NULL,
  court_order_ref text,
  ground text,
  reason text NOT NULL,
  request_id uuid,
  initiator text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX seizure_transitions_lot ON seizure_transitions (lot_id, at);

CREATE TABLE seizure_claims (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES seizure_cases (id),
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  claimant_ref text NOT NULL CHECK (length(claimant_ref) BETWEEN 1 AND 200),
  claimed_units numeric(78,0) NOT NULL CHECK (claimed_units > 0),
  approved_units numeric(78,0),
  paid_units numeric(78,0) NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('registered', 'approved', 'paid')),
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
COMMENT ON TABLE seizure_claims IS 'mutable: approval and amount paid advance as the registrar approves and payouts are made';

CREATE TABLE seizure_payouts (
  id uuid PRIMARY KEY,
  claim_id uuid NOT NULL REFERENCES seizure_claims (id),
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  amount_units numeric(78,0) NOT NULL CHECK (amount_units > 0),
  transfer_id uuid NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE seizure_handoffs (
  id uuid PRIMARY KEY,
  lot_ids uuid[] NOT NULL,
  from_organisation_id uuid NOT NULL,
  to_organisation_id uuid NOT NULL,
  releasing_officer_id uuid NOT NULL,
  receiving_officer_id uuid NOT NULL,
  content text NOT NULL,
  releasing_signature text NOT NULL,
  receiving_signature text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK (releasing_officer_id <> receiving_officer_id)
);

CREATE TABLE seizure_disposals (
  id uuid PRIMARY KEY,
  lot_id uuid NOT NULL UNIQUE REFERENCES seizure_lots (id),
  destination text NOT NULL CHECK (destination IN ('reserve')),
  status text NOT NULL CHECK (status IN ('pending')),
  earmarked_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

-- The per-asset accounts this domain posts against (seized-assets source, escrow source, sinks).
CREATE TABLE seizure_ledger_accounts (
  purpose text NOT NULL,
  asset text NOT NULL,
  account_id uuid NOT NULL UNIQUE,
  PRIMARY KEY (purpose, asset)
);
