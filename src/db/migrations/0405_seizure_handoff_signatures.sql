-- Each officer signs a proposed hand-off in their own session: one row per side, with what was
-- verified (an Ed25519 key's signature or a passkey's assertion) so the record alone proves who
-- signed which text. When the second side signs, the hand-off itself is recorded (seizure_handoffs)
-- in the same transaction. A side signs once; the rows are never changed.
CREATE TABLE seizure_handoff_signatures (
  handoff_id uuid NOT NULL REFERENCES seizure_handoff_proposals (id),
  side text NOT NULL CHECK (side IN ('releasing', 'receiving')),
  officer_id uuid NOT NULL,
  evidence jsonb NOT NULL,
  signed_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  PRIMARY KEY (handoff_id, side)
);
