-- Chain: what balance scans have already walked, so a reconciliation reads only new blocks, and the
-- ETH accounts that pay the gas of a token wallet's moves. Both tables are append-only.

-- One row per address per completed scan: the block it reached and the outputs paid to the address
-- that were still unspent at that block. The newest row at the highest height still on the node's
-- best chain wins; rows whose block hash no longer matches (a reorg) are ignored, never updated.
CREATE TABLE chain_scan_states (
  asset text NOT NULL,
  address text NOT NULL,
  height bigint NOT NULL CHECK (height >= 0),
  block_hash text NOT NULL,
  -- [{txid, vout, amount (base units as text), height}]
  outputs jsonb NOT NULL,
  scanned_at timestamptz NOT NULL,
  -- The reconciliation run whose transaction wrote the row.
  run_id uuid NOT NULL REFERENCES chain_reconciliation_runs (id)
);
CREATE INDEX chain_scan_states_latest ON chain_scan_states (asset, address, height DESC, scanned_at DESC);

-- A token wallet's gas is paid in ETH from the same address: the ledger account that holds that ETH
-- and the expense account its gas is posted to. At most one row per wallet.
CREATE TABLE chain_wallet_gas_accounts (
  wallet_id uuid PRIMARY KEY REFERENCES chain_wallets (id),
  account_id uuid NOT NULL,
  fee_account_id uuid NOT NULL
);
