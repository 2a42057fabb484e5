-- A proposed hand-off that will not happen (a wrong lot, an officer away) is cancelled by a new row
-- with the reason, never by deleting the proposal: the proposal, its text and the cancellation all
-- stay in the record. A cancelled proposal can no longer be signed into a hand-off.
CREATE TABLE seizure_handoff_cancellations (
  handoff_id uuid PRIMARY KEY REFERENCES seizure_handoff_proposals (id),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  cancelled_by text NOT NULL,
  cancelled_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL
);
