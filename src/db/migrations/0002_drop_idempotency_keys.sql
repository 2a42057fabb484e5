-- Nothing ever read or wrote idempotency_keys: a retried ledger command is made idempotent by the
-- transfer id it derives from the client's Idempotency-Key (`ledger/routes.ts`), which the ledger
-- refuses to book twice. An empty table that holds no state only looks like evidence.
DROP TABLE idempotency_keys;
