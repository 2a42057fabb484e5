import { ASSETS, type AssetCode } from '../core/assets.ts';
import { formatAmount, formatUnits, mulDiv } from '../core/money.ts';
import { crossPrice, formatPrice, valueInQuote } from './model.ts';

/**
 * Valuation of a plain list of holdings at a date, exact in bigint: units x price, rounded half-even
 * once per line. Holdings are whatever the ledger and the reserve hold (seized lots, gold in
 * micro-ounces, fiat, stablecoins, fund units); this module does not know where they come from.
 * Pure: the caller passes the prices it looked up.
 */
export type Holding =
  | {
      readonly kind: 'asset';
      readonly id: string;
      readonly asset: AssetCode;
      /** Base units at the asset's registered scale (satoshi, wei, micro-ounce, cent). */
      readonly units: bigint;
    }
  | {
      readonly kind: 'fund';
      readonly id: string;
      readonly fund: string;
      readonly manager: string;
      readonly units: bigint;
      /** Decimal places of the fund's units. */
      readonly unitScale: number;
      /** The latest NAV per whole unit (PRICE_SCALE), its currency and day; null before the first. */
      readonly nav: {
        readonly perUnit: bigint;
        readonly currency: AssetCode;
        readonly day: string;
      } | null;
      /** Look-through: fraction of NAV per underlying asset, as the manager reports it. */
      readonly loadings?: Readonly<Record<string, number>>;
    };

/** A price of one whole unit of an asset in the reporting currency, with its provenance. */
export interface ValuationPrice {
  readonly price: bigint;
  readonly day: string;
  readonly source: string;
  readonly stale: boolean;
}

export interface ValuationLine {
  readonly id: string;
  readonly kind: 'asset' | 'fund';
  readonly label: string;
  readonly units: string;
  /** Price per whole unit in the reporting currency; null when missing. */
  readonly price: string | null;
  readonly priceDay: string | null;
  readonly source: string | null;
  /** Base units of the reporting currency; null when the price is missing. */
  readonly value: bigint | null;
  readonly stale: boolean;
}

export interface Valuation {
  readonly day: string;
  readonly currency: AssetCode;
  readonly total: bigint;
  /** True when any line is stale or missing: the total is then a lower-confidence figure. */
  readonly stale: boolean;
  readonly missing: readonly string[];
  readonly lines: readonly ValuationLine[];
}

/** NAVs older than this many days are flagged stale (monthly statements arrive within a month). */
export const NAV_STALE_AFTER_DAYS = 35;

export function valueHoldings(
  day: string,
  currency: AssetCode,
  holdings: readonly Holding[],
  priceOf: (asset: AssetCode) => ValuationPrice | null,
): Valuation {
  const lines = holdings.map((h) =>
    h.kind === 'asset' ? assetLine(h, currency, priceOf) : fundLine(day, h, currency, priceOf),
  );
  const missing = lines.filter((l) => l.value === null).map((l) => l.id);
  const total = lines.reduce((s, l) => s + (l.value ?? 0n), 0n);
  return {
    day,
    currency,
    total,
    stale: missing.length > 0 || lines.some((l) => l.stale),
    missing,
    lines,
  };
}

function assetLine(
  h: Extract<Holding, { kind: 'asset' }>,
  currency: AssetCode,
  priceOf: (asset: AssetCode) => ValuationPrice | null,
): ValuationLine {
  const p = priceOf(h.asset);
  const base = {
    id: h.id,
    kind: 'asset' as const,
    label: h.asset,
    units: formatAmount(h.units, h.asset),
  };
  if (p === null)
    return { ...base, price: null, priceDay: null, source: null, value: null, stale: true };
  return {
    ...base,
    price: formatPrice(p.price),
    priceDay: p.day,
    source: p.source,
    value: valueInQuote(h.units, ASSETS[h.asset].scale, p.price, currency),
    stale: p.stale,
  };
}

function fundLine(
  day: string,
  h: Extract<Holding, { kind: 'fund' }>,
  currency: AssetCode,
  priceOf: (asset: AssetCode) => ValuationPrice | null,
): ValuationLine {
  const base = {
    id: h.id,
    kind: 'fund' as const,
    label: `${h.fund} (${h.manager})`,
    units: formatUnits(h.units, h.unitScale),
  };
  const fx = h.nav === null ? null : priceOf(h.nav.currency);
  if (h.nav === null || fx === null)
    return { ...base, price: null, priceDay: null, source: null, value: null, stale: true };
  // NAV per unit in the reporting currency, then units x that price: one rounding per step, exact.
  const perUnit = crossPrice(h.nav.perUnit, fx.price);
  const navAge =
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${h.nav.day}T00:00:00Z`)) / 86_400_000;
  return {
    ...base,
    price: formatPrice(perUnit),
    priceDay: h.nav.day,
    source: `nav${fx.source === 'identity' ? '' : ` x ${fx.source}`}`,
    value: valueInQuote(h.units, h.unitScale, perUnit, currency),
    stale: navAge > NAV_STALE_AFTER_DAYS || fx.stale,
  };
}

/**
 * Look-through exposure per underlying asset, in reporting-currency base units: direct holdings
 * count in full; a fund's value is spread by its loadings (rounded to a basis point); the part of a
 * fund its loadings leave unexplained is reported under `fund:<manager>`.
 */
export function lookThroughExposures(
  valuation: Valuation,
  holdings: readonly Holding[],
): Map<string, bigint> {
  const byId = new Map(valuation.lines.map((l) => [l.id, l.value ?? 0n]));
  const out = new Map<string, bigint>();
  const add = (k: string, v: bigint): void => {
    out.set(k, (out.get(k) ?? 0n) + v);
  };
  for (const h of holdings) {
    const value = byId.get(h.id) ?? 0n;
    if (h.kind === 'asset') {
      add(h.asset, value);
      continue;
    }
    let left = value;
    for (const [asset, w] of Object.entries(h.loadings ?? {})) {
      const part = mulDiv(value, BigInt(Math.round(w * 10_000)), 10_000n);
      add(asset, part);
      left -= part;
    }
    add(`fund:${h.manager}`, left);
  }
  return out;
}
