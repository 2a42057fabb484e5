-- One secret salt per lot, drawn the first time a proof of reserves gives the lot a leaf and kept, so
-- the lot carries the same commitment in every later proof. Proofs of reserves (kazna.por/v2) name a
-- lot only by SHA-256 of canonical {"kind":"kazna.por.lot","lotId","salt","v":1}: the lot id never
-- reaches a public document, and the salt is handed only to the lot's officials (its receipt).
CREATE TABLE transparency_lot_salts (
  lot_id uuid PRIMARY KEY,
  salt text NOT NULL CHECK (salt ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL
);
