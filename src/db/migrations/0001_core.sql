-- Core bookkeeping shared by every domain.

-- Which demo steps have run, so that a restart never loads the demo twice.
CREATE TABLE demo_steps (
  name text PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

-- Requests we have already answered, keyed by the client's idempotency key and the request hash,
-- so that a retried command has the effect of one and a reused key with another body is caught.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
