import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { bitcoinAdapter } from './bitcoin.ts';
import { evmAdapter } from './evm.ts';
import { utxoNetwork } from './networks.ts';
import { chainAdapters, type ChainAdapters } from './service.ts';

/**
 * Chain nodes come from a JSON file named by KAZNA_CHAIN_CONFIG. Passwords are not written in it:
 * each endpoint names the environment variable that holds its password. Without the variable Kazna
 * runs with no chain configured, and chain commands answer `chain_not_configured`.
 */
const endpoint = z.strictObject({
  url: z.url(),
  username: z.string().optional(),
  passwordEnv: z.string().optional(),
});
const configSchema = z.strictObject({
  utxo: z.array(endpoint.extend({ asset: z.enum(ASSET_CODES), network: z.string() })).default([]),
  evm: endpoint
    .extend({
      tokens: z
        .array(z.strictObject({ asset: z.enum(ASSET_CODES), contract: z.string() }))
        .default([]),
    })
    .optional(),
  confirmations: z.partialRecord(z.enum(ASSET_CODES), z.int().min(0)).default({}),
  feeRates: z.partialRecord(z.enum(ASSET_CODES), z.int().min(1)).default({}),
  reconcileIntervalSeconds: z.int().min(0).default(0),
});

export interface ChainSetup {
  readonly adapters: ChainAdapters;
  readonly confirmations: Partial<Record<AssetCode, number>>;
  readonly feeRates: Partial<Record<AssetCode, bigint>>;
  readonly reconcileIntervalSeconds: number;
}

export function emptyChainSetup(): ChainSetup {
  return {
    adapters: chainAdapters(),
    confirmations: {},
    feeRates: {},
    reconcileIntervalSeconds: 0,
  };
}

export function loadChainSetup(env: NodeJS.ProcessEnv): ChainSetup {
  const path = env['KAZNA_CHAIN_CONFIG'];
  if (path === undefined || path === '') return emptyChainSetup();
  const c = configSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const adapters = chainAdapters();
  const secret = (name: string | undefined) => (name === undefined ? undefined : env[name]);
  for (const u of c.utxo) {
    const network = utxoNetwork(u.asset, u.network);
    if (network === null) throw new Error(`${path}: no ${u.asset} network called ${u.network}`);
    adapters.use(
      bitcoinAdapter(
        { url: u.url, username: u.username, password: secret(u.passwordEnv) },
        network,
      ),
    );
  }
  if (c.evm !== undefined) {
    adapters.use(
      evmAdapter(
        { url: c.evm.url, username: c.evm.username, password: secret(c.evm.passwordEnv) },
        c.evm.tokens,
      ),
    );
  }
  return {
    adapters,
    confirmations: c.confirmations,
    feeRates: Object.fromEntries(Object.entries(c.feeRates).map(([k, v]) => [k, BigInt(v)])),
    reconcileIntervalSeconds: c.reconcileIntervalSeconds,
  };
}
