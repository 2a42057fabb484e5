import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { PRICE_SCALE } from '../market/model.ts';

/**
 * A manager's mandate and terms, as agreed in the subscription documents. The schemas validate them
 * at the edge (routes, CSV/JSON imports, the demo); everything past the edge uses the inferred types.
 *
 * Units: rates are integer basis points (10_000 = 100%); money is bigint base units of the fund
 * currency (USD cents), written on the wire as a decimal string in USD ("25000000.00"), the way every
 * other amount in Kazna travels. Fund units are integers of 10^-unitScale of a unit; a NAV per unit is
 * the value of one whole unit at PRICE_SCALE (10^-12 USD), the scale market valuation already reads.
 */
export const BPS_ONE = 10_000;
/** Decimal places of a NAV per unit: the market domain's price scale, so a NAV is a price. */
export const NAV_PER_UNIT_SCALE = PRICE_SCALE;
/** Fund units default to six decimals: a unit at 1,000 USD still splits to a tenth of a cent. */
export const DEFAULT_UNIT_SCALE = 6;
export const FUND_CURRENCY = 'USD' as const;

const bps = z.int().min(0).max(BPS_ONE);
const positiveBps = z.int().min(1).max(BPS_ONE);

/** A non-negative USD amount as a decimal string, parsed exactly into cents. */
export const usdAmountSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,2})?$/, 'a USD amount with at most 2 decimals')
  .transform((text, ctx) => {
    const parsed = parseAmount(text, FUND_CURRENCY);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });

export const mandateSchema = z.strictObject({
  permittedAssets: z
    .array(z.enum(ASSET_CODES))
    .min(1)
    .max(ASSET_CODES.length)
    .refine((a) => new Set(a).size === a.length, 'an asset is listed twice'),
  /** Gross exposure over NAV: 10_000 = 1x (unlevered), 30_000 = 3x. */
  maxLeverageBps: z
    .int()
    .min(0)
    .max(100 * BPS_ONE),
  /** Peak-to-trough fall of NAV per unit that breaches the mandate. */
  maxDrawdownBps: positiveBps,
  /** Largest look-through exposure to any one asset, as a share of NAV. */
  concentrationLimitBps: positiveBps,
});
export type Mandate = z.infer<typeof mandateSchema>;

/** Accrued monthly on the month's NAV (before fees): rate / 12 each month. */
export const managementFeeSchema = z.strictObject({
  rateBpsPerYear: z.int().min(0).max(1_000),
});
export type ManagementFee = z.infer<typeof managementFeeSchema>;

/**
 * A hurdle is an annual rate the fund must beat before a performance fee is due. Hard: the fee is on
 * the gain above the hurdle only. Soft: once the hurdle is beaten, the fee is on the whole gain.
 */
export const hurdleSchema = z.strictObject({
  rateBpsPerYear: z.int().min(0).max(5_000),
  kind: z.enum(['hard', 'soft']),
});
export type Hurdle = z.infer<typeof hurdleSchema>;

export const CRYSTALLISATIONS = ['monthly', 'quarterly', 'annual'] as const;
export type Crystallisation = (typeof CRYSTALLISATIONS)[number];

/** Always over a high-water mark: a fund in Kazna never pays twice for the same gain. */
export const performanceFeeSchema = z.strictObject({
  rateBps: z.int().min(0).max(5_000),
  hurdle: hurdleSchema.nullable().default(null),
  crystallisation: z.enum(CRYSTALLISATIONS),
});
export type PerformanceFee = z.infer<typeof performanceFeeSchema>;

export const lockUpSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** No redemption before `months` after the subscription. */
  z.strictObject({ kind: z.literal('hard'), months: z.int().min(1).max(120) }),
  /** Redemption allowed before `months`, less `penaltyBps` of the amount, kept by the fund. */
  z.strictObject({
    kind: z.literal('soft'),
    months: z.int().min(1).max(120),
    penaltyBps: bps,
  }),
]);
export type LockUp = z.infer<typeof lockUpSchema>;

export const REDEMPTION_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type RedemptionFrequency = (typeof REDEMPTION_FREQUENCIES)[number];

/**
 * At most `bps` redeemed per dealing date: of the fund's NAV (all investors' requests together) or
 * of the investor's own holding. The rest is queued for the next dealing date.
 */
export const gateSchema = z.strictObject({
  basis: z.enum(['fund', 'investor']),
  bps: positiveBps,
});
export type Gate = z.infer<typeof gateSchema>;

export const hedgeFundTermsSchema = z.strictObject({
  kind: z.literal('hedge_fund'),
  managementFee: managementFeeSchema,
  performanceFee: performanceFeeSchema,
  lockUp: lockUpSchema,
  noticeDays: z.int().min(0).max(365),
  redemptionFrequency: z.enum(REDEMPTION_FREQUENCIES),
  gate: gateSchema.nullable().default(null),
  sidePocketsAllowed: z.boolean(),
  unitScale: z.int().min(0).max(18).default(DEFAULT_UNIT_SCALE),
});
export type HedgeFundTerms = z.infer<typeof hedgeFundTermsSchema>;

export const ventureFundTermsSchema = z.strictObject({
  kind: z.literal('venture_fund'),
  /** The reserve's commitment, USD cents. */
  commitment: usdAmountSchema,
  /** Charged on the commitment (not on NAV), per year, during the fund's life. */
  managementFeeBpsPerYear: z.int().min(0).max(1_000),
  /** Carried interest: the manager's share of profits above the hurdle. */
  carryBps: z.int().min(0).max(5_000),
  /** Preferred return to investors before carry; null when the fund has none. */
  hurdleBpsPerYear: z.int().min(0).max(5_000).nullable().default(null),
  termYears: z.int().min(1).max(30),
  unitScale: z.int().min(0).max(18).default(DEFAULT_UNIT_SCALE),
});
export type VentureFundTerms = z.infer<typeof ventureFundTermsSchema>;

export const fundTermsSchema = z.discriminatedUnion('kind', [
  hedgeFundTermsSchema,
  ventureFundTermsSchema,
]);
export type FundTerms = z.infer<typeof fundTermsSchema>;
/** The wire (and JSONB) shape: money as decimal strings, defaults optional. */
export type FundTermsInput = z.input<typeof fundTermsSchema>;

/**
 * Terms back to their wire shape, for storage as JSONB and for API replies: the one place money
 * leaves bigint. `fundTermsSchema.parse(encodeFundTerms(t))` gives `t` back.
 */
export function encodeFundTerms(terms: FundTerms): FundTermsInput {
  if (terms.kind === 'hedge_fund') return terms;
  return { ...terms, commitment: formatAmount(terms.commitment, FUND_CURRENCY) };
}

/** Months of the performance fee's crystallisation period. */
export function crystallisationMonths(c: Crystallisation): number {
  return c === 'monthly' ? 1 : c === 'quarterly' ? 3 : 12;
}

/** Months between dealing dates. */
export function dealingMonths(f: RedemptionFrequency): number {
  return f === 'monthly' ? 1 : 3;
}
