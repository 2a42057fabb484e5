import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  crystallisationMonths,
  dealingMonths,
  encodeFundTerms,
  fundTermsSchema,
  hedgeFundTermsSchema,
  mandateSchema,
  ventureFundTermsSchema,
} from './terms.ts';

const hedge = {
  kind: 'hedge_fund',
  managementFee: { rateBpsPerYear: 200 },
  performanceFee: {
    rateBps: 2_000,
    hurdle: { rateBpsPerYear: 500, kind: 'hard' },
    crystallisation: 'quarterly',
  },
  lockUp: { kind: 'soft', months: 12, penaltyBps: 300 },
  noticeDays: 45,
  redemptionFrequency: 'quarterly',
  gate: { basis: 'fund', bps: 2_500 },
  sidePocketsAllowed: true,
};

const venture = {
  kind: 'venture_fund',
  commitment: '25000000.00',
  managementFeeBpsPerYear: 200,
  carryBps: 2_000,
  hurdleBpsPerYear: 800,
  termYears: 10,
};

describe('fund terms at the edge', () => {
  it('parses hedge-fund terms and fills the defaults', () => {
    const t = hedgeFundTermsSchema.parse({ ...hedge, gate: undefined });
    expect(t.gate).toBeNull();
    expect(t.unitScale).toBe(6);
    expect(t.performanceFee.hurdle).toEqual({ rateBpsPerYear: 500, kind: 'hard' });
  });

  it('parses the venture commitment into exact cents', () => {
    const t = ventureFundTermsSchema.parse(venture);
    expect(t.commitment).toBe(2_500_000_000n);
    expect(ventureFundTermsSchema.parse({ ...venture, commitment: '0.07' }).commitment).toBe(7n);
  });

  it('round-trips through the wire shape', () => {
    for (const input of [hedge, venture]) {
      const t = fundTermsSchema.parse(input);
      const again = fundTermsSchema.parse(JSON.parse(JSON.stringify(encodeFundTerms(t))));
      expect(again).toEqual(t);
    }
  });

  it.each([
    ['a float commitment', { ...venture, commitment: 25_000_000 }],
    ['a commitment with three decimals', { ...venture, commitment: '1.001' }],
    ['a negative commitment', { ...venture, commitment: '-1' }],
    ['an exponent', { ...venture, commitment: '1e6' }],
    ['a fee rate as a fraction', { ...hedge, managementFee: { rateBpsPerYear: 1.5 } }],
    ['a hard lock-up without months', { ...hedge, lockUp: { kind: 'hard' } }],
    ['a soft lock-up without its penalty', { ...hedge, lockUp: { kind: 'soft', months: 12 } }],
    ['a gate of zero', { ...hedge, gate: { basis: 'fund', bps: 0 } }],
    ['a weekly dealing frequency', { ...hedge, redemptionFrequency: 'weekly' }],
    ['an unknown field', { ...hedge, leverage: 2 }],
    ['an unknown kind', { ...hedge, kind: 'etf' }],
  ])('refuses %s', (_, input) => {
    expect(fundTermsSchema.safeParse(input).success).toBe(false);
  });

  it('checks a mandate', () => {
    const m = {
      permittedAssets: ['BTC', 'ETH', 'USDT'],
      maxLeverageBps: 20_000,
      maxDrawdownBps: 2_500,
      concentrationLimitBps: 4_000,
    };
    expect(mandateSchema.parse(m)).toEqual(m);
    expect(mandateSchema.safeParse({ ...m, permittedAssets: ['BTC', 'BTC'] }).success).toBe(false);
    expect(mandateSchema.safeParse({ ...m, permittedAssets: ['DOGE'] }).success).toBe(false);
    expect(mandateSchema.safeParse({ ...m, concentrationLimitBps: 10_001 }).success).toBe(false);
  });

  it('describes its wire shape as JSON Schema (the OpenAPI document needs it)', () => {
    const schema = z.toJSONSchema(fundTermsSchema, { io: 'input' });
    expect(JSON.stringify(schema)).toContain('"commitment"');
  });

  it('counts months per period', () => {
    expect(
      ['monthly', 'quarterly', 'annual'].map((c) => crystallisationMonths(c as never)),
    ).toEqual([1, 3, 12]);
    expect([dealingMonths('monthly'), dealingMonths('quarterly')]).toEqual([1, 3]);
  });
});
