-- Saved simulator studies: a scenario's parameters, the seed and path count, and the report they
-- produced. A run is fully determined by (parameters, seed, paths, engine version), so the stored
-- report can always be recomputed and compared. Saving a study under an existing name adds the next
-- version; nothing is ever overwritten (append-only: the application role cannot UPDATE or DELETE).
CREATE TABLE simulator_studies (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version integer NOT NULL CHECK (version >= 1),
  engine_version integer NOT NULL CHECK (engine_version >= 1),
  parameters jsonb NOT NULL,
  seed bigint NOT NULL CHECK (seed >= 0 AND seed <= 4294967295),
  paths integer NOT NULL CHECK (paths >= 1),
  input_hash text NOT NULL CHECK (input_hash ~ '^[0-9a-f]{64}$'),
  report jsonb NOT NULL,
  report_hash text NOT NULL CHECK (report_hash ~ '^[0-9a-f]{64}$'),
  saved_by text NOT NULL,
  saved_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (name, version)
);
CREATE INDEX simulator_studies_saved_at ON simulator_studies (saved_at DESC);
