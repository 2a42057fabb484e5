-- The proceeds account is found by its ledger owner (reserve / forfeited_crypto_proceeds) through
-- the ledger's ownedAccountInTx, so this lookup table duplicated what the ledger already knows.
DROP TABLE reserve_disposal_accounts;
