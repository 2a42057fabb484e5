/**
 * The asset registry. A scale is chosen once per asset and never changes: amounts are stored as
 * integers of 10^-scale units (satoshis for BTC, wei for ETH, micro-ounces for gold, cents for USD).
 */
export const ASSET_CODES = [
  'BTC',
  'ETH',
  'USDT',
  'USDC',
  'TRX',
  'LTC',
  'XAU',
  'USD',
  'EUR',
  'CNY',
  'KZT',
] as const;
export type AssetCode = (typeof ASSET_CODES)[number];

export type AssetKind = 'crypto' | 'stablecoin' | 'commodity' | 'fiat';

export interface Asset {
  readonly code: AssetCode;
  readonly name: string;
  readonly kind: AssetKind;
  /** Decimal places of the base unit. */
  readonly scale: number;
  /** What one whole unit is, for labels. */
  readonly unit: string;
  /**
   * The largest amount, in whole units, that any one input may carry: well above anything real
   * (the asset's whole supply, or about ten trillion dollars' worth), so that a typo or an attack
   * with a hundred digits is refused instead of booked.
   */
  readonly max: bigint;
}

export const ASSETS: Readonly<Record<AssetCode, Asset>> = {
  BTC: { code: 'BTC', name: 'Bitcoin', kind: 'crypto', scale: 8, unit: 'BTC', max: 21_000_000n },
  ETH: { code: 'ETH', name: 'Ether', kind: 'crypto', scale: 18, unit: 'ETH', max: 1_000_000_000n },
  USDT: {
    code: 'USDT',
    name: 'Tether USD',
    kind: 'stablecoin',
    scale: 6,
    unit: 'USDT',
    max: 1_000_000_000_000n,
  },
  USDC: {
    code: 'USDC',
    name: 'USD Coin',
    kind: 'stablecoin',
    scale: 6,
    unit: 'USDC',
    max: 1_000_000_000_000n,
  },
  TRX: {
    code: 'TRX',
    name: 'Tron',
    kind: 'crypto',
    scale: 6,
    unit: 'TRX',
    max: 1_000_000_000_000n,
  },
  LTC: { code: 'LTC', name: 'Litecoin', kind: 'crypto', scale: 8, unit: 'LTC', max: 84_000_000n },
  XAU: {
    code: 'XAU',
    name: 'Gold',
    kind: 'commodity',
    scale: 6,
    unit: 'troy oz',
    max: 10_000_000_000n,
  },
  USD: {
    code: 'USD',
    name: 'US dollar',
    kind: 'fiat',
    scale: 2,
    unit: 'USD',
    max: 10_000_000_000_000n,
  },
  EUR: { code: 'EUR', name: 'Euro', kind: 'fiat', scale: 2, unit: 'EUR', max: 10_000_000_000_000n },
  CNY: {
    code: 'CNY',
    name: 'Chinese yuan',
    kind: 'fiat',
    scale: 2,
    unit: 'CNY',
    max: 100_000_000_000_000n,
  },
  KZT: {
    code: 'KZT',
    name: 'Kazakhstani tenge',
    kind: 'fiat',
    scale: 2,
    unit: 'KZT',
    max: 10_000_000_000_000_000n,
  },
};

export function isAssetCode(text: string): text is AssetCode {
  return (ASSET_CODES as readonly string[]).includes(text);
}

export function assetScale(code: AssetCode): number {
  return ASSETS[code].scale;
}

/** The asset's maximum in base units. */
export function assetMaxUnits(code: AssetCode): bigint {
  const { max, scale } = ASSETS[code];
  return max * 10n ** BigInt(scale);
}
