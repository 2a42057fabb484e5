-- The reserve: its allocation policy, external managers with their due diligence, capital flows
-- (subscriptions, redemptions, commitments, capital calls, distributions) and NAV statements.
-- Everything is append-only except the managers' status cache; each row names its audit entry.

-- A policy version is written only by an approved `reserve.policy.change` request (or recorded as
-- history by the demo, with no request id). The latest version whose effective day has come applies.
CREATE TABLE reserve_policies (
  version integer PRIMARY KEY CHECK (version >= 1),
  document jsonb NOT NULL,
  document_hash text NOT NULL,
  effective_from date NOT NULL,
  request_id uuid,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE reserve_managers (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('hedge_fund', 'venture_fund')),
  status text NOT NULL CHECK (
    status IN ('candidate', 'under_review', 'approved', 'active', 'on_watch', 'terminated')
  ),
  mandate jsonb NOT NULL,
  terms jsonb NOT NULL,
  -- Receiving addresses per asset for in-kind subscriptions; the policy's whitelist still decides.
  addresses jsonb NOT NULL,
  dd_score integer,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
COMMENT ON TABLE reserve_managers IS
  'mutable: status and dd_score are caches of reserve_manager_events, rebuilt from the log';

-- Status changes and due-diligence sections, in order. Documents are kept by SHA-256 only.
CREATE TABLE reserve_manager_events (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL REFERENCES reserve_managers (id),
  kind text NOT NULL CHECK (kind IN ('status', 'dd_section')),
  from_status text,
  to_status text,
  section text,
  score integer CHECK (score BETWEEN 0 AND 5),
  notes text NOT NULL DEFAULT '',
  documents jsonb NOT NULL DEFAULT '[]',
  request_id uuid,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX reserve_manager_events_manager ON reserve_manager_events (manager_id, audit_seq);

-- The ledger accounts (owner kind 'manager') that hold what the reserve placed with a manager.
CREATE TABLE reserve_manager_accounts (
  manager_id uuid NOT NULL REFERENCES reserve_managers (id),
  asset text NOT NULL,
  account_id uuid NOT NULL UNIQUE,
  PRIMARY KEY (manager_id, asset)
);

-- Every capital flow with a manager, in USD cents, with the funding source it carries.
CREATE TABLE reserve_flows (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL REFERENCES reserve_managers (id),
  kind text NOT NULL CHECK (
    kind IN ('commitment', 'subscription', 'redemption', 'capital_call', 'distribution')
  ),
  method text NOT NULL CHECK (method IN ('cash', 'in_kind')),
  day date NOT NULL,
  value numeric(78,0) NOT NULL CHECK (value >= 0),
  -- Fund units issued (subscription) or cancelled (redemption); 0 for venture flows.
  units numeric(78,0) NOT NULL CHECK (units >= 0),
  nav_per_unit numeric(78,0),
  funding_source text NOT NULL,
  -- Per-source split of a redemption or distribution (pro rata), as {source: value|units}.
  split jsonb NOT NULL,
  asset text,
  asset_units numeric(78,0),
  lot_id uuid,
  transfer_ids jsonb NOT NULL,
  request_id uuid,
  details jsonb NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX reserve_flows_manager ON reserve_flows (manager_id, day, audit_seq);

-- The chain transaction that carried an in-kind subscription, recorded once after broadcast.
CREATE TABLE reserve_chain_txids (
  flow_id uuid PRIMARY KEY REFERENCES reserve_flows (id),
  txid text NOT NULL CHECK (length(txid) BETWEEN 8 AND 200),
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

-- A redemption request and what its dealing date paid; a queued remainder is a later row naming
-- its parent. A queued row is open until a later row names it.
CREATE TABLE reserve_redemptions (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL REFERENCES reserve_managers (id),
  parent_id uuid REFERENCES reserve_redemptions (id),
  requested_on date NOT NULL,
  dealing_day date NOT NULL,
  requested_units numeric(78,0) NOT NULL CHECK (requested_units > 0),
  paid_units numeric(78,0) NOT NULL CHECK (paid_units >= 0),
  queued_units numeric(78,0) NOT NULL CHECK (queued_units >= 0),
  penalty numeric(78,0) NOT NULL CHECK (penalty >= 0),
  flow_id uuid REFERENCES reserve_flows (id),
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE UNIQUE INDEX reserve_redemptions_parent ON reserve_redemptions (parent_id);

-- Monthly NAV statements as the administrator reports them. Hedge fund: the whole fund's NAV (USD
-- cents), its units outstanding and the NAV per unit; the reserve's holding is its own units at that
-- NAV per unit. Venture fund: `nav` is the reserve's capital account, units and NAV per unit are null.
-- A period is stated once.
CREATE TABLE reserve_nav_statements (
  id uuid PRIMARY KEY,
  manager_id uuid NOT NULL REFERENCES reserve_managers (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  day date NOT NULL,
  nav numeric(78,0) NOT NULL CHECK (nav >= 0),
  units numeric(78,0),
  nav_per_unit numeric(78,0),
  gross_exposure_bps integer,
  management_fee numeric(78,0) NOT NULL,
  performance_fee numeric(78,0) NOT NULL,
  positions jsonb NOT NULL,
  exposures jsonb NOT NULL,
  sha256 text NOT NULL,
  import_id uuid,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (manager_id, period)
);

-- Breaches found by a rebalancing check, with their audit entries.
CREATE TABLE reserve_alerts (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  measured_bps integer NOT NULL,
  threshold_bps integer NOT NULL,
  message text NOT NULL,
  raised_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX reserve_alerts_day ON reserve_alerts (day DESC);
