-- Transparency: published reports and proofs of reserves, and the salts that let a claimant find
-- their leaf. All append-only: a published document is never changed; a correction is a new one.

CREATE TABLE transparency_reports (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('monthly', 'quarterly')),
  period text NOT NULL,
  from_day date NOT NULL,
  to_day date NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- The bundle exactly as signed and served (JSON text), so a download is byte-for-byte the original.
  bundle text NOT NULL,
  published_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (kind, period)
);
CREATE INDEX transparency_reports_published ON transparency_reports (published_at DESC, id);

CREATE TABLE transparency_por (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  document text NOT NULL,
  created_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX transparency_por_created ON transparency_por (created_at DESC, id);

-- One secret salt per victim's claim, drawn once and kept, so a claimant holds one secret for every
-- later proof of reserves. Never served publicly: only the claim's salted commitment is.
CREATE TABLE transparency_claim_salts (
  claim_id uuid PRIMARY KEY,
  salt text NOT NULL CHECK (salt ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL
);
