-- The chain head is signed with the log key in the transaction that advances it, so the entries
-- after the last checkpoint cannot be rewritten or cut off without the key: a head that does not
-- verify, or one signed for another size, is a finding of `kazna audit verify`.
ALTER TABLE audit_head ADD COLUMN signature bytea, ADD COLUMN key_id text;
