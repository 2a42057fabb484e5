-- Disposal of forfeited crypto by sale: sealed-bid auctions and OTC tranche plans. Every table is
-- append-only: an auction's state is its latest event, a bid is a commitment and a later reveal,
-- an award and a fill are written once. Prices are integers of 10^-12 USD per whole unit of the
-- asset (the market's PRICE_SCALE), proceeds are USD cents, shares and slippage are basis points.

CREATE TABLE reserve_disposal_auctions (
  id uuid PRIMARY KEY,
  asset text NOT NULL,
  reserve_price numeric(78,0) NOT NULL CHECK (reserve_price > 0),
  closes_at timestamptz NOT NULL,
  request_id uuid NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE reserve_disposal_auction_lots (
  auction_id uuid NOT NULL REFERENCES reserve_disposal_auctions (id),
  lot_id uuid NOT NULL,
  units numeric(78,0) NOT NULL CHECK (units > 0),
  PRIMARY KEY (auction_id, lot_id)
);

CREATE TABLE reserve_disposal_auction_events (
  id uuid PRIMARY KEY,
  auction_id uuid NOT NULL REFERENCES reserve_disposal_auctions (id),
  status text NOT NULL CHECK (status IN ('open', 'closed', 'awarded')),
  request_id uuid,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (auction_id, status)
);

-- Bidders are opaque KYC references with the address the crypto would be delivered to, screened
-- against the sanctions list when they register; a refused registration stays on the record.
CREATE TABLE reserve_disposal_bidders (
  id uuid PRIMARY KEY,
  auction_id uuid NOT NULL REFERENCES reserve_disposal_auctions (id),
  kyc_ref text NOT NULL CHECK (length(kyc_ref) BETWEEN 1 AND 200),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  status text NOT NULL CHECK (status IN ('registered', 'refused_sanctioned')),
  screening_id uuid NOT NULL,
  list_version bigint NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE UNIQUE INDEX reserve_disposal_bidders_once ON reserve_disposal_bidders (auction_id, kyc_ref)
  WHERE status = 'registered';

-- A sealed bid is a SHA-256 commitment to (auction, lot, bidder, price, salt); the price is
-- revealed only after the auction closes and must open the commitment.
CREATE TABLE reserve_disposal_bids (
  id uuid PRIMARY KEY,
  auction_id uuid NOT NULL REFERENCES reserve_disposal_auctions (id),
  lot_id uuid NOT NULL,
  bidder_id uuid NOT NULL REFERENCES reserve_disposal_bidders (id),
  commitment text NOT NULL CHECK (commitment ~ '^[0-9a-f]{64}$'),
  actor text NOT NULL,
  committed_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (auction_id, lot_id, bidder_id)
);

CREATE TABLE reserve_disposal_bid_reveals (
  bid_id uuid PRIMARY KEY REFERENCES reserve_disposal_bids (id),
  price numeric(78,0) NOT NULL CHECK (price > 0),
  salt text NOT NULL,
  actor text NOT NULL,
  revealed_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

-- One row per lot of an awarded auction: sold to a bid, or unsold (bid_id null, lot released).
CREATE TABLE reserve_disposal_awards (
  id uuid PRIMARY KEY,
  auction_id uuid NOT NULL REFERENCES reserve_disposal_auctions (id),
  lot_id uuid NOT NULL,
  bid_id uuid REFERENCES reserve_disposal_bids (id),
  units numeric(78,0) NOT NULL CHECK (units >= 0),
  clearing_price numeric(78,0),
  reference_price numeric(78,0),
  reference_day date,
  reference_source text,
  premium_bps bigint,
  proceeds_cents numeric(78,0),
  crypto_transfer_id uuid,
  proceeds_transfer_id uuid,
  request_id uuid NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (auction_id, lot_id),
  CHECK (bid_id IS NULL OR (clearing_price > 0 AND reference_price > 0 AND proceeds_cents >= 0))
);

CREATE TABLE reserve_disposal_otc_plans (
  id uuid PRIMARY KEY,
  lot_id uuid NOT NULL,
  asset text NOT NULL,
  counterparty_ref text NOT NULL CHECK (length(counterparty_ref) BETWEEN 1 AND 200),
  max_volume_share_bps integer NOT NULL CHECK (max_volume_share_bps BETWEEN 1 AND 10000),
  tolerance_bps integer NOT NULL CHECK (tolerance_bps BETWEEN 0 AND 10000),
  request_id uuid NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE reserve_disposal_otc_tranches (
  plan_id uuid NOT NULL REFERENCES reserve_disposal_otc_plans (id),
  tranche_no integer NOT NULL CHECK (tranche_no >= 1),
  units numeric(78,0) NOT NULL CHECK (units > 0),
  PRIMARY KEY (plan_id, tranche_no)
);

-- One fill per tranche: what was sold, at what price, against which reference and volume.
CREATE TABLE reserve_disposal_otc_fills (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES reserve_disposal_otc_plans (id),
  tranche_no integer NOT NULL,
  day date NOT NULL,
  units numeric(78,0) NOT NULL CHECK (units > 0),
  execution_price numeric(78,0) NOT NULL CHECK (execution_price > 0),
  reference_price numeric(78,0) NOT NULL CHECK (reference_price > 0),
  reference_day date NOT NULL,
  reference_source text NOT NULL,
  daily_volume_units numeric(78,0) NOT NULL CHECK (daily_volume_units > 0),
  volume_source text NOT NULL CHECK (volume_source IN ('market', 'entered')),
  volume_share_bps bigint NOT NULL,
  slippage_bps bigint NOT NULL,
  proceeds_cents numeric(78,0) NOT NULL CHECK (proceeds_cents >= 0),
  crypto_transfer_id uuid NOT NULL,
  proceeds_transfer_id uuid,
  request_id uuid NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (plan_id, tranche_no),
  FOREIGN KEY (plan_id, tranche_no) REFERENCES reserve_disposal_otc_tranches (plan_id, tranche_no)
);

-- The per-currency equity account that records sale proceeds as capital from forfeited crypto.
CREATE TABLE reserve_disposal_accounts (
  purpose text NOT NULL,
  asset text NOT NULL,
  account_id uuid NOT NULL UNIQUE,
  PRIMARY KEY (purpose, asset)
);
