-- How an earmarked lot leaves seizure custody for the reserve, one row per step (append-only):
--   committed  a disposal (an auction, an OTC plan, an in-kind subscription) reserves the lot, so
--              two disposals cannot sell the same units;
--   taken      units leave the lot's custody account for that disposal (the whole lot, or a tranche);
--   released   a commitment is dropped (an auction closed without an award), the lot is free again.
-- The lot's `remaining_units` (the projected cache in seizure_lots) falls with each `taken` row; the
-- row keeps what remained after it, so the progress of a disposal reads from this table alone.

CREATE TABLE seizure_disposal_events (
  id uuid PRIMARY KEY,
  disposal_id uuid NOT NULL REFERENCES seizure_disposals (id),
  lot_id uuid NOT NULL REFERENCES seizure_lots (id),
  kind text NOT NULL CHECK (kind IN ('committed', 'taken', 'released')),
  route text NOT NULL CHECK (route IN ('in_kind', 'auction', 'otc')),
  -- The disposal that acts: an auction id, an OTC plan id, a subscription id.
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
  -- Distinguishes takes within one disposal (an OTC tranche); '' for a single take.
  step text NOT NULL DEFAULT '' CHECK (length(step) <= 100),
  units numeric(78,0) NOT NULL CHECK (units >= 0),
  remaining_units numeric(78,0) NOT NULL CHECK (remaining_units >= 0),
  transfer_id uuid,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  audit_seq bigint NOT NULL,
  CHECK (kind = 'taken' OR units = 0),
  CHECK (kind <> 'taken' OR units > 0)
);
CREATE INDEX seizure_disposal_events_lot ON seizure_disposal_events (lot_id, audit_seq);
-- A take happens once: replaying the same tranche of the same disposal is refused by the database too.
CREATE UNIQUE INDEX seizure_disposal_events_take ON seizure_disposal_events (lot_id, reference, step)
  WHERE kind = 'taken';
