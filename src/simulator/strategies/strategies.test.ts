import { describe, expect, it } from 'vitest';
import type { Manager } from '../model.ts';
import { stream } from '../rng.ts';
import { newTrace, type Plan, type Prices, type Trace } from './common.ts';
import { compile } from './compile.ts';
import { auctionRunner, otcRunner, quietRunner, squareRootImpact } from './disposal.ts';
import { crystallise, hedgeRunner } from './hedge.ts';
import { directRunner, listedRunner } from './holding.ts';
import { rateOfContribution, ventureRunner, yaleSchedule } from './venture.ts';

/** Closed-form cases: with volatility and randomness switched off, each model is arithmetic. */
const DAYS = 730;

function plan(lots: { day: number; quantity: number }[], over: Partial<Plan> = {}): Plan {
  const inflow: [Float64Array, Float64Array] = [
    new Float64Array(DAYS + 1),
    new Float64Array(DAYS + 1),
  ];
  for (const l of lots) inflow[0][l.day] = (inflow[0][l.day] ?? 0) + l.quantity;
  return {
    days: DAYS,
    lots: lots.map((l) => ({ ...l, asset: 0 as const })),
    inflow,
    dailyVolume: [20_000, 1],
    maxShareOfVolume: 0.1,
    cashYield: 0,
    ...over,
  };
}

function prices(f: (t: number) => number): Prices {
  return [
    Float64Array.from({ length: DAYS + 1 }, (_, t) => f(t)),
    new Float64Array(DAYS + 1).fill(1),
  ];
}

const flat = prices(() => 100);
const rising = prices((t) => 100 + t);

function run(
  runner: (p: Prices, r: ReturnType<typeof stream>, tr: Trace) => void,
  p: Prices,
): Trace {
  const tr = newTrace(DAYS);
  runner(p, stream(7, 0, 1), tr);
  return tr;
}

const manager: Manager = {
  name: 'm',
  weight: 1,
  betaBtc: 0,
  betaEth: 0,
  alphaAnnual: 0,
  idioVolAnnual: 0,
  managementFee: 0,
  performanceFee: 0,
  lockupDays: 0,
  dealingEveryDays: 30,
  noticeDays: 0,
  gate: 1,
  failureProbabilityPerYear: 0,
  recoveryRate: 0,
  recoveryDelayDays: 0,
};

describe('zero volatility gives deterministic values', () => {
  const lots = plan([{ day: 0, quantity: 10 }]);

  it('direct holding decays by the custody fee only', () => {
    const p = {
      kind: 'direct' as const,
      custodyIncidentProbabilityPerYear: 0,
      lossFraction: 0.5,
      custodyFeeRate: 0.01,
      neverSell: false,
    };
    const tr = run(directRunner(p, lots, 1), flat);
    expect(tr.value[DAYS]).toBeCloseTo(1000 * Math.pow(1 - 0.01 / 365, DAYS), 9);
    expect(tr.failures).toBe(0);
    // 30 days at 10% of 20,000 BTC a day easily covers 10 BTC.
    expect(tr.liquid[DAYS]).toBeCloseTo(tr.value[DAYS] ?? 0, 9);
    const never = run(directRunner({ ...p, neverSell: true }, lots, 1), flat);
    expect(never.liquid[DAYS]).toBe(0);
  });

  it('an incident certain every day destroys the loss fraction each day', () => {
    const p = {
      kind: 'direct' as const,
      custodyIncidentProbabilityPerYear: 1,
      lossFraction: 0.01,
      custodyFeeRate: 0,
      neverSell: true,
    };
    const tr = run(directRunner(p, lots, 1), flat);
    // The first incident can come the day after the coins arrive, then one a day.
    expect(tr.failures).toBe(DAYS);
    expect(tr.value[DAYS]).toBeCloseTo(1000 * Math.pow(0.99, DAYS), 9);
  });

  it('quiet disposal pays haircut and fee, then earns the cash yield', () => {
    const p = {
      kind: 'quiet' as const,
      delayDays: 30,
      feeRate: 0.02,
      haircut: 0.05,
      leakageProbability: 0,
      leakageLossFraction: 1,
      cashYield: 0.04,
    };
    const tr = run(quietRunner(p, lots, 1), flat);
    const proceeds = 1000 * 0.95 * 0.98;
    expect(tr.value[29]).toBe(1000);
    expect(tr.value[DAYS]).toBeCloseTo(proceeds * Math.pow(1.04, (DAYS - 30) / 365), 6);
    expect(tr.fees).toBeCloseTo(1000 * 0.95 * 0.02, 9);
    const leaky = run(
      quietRunner({ ...p, leakageProbability: 1, leakageLossFraction: 0.5 }, lots, 1),
      flat,
    );
    expect(leaky.failures).toBe(1);
    expect(leaky.value[DAYS]).toBeCloseTo((tr.value[DAYS] ?? 0) / 2, 6);
  });

  it('OTC tranches without impact realise the average close over the sale days', () => {
    const p = {
      kind: 'otc' as const,
      startDelayDays: 5,
      durationDays: 10,
      maxShareOfVolume: 0.1,
      impactCoefficient: 0,
      dailyVolatility: 0.03,
      feeRate: 0,
    };
    const tr = run(otcRunner(p, lots, 1), rising);
    let proceeds = 0;
    for (let t = 5; t < 15; t++) proceeds += 1 * (100 + t);
    expect(tr.value[DAYS]).toBeCloseTo(proceeds, 9);
  });

  it('an ETF with no TER or tracking error is the coins at market', () => {
    const p = {
      kind: 'etf_equities' as const,
      conversionCost: 0,
      ter: 0,
      trackingErrorAnnual: 0,
      beta: 1,
    };
    const tr = run(listedRunner(p, lots, 1), rising);
    expect(tr.value[DAYS]).toBeCloseTo(10 * (100 + DAYS), 6);
    const ter = run(listedRunner({ ...p, ter: 0.0025 }, lots, 1), flat);
    expect(ter.value[DAYS]).toBeCloseTo(1000 * Math.pow(1 - 0.0025 / 365, DAYS), 9);
  });

  it('hedge funds with zero beta, alpha, vol and fees hold the contribution', () => {
    const p = {
      kind: 'hedge_funds' as const,
      managers: [manager],
      statementEveryDays: 30,
      crystallizationEveryDays: 365,
    };
    const tr = run(hedgeRunner(p, lots, 1), rising);
    expect(tr.value[DAYS]).toBeCloseTo(10 * 100, 9);
    const beta = run(
      hedgeRunner({ ...p, managers: [{ ...manager, betaBtc: 1 }] }, lots, 1),
      rising,
    );
    expect(beta.value[DAYS]).toBeCloseTo(10 * (100 + DAYS), 6);
  });

  it('a certain manager failure pays the recovery rate after the delay', () => {
    const failing = {
      ...manager,
      failureProbabilityPerYear: 1,
      recoveryRate: 0.3,
      recoveryDelayDays: 100,
    };
    const p = {
      kind: 'hedge_funds' as const,
      managers: [failing],
      statementEveryDays: 30,
      crystallizationEveryDays: 365,
    };
    const tr = run(hedgeRunner(p, lots, 1), flat);
    expect(tr.failures).toBe(1);
    expect(tr.value[DAYS]).toBeCloseTo(300, 9);
    expect(tr.liquid[50]).toBe(0);
    expect(tr.liquid[DAYS]).toBeCloseTo(300, 9);
  });

  it('a mix is the weighted sum of its parts', () => {
    const direct = {
      kind: 'direct' as const,
      custodyIncidentProbabilityPerYear: 0,
      lossFraction: 0,
      custodyFeeRate: 0,
      neverSell: true,
    };
    const etf = {
      kind: 'etf_equities' as const,
      conversionCost: 0.01,
      ter: 0,
      trackingErrorAnnual: 0,
      beta: 1,
    };
    const mix = compile(
      {
        id: 'mix',
        kind: 'mix',
        components: [
          { weight: 0.3, strategy: direct },
          { weight: 0.7, strategy: etf },
        ],
      },
      lots,
    );
    const tr = run(mix, rising);
    expect(tr.value[DAYS]).toBeCloseTo(10 * (100 + DAYS) * (0.3 + 0.7 * 0.99), 6);
    expect(tr.fees).toBeCloseTo(0.7 * 1000 * 0.01, 9);
  });
});

describe('auction', () => {
  const lots = plan([
    { day: 0, quantity: 10 },
    { day: 100, quantity: 5 },
  ]);
  const base = { kind: 'auction' as const, legalDelayDays: 60, feeRate: 0, cashYield: 0 };

  it('at a discount of 0 equals the market on the auction day', () => {
    const tr = run(
      auctionRunner({ ...base, discount: { kind: 'fixed', value: 0 } }, lots, 1),
      rising,
    );
    expect(tr.value[DAYS]).toBe(10 * (100 + 60) + 5 * (100 + 160));
    const normal = run(
      auctionRunner({ ...base, discount: { kind: 'normal', mean: 0, sd: 0 } }, lots, 1),
      rising,
    );
    expect(normal.value[DAYS]).toBe(tr.value[DAYS]);
  });

  it('applies the drawn discount or premium, and counts lots due within 30 days as liquid', () => {
    const tr = run(
      auctionRunner({ ...base, discount: { kind: 'fixed', value: -0.02 } }, lots, 1),
      flat,
    );
    expect(tr.value[DAYS]).toBeCloseTo(1500 * 1.02, 9);
    expect(tr.liquid[10]).toBe(0);
    expect(tr.liquid[40]).toBe(1000);
  });
});

describe('square-root impact', () => {
  it('scales with the square root of size: 4x size, 2x impact', () => {
    const one = squareRootImpact(100, 20_000, 0.7, 0.03);
    expect(squareRootImpact(400, 20_000, 0.7, 0.03)).toBeCloseTo(2 * one, 15);
    expect(squareRootImpact(1600, 20_000, 0.7, 0.03)).toBeCloseTo(4 * one, 15);
    expect(one).toBeCloseTo(0.7 * 0.03 * Math.sqrt(100 / 20_000), 15);
  });

  it('costs an OTC sale exactly the impact of each day’s tranche', () => {
    const lots = plan([{ day: 0, quantity: 1000 }]);
    const p = {
      kind: 'otc' as const,
      startDelayDays: 0,
      durationDays: 4,
      maxShareOfVolume: 1,
      impactCoefficient: 1,
      dailyVolatility: 0.04,
      feeRate: 0,
    };
    const tr = run(otcRunner(p, lots, 1), flat);
    const impact = 0.04 * Math.sqrt(250 / 20_000);
    expect(tr.value[DAYS]).toBeCloseTo(1000 * 100 * (1 - impact), 6);
  });

  it('carries over what the volume cap holds back', () => {
    const lots = plan([{ day: 0, quantity: 5000 }], { dailyVolume: [1000, 1] });
    const p = {
      kind: 'otc' as const,
      startDelayDays: 0,
      durationDays: 1,
      maxShareOfVolume: 0.5,
      impactCoefficient: 0,
      dailyVolatility: 0,
      feeRate: 0,
    };
    const tr = run(otcRunner(p, lots, 1), rising);
    let expected = 0;
    for (let t = 0; t < 10; t++) expected += 500 * (100 + t);
    expect(tr.value[DAYS]).toBeCloseTo(expected, 6);
  });
});

describe('Takahashi–Alexander (Yale) venture model', () => {
  const p = {
    rateOfContribution: [0.25, 0.333, 0.5, 1],
    bow: 2.5,
    yield: 0.25,
    lifetimeYears: 12,
    growthAnnual: 0.12,
  };

  it('calls the whole commitment once the rate of contribution reaches 1', () => {
    const s = yaleSchedule(p, 100);
    expect(s[3]?.paidIn).toBeCloseTo(100, 12);
    expect(s.reduce((a, x) => a + x.call, 0)).toBeCloseTo(100, 12);
    expect(s[11]?.nav).toBeCloseTo(0, 9);
  });

  it('converges to the commitment geometrically under a constant rate', () => {
    const s = yaleSchedule({ ...p, rateOfContribution: [0.3], lifetimeYears: 40 }, 100);
    for (const k of [1, 5, 20])
      expect(s[k - 1]?.paidIn).toBeCloseTo(100 * (1 - Math.pow(0.7, k)), 9);
    expect(100 - (s[38]?.paidIn ?? 0)).toBeLessThan(1e-4);
  });

  it('distributes RD_k * NAV_{k-1} * (1 + G) with RD_k = Y (k/L)^B, computed independently', () => {
    const s = yaleSchedule(p, 100);
    let nav = 0;
    let paid = 0;
    for (let k = 1; k < p.lifetimeYears; k++) {
      const rc = k <= 4 ? ([0.25, 0.333, 0.5, 1][k - 1] ?? 1) : 1;
      const call = rc * (100 - paid);
      const d = 0.25 * Math.pow(k / 12, 2.5) * nav * 1.12;
      expect(s[k - 1]?.call).toBeCloseTo(call, 9);
      expect(s[k - 1]?.distribution).toBeCloseTo(d, 9);
      nav = nav * 1.12 + call - d;
      paid += call;
      expect(s[k - 1]?.nav).toBeCloseTo(nav, 9);
    }
    expect(rateOfContribution(p, 9)).toBe(1);
  });

  it('runs the schedule on yearly boundaries in the strategy, with cash held for calls', () => {
    const lots = plan([{ day: 0, quantity: 10 }]);
    const v = {
      kind: 'venture_funds' as const,
      conversionCost: 0,
      commitmentRatio: 1,
      bow: 2.5,
      yield: 0.25,
      lifetimeYears: 12,
      growthAnnual: 0.12,
      rateOfContribution: p.rateOfContribution,
      betaBtc: 0,
      managementFee: 0,
    };
    const tr = run(ventureRunner(v, lots, 1), flat);
    const s = yaleSchedule(v, 1000);
    // After two fund years: cash = commitment - calls + distributions; NAV as scheduled.
    const cash =
      1000 -
      (s[0]?.call ?? 0) -
      (s[1]?.call ?? 0) +
      (s[0]?.distribution ?? 0) +
      (s[1]?.distribution ?? 0);
    expect(tr.value[730]).toBeCloseTo(cash + (s[1]?.nav ?? 0), 9);
  });
});

describe('performance fee over a high-water mark', () => {
  it('charges nothing at or below the mark', () => {
    expect(crystallise(0.9, 1, 0.2)).toEqual({ fee: 0, navPerUnit: 0.9, highWaterMark: 1 });
    expect(crystallise(1, 1, 0.2).fee).toBe(0);
  });

  it('charges the fee on the gain above the mark only, and raises the mark', () => {
    const c = crystallise(1.5, 1.2, 0.2);
    expect(c.fee).toBeCloseTo(0.06, 15);
    expect(c.navPerUnit).toBeCloseTo(1.44, 15);
    expect(c.highWaterMark).toBeCloseTo(1.44, 15);
  });

  it('a fund that falls and recovers to below its mark pays no performance fee', () => {
    const lots = plan([{ day: 0, quantity: 10 }]);
    const vShape = prices((t) => (t < 365 ? 100 - t / 10 : 63.5 + (t - 365) / 20));
    const p = {
      kind: 'hedge_funds' as const,
      managers: [{ ...manager, betaBtc: 1, performanceFee: 0.2 }],
      statementEveryDays: 30,
      crystallizationEveryDays: 365,
    };
    const tr = run(hedgeRunner(p, lots, 1), vShape);
    expect(vShape[0][DAYS]).toBeLessThan(100);
    expect(tr.fees).toBe(0);
    const up = run(hedgeRunner(p, lots, 1), rising);
    expect(up.fees).toBeGreaterThan(0);
  });
});
