-- Risk reports as they were run (the dashboard's history and its VaR-over-time chart), and the
-- acknowledgements of alerts. Both append-only: a new run of a day is a new row (the latest per day
-- is shown), and an acknowledgement is a fact recorded once per alert.

CREATE TABLE risk_reports (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  currency text NOT NULL,
  -- The report as computed (src/risk/report.ts), and the SHA-256 of its canonical JSON.
  report jsonb NOT NULL,
  report_sha256 text NOT NULL,
  paths integer NOT NULL,
  seed bigint NOT NULL,
  run_by text NOT NULL,
  run_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX risk_reports_day ON risk_reports (day DESC, run_at DESC);

CREATE TABLE risk_alert_acknowledgements (
  alert_id uuid PRIMARY KEY REFERENCES risk_alerts (id),
  acknowledged_by text NOT NULL,
  note text NOT NULL,
  acknowledged_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
