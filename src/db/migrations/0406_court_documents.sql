-- A court's decision carries its order: the date beside the reference, and the SHA-256 and file
-- name of the order's document (hashed where it was uploaded; the document stays with the court).
-- A victim's claim likewise carries the hash and name of its evidence. Null on rows recorded
-- before documents were required.
ALTER TABLE seizure_transitions
  ADD COLUMN court_order_date date,
  ADD COLUMN court_order_sha256 text CHECK (court_order_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN court_order_name text;
ALTER TABLE seizure_claims
  ADD COLUMN evidence_sha256 text CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN evidence_name text;
