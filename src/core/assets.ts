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
}

export const ASSETS: Readonly<Record<AssetCode, Asset>> = {
  BTC: { code: 'BTC', name: 'Bitcoin', kind: 'crypto', scale: 8, unit: 'BTC' },
  ETH: { code: 'ETH', name: 'Ether', kind: 'crypto', scale: 18, unit: 'ETH' },
  USDT: { code: 'USDT', name: 'Tether USD', kind: 'stablecoin', scale: 6, unit: 'USDT' },
  USDC: { code: 'USDC', name: 'USD Coin', kind: 'stablecoin', scale: 6, unit: 'USDC' },
  TRX: { code: 'TRX', name: 'Tron', kind: 'crypto', scale: 6, unit: 'TRX' },
  LTC: { code: 'LTC', name: 'Litecoin', kind: 'crypto', scale: 8, unit: 'LTC' },
  XAU: { code: 'XAU', name: 'Gold', kind: 'commodity', scale: 6, unit: 'troy oz' },
  USD: { code: 'USD', name: 'US dollar', kind: 'fiat', scale: 2, unit: 'USD' },
  EUR: { code: 'EUR', name: 'Euro', kind: 'fiat', scale: 2, unit: 'EUR' },
  CNY: { code: 'CNY', name: 'Chinese yuan', kind: 'fiat', scale: 2, unit: 'CNY' },
  KZT: { code: 'KZT', name: 'Kazakhstani tenge', kind: 'fiat', scale: 2, unit: 'KZT' },
};

export function isAssetCode(text: string): text is AssetCode {
  return (ASSET_CODES as readonly string[]).includes(text);
}

export function assetScale(code: AssetCode): number {
  return ASSETS[code].scale;
}
