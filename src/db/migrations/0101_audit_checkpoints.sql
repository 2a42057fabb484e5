-- Signed checkpoints of the audit log: "the first `size` entries have Merkle root `root`", signed by
-- the log key. `body` is the exact canonical JSON that was signed; the other columns are copies for
-- queries, and verification checks that they agree with it. Append-only like the entries.
-- Keys, witnesses and cosignatures are not tables: they are audit entries, so the log vouches for them.
CREATE TABLE audit_checkpoints (
  size bigint PRIMARY KEY CHECK (size > 0),
  root bytea NOT NULL CHECK (length(root) = 32),
  made_at timestamptz NOT NULL,
  key_id text NOT NULL,
  body text NOT NULL,
  signature bytea NOT NULL CHECK (length(signature) = 64)
);
