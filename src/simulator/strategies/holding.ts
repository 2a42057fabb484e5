import type { z } from 'zod';
import type { directSchema, listedSchema } from '../model.ts';
import { dailyProbability } from '../rng.ts';
import { cryptoLiquid, type Plan, type Runner } from './common.ts';

export type DirectParams = z.infer<typeof directSchema>;
export type ListedParams = z.infer<typeof listedSchema>;

/**
 * Direct holding (El Salvador, the US Strategic Bitcoin Reserve): the coins stay in the state's
 * custody. Custody costs a yearly fee, paid by selling a sliver each day; incidents (a hack, a lost
 * key) arrive at a yearly probability and each destroys a share of what is held. Under "never sell"
 * nothing is convertible, because the policy forbids it.
 */
export function directRunner(p: DirectParams, plan: Plan, scale: number): Runner {
  const incidentDaily = dailyProbability(p.custodyIncidentProbabilityPerYear);
  const keep = 1 - p.custodyFeeRate / 365;
  return (prices, rng, tr) => {
    let b = 0;
    let e = 0;
    let fees = 0;
    let incidentDay = rng.daysUntil(incidentDaily);
    const [btc, eth] = prices;
    const [inB, inE] = plan.inflow;
    const { value, liquid } = tr;
    for (let t = 0; t <= plan.days; t++) {
      const pb = btc[t] ?? 0;
      const pe = eth[t] ?? 0;
      if (t > 0) {
        fees += (b * pb + e * pe) * (1 - keep);
        b *= keep;
        e *= keep;
      }
      b += (inB[t] ?? 0) * scale;
      e += (inE[t] ?? 0) * scale;
      if (t === incidentDay) {
        b *= 1 - p.lossFraction;
        e *= 1 - p.lossFraction;
        tr.failures++;
        incidentDay += rng.daysUntil(incidentDaily);
      }
      value[t] = b * pb + e * pe;
      liquid[t] = p.neverSell ? 0 : cryptoLiquid(plan, 0, b, pb) + cryptoLiquid(plan, 1, e, pe);
    }
    tr.fees += fees;
  };
}

/**
 * A spot ETF or crypto-company equities: each lot is converted at receipt (less a conversion
 * cost) into a listed position whose daily return is beta times the underlying's, plus tracking
 * noise, less the TER accrued daily. Listed shares settle in two days: all of it is convertible.
 */
export function listedRunner(p: ListedParams, plan: Plan, scale: number): Runner {
  const ter = p.ter / 365;
  const noise = p.trackingErrorAnnual / Math.sqrt(365);
  return (prices, rng, tr) => {
    let vb = 0;
    let ve = 0;
    let fees = 0;
    for (let t = 0; t <= plan.days; t++) {
      const pb = prices[0][t] ?? 0;
      const pe = prices[1][t] ?? 0;
      if (t > 0) {
        const rb = pb / (prices[0][t - 1] ?? pb) - 1;
        const re = pe / (prices[1][t - 1] ?? pe) - 1;
        vb *= Math.max(0, 1 + p.beta * rb + (noise > 0 && vb > 0 ? noise * rng.normal() : 0));
        ve *= Math.max(0, 1 + p.beta * re + (noise > 0 && ve > 0 ? noise * rng.normal() : 0));
        fees += (vb + ve) * ter;
        vb *= 1 - ter;
        ve *= 1 - ter;
      }
      const inB = (plan.inflow[0][t] ?? 0) * scale * pb;
      const inE = (plan.inflow[1][t] ?? 0) * scale * pe;
      fees += (inB + inE) * p.conversionCost;
      vb += inB * (1 - p.conversionCost);
      ve += inE * (1 - p.conversionCost);
      tr.value[t] = vb + ve;
      tr.liquid[t] = vb + ve;
    }
    tr.fees += fees;
  };
}
