import type { AssetCode } from '../core/assets.ts';

/**
 * Network parameters of a Bitcoin-like chain, injected from configuration: Litecoin regtest uses the
 * `rltc` bech32 prefix, and other set-ups differ again. The shape is what @scure/btc-signer takes.
 */
export interface UtxoNetwork {
  readonly asset: AssetCode;
  readonly name: string;
  readonly bech32: string;
  readonly pubKeyHash: number;
  readonly scriptHash: number;
  readonly wif: number;
}

export const UTXO_NETWORK_PARAMS: readonly UtxoNetwork[] = [
  { asset: 'BTC', name: 'mainnet', bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, wif: 0x80 },
  { asset: 'BTC', name: 'testnet', bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef },
  { asset: 'BTC', name: 'regtest', bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef },
  { asset: 'LTC', name: 'mainnet', bech32: 'ltc', pubKeyHash: 0x30, scriptHash: 0x32, wif: 0xb0 },
  { asset: 'LTC', name: 'testnet', bech32: 'tltc', pubKeyHash: 0x6f, scriptHash: 0x3a, wif: 0xef },
  { asset: 'LTC', name: 'regtest', bech32: 'rltc', pubKeyHash: 0x6f, scriptHash: 0x3a, wif: 0xef },
];

export function utxoNetwork(asset: AssetCode, name: string): UtxoNetwork | null {
  return UTXO_NETWORK_PARAMS.find((n) => n.asset === asset && n.name === name) ?? null;
}
