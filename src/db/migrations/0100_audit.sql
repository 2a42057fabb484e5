-- The tamper-evident audit log (RFC 9162 Merkle tree over hash-linked entries).

-- One row per state change. Append-only: the application role has no UPDATE or DELETE here.
-- `entry` is the exact canonical (RFC 8785) text that was hashed; `hash` = SHA-256(0x00 || entry),
-- which is both the Merkle leaf hash and the link the next entry's `prev_hash` points to.
CREATE TABLE audit_entries (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subjects text[] NOT NULL,
  entry text NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
);
CREATE INDEX audit_entries_action ON audit_entries (action, seq);
CREATE INDEX audit_entries_subjects ON audit_entries USING gin (subjects);
CREATE INDEX audit_entries_recorded_at ON audit_entries (recorded_at);

-- Hashes of every complete (perfect) subtree: level L, index i covers leaves [i*2^L, (i+1)*2^L).
-- Any root or proof is a fold of O(log n) of these, so a proof never reads every leaf.
CREATE TABLE audit_merkle_nodes (
  level smallint NOT NULL CHECK (level >= 0 AND level < 64),
  idx bigint NOT NULL CHECK (idx >= 0),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- The chain head: one row, locked FOR UPDATE by every append, which serialises writers portably.
CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  size bigint NOT NULL,
  head_hash bytea NOT NULL
);
COMMENT ON TABLE audit_head IS 'mutable: the single chain-head row, advanced by each append';
INSERT INTO audit_head (id, size, head_hash) VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');
