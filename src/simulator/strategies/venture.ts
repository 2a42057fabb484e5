import type { z } from 'zod';
import type { ventureSchema } from '../model.ts';
import { dailyGrowth, type Plan, type Runner } from './common.ts';

export type VentureParams = z.infer<typeof ventureSchema>;

/**
 * Venture funds by the Takahashi–Alexander (Yale) model, stepped once per fund year k = 1..L:
 *
 *   C_k   = RC_k * (CC - PIC_{k-1})                 capital called (RC_k: rate of contribution)
 *   RD_k  = Y * (k / L)^B                           rate of distribution (Y yield, B bow)
 *   D_k   = RD_k * NAV_{k-1} * (1 + G_k)            distributions
 *   NAV_k = NAV_{k-1} * (1 + G_k) + C_k - D_k
 *
 * and at k = L the fund is wound up (D_L = NAV_{L-1} * (1 + G_L) + C_L). Here G_k = growth + beta *
 * BTC's return over that fund year, so beta = 0 is the plain model. The NAV is an appraisal: it
 * moves only on fund-year boundaries, as reported venture NAVs do.
 */
export interface YaleStep {
  readonly call: number;
  readonly distribution: number;
  readonly nav: number;
  readonly paidIn: number;
}

export function rateOfContribution(
  p: Pick<VentureParams, 'rateOfContribution'>,
  k: number,
): number {
  const rates = p.rateOfContribution;
  return rates[Math.min(k - 1, rates.length - 1)] ?? 0;
}

/** One fund year of the model; `k` counts from 1. */
export function yaleStep(
  p: Pick<VentureParams, 'rateOfContribution' | 'bow' | 'yield' | 'lifetimeYears'>,
  commitment: number,
  k: number,
  before: { nav: number; paidIn: number },
  growth: number,
): YaleStep {
  const call = rateOfContribution(p, k) * (commitment - before.paidIn);
  const grown = before.nav * (1 + growth);
  const distribution =
    k >= p.lifetimeYears ? grown + call : p.yield * Math.pow(k / p.lifetimeYears, p.bow) * grown;
  return {
    call,
    distribution,
    nav: grown + call - distribution,
    paidIn: before.paidIn + call,
  };
}

/** The whole schedule at constant growth: the model's closed form, for reports and tests. */
export function yaleSchedule(
  p: Pick<VentureParams, 'rateOfContribution' | 'bow' | 'yield' | 'lifetimeYears' | 'growthAnnual'>,
  commitment: number,
): YaleStep[] {
  const out: YaleStep[] = [];
  let state = { nav: 0, paidIn: 0 };
  for (let k = 1; k <= p.lifetimeYears; k++) {
    const step = yaleStep(p, commitment, k, state, p.growthAnnual);
    out.push(step);
    state = step;
  }
  return out;
}

interface Vintage {
  readonly start: number;
  readonly commitment: number;
  nav: number;
  paidIn: number;
  age: number;
}

/**
 * Each lot is converted to cash at receipt (less the conversion cost), a share of it committed to a
 * new vintage, and the uncalled commitment waits in cash at the money-market yield. Management
 * fees on the commitment are paid yearly from cash during the fund's life. Cash beyond the
 * uncalled commitments is convertible; fund NAV is not.
 */
export function ventureRunner(p: VentureParams, plan: Plan, scale: number): Runner {
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  return (prices, _rng, tr) => {
    const vintages: Vintage[] = [];
    let cash = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      const pb = prices[0][t] ?? 0;
      const inflow =
        ((plan.inflow[0][t] ?? 0) * pb + (plan.inflow[1][t] ?? 0) * (prices[1][t] ?? 0)) * scale;
      if (inflow > 0) {
        tr.fees += inflow * p.conversionCost;
        const net = inflow * (1 - p.conversionCost);
        cash += net;
        vintages.push({ start: t, commitment: net * p.commitmentRatio, nav: 0, paidIn: 0, age: 0 });
      }
      let nav = 0;
      let uncalled = 0;
      for (const v of vintages) {
        if (v.age < p.lifetimeYears && t > v.start && (t - v.start) % 365 === 0) {
          v.age++;
          const btcYear = pb / (prices[0][t - 365] ?? pb) - 1;
          const step = yaleStep(p, v.commitment, v.age, v, p.growthAnnual + p.betaBtc * btcYear);
          const fee = p.managementFee * v.commitment;
          cash += step.distribution - step.call - fee;
          tr.fees += fee;
          v.nav = step.nav;
          v.paidIn = step.paidIn;
        }
        nav += v.nav;
        if (v.age < p.lifetimeYears) uncalled += v.commitment - v.paidIn;
      }
      tr.value[t] = cash + nav;
      tr.liquid[t] = Math.max(0, cash - uncalled);
    }
  };
}
