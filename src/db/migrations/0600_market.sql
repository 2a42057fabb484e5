-- Market data: daily prices (close, and OHLCV when the source has it) and FX rates, each with its
-- source and import. Everything is append-only: a re-import or a correction adds a row, and the
-- latest row per (asset, quote, day, source) wins, so every earlier figure stays on record.
--
-- Price scale: a price is the value of one whole unit of `asset` in `quote`, stored as an integer of
-- 10^-12 quote units (PRICE_SCALE = 12 in src/market/model.ts): 113700.11 USD per BTC is
-- 113700110000000000. FX rates are prices too: asset USD, quote KZT, 1 USD in KZT. Volume is an
-- integer of 10^-8 of the source's volume unit (VOLUME_SCALE = 8).

CREATE TABLE market_imports (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('csv', 'fx', 'manual')),
  asset text,
  quote text NOT NULL,
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
  file_name text,
  file_sha256 text,
  layout jsonb,
  rows_imported integer NOT NULL CHECK (rows_imported >= 0),
  rows_rejected integer NOT NULL CHECK (rows_rejected >= 0),
  actor text NOT NULL,
  imported_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE market_prices (
  asset text NOT NULL,
  quote text NOT NULL,
  day date NOT NULL,
  source text NOT NULL,
  close numeric(78, 0) NOT NULL CHECK (close > 0),
  open numeric(78, 0) CHECK (open > 0),
  high numeric(78, 0) CHECK (high > 0),
  low numeric(78, 0) CHECK (low > 0),
  volume numeric(78, 0) CHECK (volume >= 0),
  import_id uuid NOT NULL REFERENCES market_imports (id),
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (asset, quote, day, source, import_id)
);
CREATE INDEX market_prices_lookup ON market_prices (asset, quote, day DESC);

-- A manual price is a request until a decision approves it (governance calls the approval hook);
-- only an approved one becomes a market_prices row, with source 'manual'.
CREATE TABLE market_manual_prices (
  id uuid PRIMARY KEY,
  asset text NOT NULL,
  quote text NOT NULL,
  day date NOT NULL,
  close numeric(78, 0) NOT NULL CHECK (close > 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE market_manual_decisions (
  manual_id uuid PRIMARY KEY REFERENCES market_manual_prices (id),
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  approval_ref text,
  import_id uuid REFERENCES market_imports (id),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

-- Daily valuation series: one row per run; the latest run per (day, currency) wins.
CREATE TABLE market_valuations (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  currency text NOT NULL,
  total numeric(78, 0) NOT NULL,
  stale boolean NOT NULL,
  lines jsonb NOT NULL,
  computed_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX market_valuations_day ON market_valuations (currency, day DESC, computed_at DESC);
