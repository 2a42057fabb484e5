-- Screening any time: a compliance officer screens addresses or a name on demand, and every hit
-- waits in a queue until an officer confirms or clears it. Clearing a hit on a sanctioned address
-- takes two officers: the first records a pending clearance, a different one completes it.

CREATE TABLE compliance_screening_runs (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('addresses', 'name')),
  input_sha256 text NOT NULL CHECK (input_sha256 ~ '^[0-9a-f]{64}$'),
  list_version bigint REFERENCES compliance_sanctions_snapshots (version),
  screened_count integer NOT NULL CHECK (screened_count >= 0),
  invalid_count integer NOT NULL CHECK (invalid_count >= 0),
  hit_count integer NOT NULL CHECK (hit_count >= 0),
  run_at timestamptz NOT NULL,
  run_by text NOT NULL,
  audit_seq bigint NOT NULL
);

CREATE TABLE compliance_hits (
  id uuid PRIMARY KEY,
  -- The queue's order and its pager's cursor.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  run_id uuid NOT NULL REFERENCES compliance_screening_runs (id),
  input_row integer NOT NULL CHECK (input_row >= 1),
  subject text NOT NULL,
  source text NOT NULL CHECK (source IN ('sanctions_list', 'registry')),
  list_version bigint REFERENCES compliance_sanctions_snapshots (version),
  confidence numeric(4, 3) NOT NULL CHECK (confidence > 0 AND confidence <= 1),
  matched text NOT NULL,
  provenance text NOT NULL,
  entry_ref text NOT NULL,
  sanctioned boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'confirmed', 'cleared')),
  raised_at timestamptz NOT NULL,
  pending_clear_by text,
  pending_clear_reason text,
  pending_clear_at timestamptz,
  decided_by text,
  decided_reason text,
  decided_at timestamptz,
  audit_seq bigint NOT NULL,
  CHECK ((status = 'open') = (decided_by IS NULL))
);
CREATE INDEX compliance_hits_status ON compliance_hits (status, seq);
COMMENT ON TABLE compliance_hits IS 'mutable: status and the pending clearance advance as officers decide; each step has its audit entry';
