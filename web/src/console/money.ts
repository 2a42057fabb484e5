import { ASSETS, isAssetCode } from '../../../src/core/assets.ts';
import { decimal, fromBaseUnits } from '../portal/format.ts';

/**
 * Amounts as people read them: base units ("10476546848") in the asset's own units with its symbol
 * ("104.76546848 BTC"), in the console's language, exactly (from the decimal string, never a float).
 */
export function assetAmount(locale: string, baseUnits: string, asset: string): string {
  const whole = fromBaseUnits(baseUnits, asset);
  const unit = isAssetCode(asset) ? ASSETS[asset].unit : asset;
  return `${decimal(locale, whole)} ${unit}`;
}

/** A decimal string of whole units (already scaled) with the asset's symbol. */
export function wholeAmount(locale: string, whole: string, asset: string): string {
  const unit = isAssetCode(asset) ? ASSETS[asset].unit : asset;
  return `${decimal(locale, whole)} ${unit}`;
}
