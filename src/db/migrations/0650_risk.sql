-- Risk limits and the alerts their breaches raise. Limits are versioned by appending: the latest row
-- per kind (and per manager for concentration limits) is in force.

CREATE TABLE risk_limits (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('var', 'crypto_cap', 'manager_concentration', 'liquidity_min')),
  -- The limit itself as a JSON object of decimal strings (e.g. {"maxBps": "2500"}); see src/risk/limits.ts.
  params jsonb NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE risk_alerts (
  id uuid PRIMARY KEY,
  limit_id uuid NOT NULL REFERENCES risk_limits (id),
  kind text NOT NULL,
  day date NOT NULL,
  subject text NOT NULL,
  measured text NOT NULL,
  threshold text NOT NULL,
  detail jsonb NOT NULL,
  raised_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX risk_alerts_day ON risk_alerts (day DESC);
