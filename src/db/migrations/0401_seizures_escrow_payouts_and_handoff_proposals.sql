-- Restitution paid from the escrowed fiat proceeds of an emergency sale, and hand-offs proposed
-- before both officers have signed them.
--
-- A payout now says where it came from: the lot's custody account (in the lot's asset) or, once the
-- lot was sold in an emergency, its escrow account (in the escrow's fiat currency). Rows written
-- before this migration are custody payouts in the lot's asset.
ALTER TABLE seizure_payouts
  ADD COLUMN source text NOT NULL DEFAULT 'custody' CHECK (source IN ('custody', 'escrow'));
ALTER TABLE seizure_payouts ADD COLUMN asset text;

-- A proposal is the hand-off text the two officers are asked to sign, on their own devices. It stays
-- pending until a hand-off with the same id is recorded with both signatures (seizure_handoffs).
CREATE TABLE seizure_handoff_proposals (
  id uuid PRIMARY KEY,
  lot_ids uuid[] NOT NULL,
  from_organisation_id uuid NOT NULL,
  to_organisation_id uuid NOT NULL,
  releasing_officer_id uuid NOT NULL,
  receiving_officer_id uuid NOT NULL,
  note text NOT NULL,
  content text NOT NULL,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK (releasing_officer_id <> receiving_officer_id),
  CHECK (from_organisation_id <> to_organisation_id)
);
