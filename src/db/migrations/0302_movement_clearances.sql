-- Every movement of value the transaction policy allowed directly (without an approval request): the
-- rule that allowed it, what moved, between whose accounts, and its value in the reporting currency,
-- which velocity windows count together with approval requests of the same kind.
CREATE TABLE gov_clearances (
  id text PRIMARY KEY,
  kind text NOT NULL,
  initiator_id text NOT NULL,
  asset text NOT NULL,
  amount numeric(78, 0) NOT NULL CHECK (amount > 0),
  value_reporting numeric(78, 0),
  from_owner text NOT NULL,
  to_owner text NOT NULL,
  policy_version int NOT NULL,
  rule_id text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX gov_clearances_kind ON gov_clearances (kind, created_at);
