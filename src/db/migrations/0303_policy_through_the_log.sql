-- Version 1 of the transaction policy is installed by Kazna at its first start, with its audit entry,
-- like every later version, so the log proves it as it proves every other row. On a database that
-- has recorded nothing yet, the row migration 0300 seeded is removed; a database that already has a
-- history keeps its version 1 (the row evidence baseline seals it, see src/audit/baseline.ts).
DELETE FROM gov_policies
 WHERE version = 1 AND request_id IS NULL
   AND NOT EXISTS (SELECT 1 FROM audit_entries)
   AND NOT EXISTS (SELECT 1 FROM gov_policies WHERE version > 1);
