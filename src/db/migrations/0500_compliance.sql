-- Compliance: versioned sanctions-list snapshots, screening records and alerts.
--
-- Every import is a new version of one logical list. An SDN XML import replaces every asset it
-- covers; a per-asset address list replaces that asset only. Each version stores its full entry set
-- (a few thousand rows at most) and its diff against the version it was based on, so a screening can
-- always be re-run against the exact list it used. Everything here is append-only: an alert is
-- acknowledged by a new row, never by an update.

CREATE TABLE compliance_sanctions_snapshots (
  version bigint PRIMARY KEY CHECK (version >= 1),
  id uuid NOT NULL UNIQUE,
  -- Linear history: two imports racing to extend the same version cannot both commit.
  based_on_version bigint UNIQUE REFERENCES compliance_sanctions_snapshots (version),
  source_kind text NOT NULL CHECK (source_kind IN ('ofac_sdn_xml', 'address_list')),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  issued_on date,
  assets text[] NOT NULL,
  entry_count integer NOT NULL CHECK (entry_count >= 0),
  list_sha256 text NOT NULL CHECK (list_sha256 ~ '^[0-9a-f]{64}$'),
  added_count integer NOT NULL CHECK (added_count >= 0),
  removed_count integer NOT NULL CHECK (removed_count >= 0),
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK ((version = 1) = (based_on_version IS NULL))
);

CREATE TABLE compliance_sanctions_entries (
  version bigint NOT NULL REFERENCES compliance_sanctions_snapshots (version),
  asset text NOT NULL,
  address text NOT NULL,
  -- The spelling screening compares: lower case for hex and bech32, as listed for base58.
  address_key text NOT NULL,
  party_ref text,
  PRIMARY KEY (version, asset, address)
);
CREATE INDEX compliance_sanctions_entries_key ON compliance_sanctions_entries (address_key, version);

CREATE TABLE compliance_sanctions_changes (
  version bigint NOT NULL REFERENCES compliance_sanctions_snapshots (version),
  change text NOT NULL CHECK (change IN ('added', 'removed')),
  asset text NOT NULL,
  address text NOT NULL,
  party_ref text,
  PRIMARY KEY (version, asset, address)
);

CREATE TABLE compliance_screenings (
  id uuid PRIMARY KEY,
  list_version bigint NOT NULL REFERENCES compliance_sanctions_snapshots (version),
  chain text,
  asset text,
  addresses text[] NOT NULL,
  subject_ids text[] NOT NULL,
  match_count integer NOT NULL CHECK (match_count >= 0),
  screened_at timestamptz NOT NULL,
  screened_by text NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK (chain IS NOT NULL OR asset IS NOT NULL)
);
CREATE INDEX compliance_screenings_subjects ON compliance_screenings USING gin (subject_ids);

CREATE TABLE compliance_alerts (
  id uuid PRIMARY KEY,
  screening_id uuid NOT NULL REFERENCES compliance_screenings (id),
  kind text NOT NULL CHECK (kind IN ('sanctions_match')),
  address text NOT NULL,
  list_asset text NOT NULL,
  party_ref text,
  list_version bigint NOT NULL REFERENCES compliance_sanctions_snapshots (version),
  subject_ids text[] NOT NULL,
  raised_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
CREATE INDEX compliance_alerts_raised ON compliance_alerts (raised_at, id);

CREATE TABLE compliance_alert_acknowledgements (
  alert_id uuid PRIMARY KEY REFERENCES compliance_alerts (id),
  acknowledged_by text NOT NULL,
  acknowledged_at timestamptz NOT NULL,
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  audit_seq bigint NOT NULL
);
