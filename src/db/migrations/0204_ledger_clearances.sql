-- Every transfer names what allowed it under the transaction policy: `approval:<request id>` when it
-- was made while executing an approved request, `policy:<version>/<rule id>` for a direct posting the
-- policy allows. A post, void or expiry carries its pending transfer's clearance. Rows written before
-- the policy gated every movement have none.
ALTER TABLE ledger_transfers ADD COLUMN clearance text;
