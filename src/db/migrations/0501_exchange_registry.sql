-- The exchange registry: licensed and illegal exchanges, and labels on addresses.
--
-- A label says who an address belongs to, where that claim comes from (provenance) and how sure it
-- is (confidence). Labels are append-only evidence: a better attribution is a new label, and the
-- reader ranks them (an official attribution outranks a forensic inference, whatever its confidence).

CREATE TABLE compliance_exchanges (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL CHECK (status IN ('licensed', 'illegal', 'shut_down', 'unknown')),
  domains text[] NOT NULL,
  jurisdictions text[] NOT NULL,
  shutdown_on date,
  -- USD cents processed, as estimated by the source; numeric like every amount.
  estimated_volume_usd_cents numeric(78, 0) CHECK (estimated_volume_usd_cents >= 0),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  registered_at timestamptz NOT NULL,
  registered_by text NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE UNIQUE INDEX compliance_exchanges_name ON compliance_exchanges (lower(name));

CREATE TABLE compliance_address_labels (
  id uuid PRIMARY KEY,
  chain text NOT NULL,
  address text NOT NULL,
  address_key text NOT NULL,
  exchange_id uuid REFERENCES compliance_exchanges (id),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  provenance text NOT NULL
    CHECK (provenance IN ('official_attribution', 'court_record', 'forensic_inference', 'open_source')),
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  recorded_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX compliance_address_labels_key ON compliance_address_labels (address_key);
CREATE INDEX compliance_address_labels_exchange ON compliance_address_labels (exchange_id);
