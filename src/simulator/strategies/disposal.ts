import type { z } from 'zod';
import type { auctionSchema, Distribution, otcSchema, quietSchema } from '../model.ts';
import type { Stream } from '../rng.ts';
import { actionDays, cryptoLiquid, dailyGrowth, type Plan, type Runner } from './common.ts';

/**
 * The three ways to turn seized coins into currency. Each holds the coins at market until it sells,
 * then keeps the proceeds as cash at the money-market yield. Discounts, impact and haircuts are
 * price concessions (they lower proceeds); `fees` counts only explicit charges.
 */
export type AuctionParams = z.infer<typeof auctionSchema>;
export type OtcParams = z.infer<typeof otcSchema>;
export type QuietParams = z.infer<typeof quietSchema>;

/** A draw from a discount distribution, clipped to (-0.99, 0.99) so a price stays positive. */
export function drawDiscount(d: Distribution, rng: Stream): number {
  let x: number;
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'normal':
      x = d.sd === 0 ? d.mean : d.mean + d.sd * rng.normal();
      break;
    case 'uniform':
      x = d.min + (d.max - d.min) * rng.uniform();
      break;
  }
  return Math.min(0.99, Math.max(-0.99, x));
}

/**
 * Sealed-bid auction after a legal delay: every lot whose delay ends on a day goes into that day's
 * auction, which clears at market * (1 - discount), one discount drawn per auction.
 */
export function auctionRunner(p: AuctionParams, plan: Plan, scale: number): Runner {
  const auctions = actionDays(plan, p.legalDelayDays);
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  const horizon = Math.min(30, p.legalDelayDays);
  return (prices, rng, tr) => {
    const held = [0, 0];
    const soon = [0, 0];
    let cash = 0;
    let next = 0;
    let ahead = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      held[0] = (held[0] ?? 0) + (plan.inflow[0][t] ?? 0) * scale;
      held[1] = (held[1] ?? 0) + (plan.inflow[1][t] ?? 0) * scale;
      // Lots already received and auctioned within the next 30 days count as convertible.
      for (
        let a = auctions[ahead];
        a !== undefined && a.day <= t + horizon;
        a = auctions[++ahead]
      ) {
        for (const lot of a.lots) soon[lot.asset] = (soon[lot.asset] ?? 0) + lot.quantity * scale;
      }
      const auction = auctions[next];
      if (auction?.day === t) {
        const discount = drawDiscount(p.discount, rng);
        for (const lot of auction.lots) {
          const q = lot.quantity * scale;
          const gross = q * (prices[lot.asset][t] ?? 0) * (1 - discount);
          const fee = gross * p.feeRate;
          cash += gross - fee;
          tr.fees += fee;
          held[lot.asset] = (held[lot.asset] ?? 0) - q;
          soon[lot.asset] = (soon[lot.asset] ?? 0) - q;
        }
        next++;
      }
      const pb = prices[0][t] ?? 0;
      const pe = prices[1][t] ?? 0;
      tr.value[t] = cash + held[0] * pb + held[1] * pe;
      tr.liquid[t] = cash + (soon[0] ?? 0) * pb + (soon[1] ?? 0) * pe;
    }
  };
}

/** Square-root impact: the price concession of selling q against daily volume v. */
export function squareRootImpact(q: number, v: number, coefficient: number, sigma: number): number {
  if (q <= 0) return 0;
  return Math.min(1, coefficient * sigma * Math.sqrt(q / v));
}

/** The quantity each lot asks to sell per day: quantity / N over N days after the start delay. */
export function otcPlan(p: OtcParams, plan: Plan): [Float64Array, Float64Array] {
  const want: [Float64Array, Float64Array] = [
    new Float64Array(plan.days + 1),
    new Float64Array(plan.days + 1),
  ];
  for (const lot of plan.lots) {
    const per = lot.quantity / p.durationDays;
    const first = lot.day + p.startDelayDays;
    const row = want[lot.asset];
    for (let t = first; t < first + p.durationDays && t <= plan.days; t++)
      row[t] = (row[t] ?? 0) + per;
  }
  return want;
}

/**
 * OTC tranches: each lot is sold evenly over N days, but never more than a share of the day's
 * volume; what the cap holds back carries over to the next day. Each day's sale pays the
 * square-root impact of its own size.
 */
export function otcRunner(p: OtcParams, plan: Plan, scale: number): Runner {
  const want = otcPlan(p, plan);
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  return (prices, _rng, tr) => {
    const held = [0, 0];
    const backlog = [0, 0];
    let cash = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      let value = 0;
      let liquid = 0;
      for (let a = 0; a < 2; a++) {
        const price = prices[a]?.[t] ?? 0;
        const volume = plan.dailyVolume[a] ?? 1;
        let h = (held[a] ?? 0) + (plan.inflow[a]?.[t] ?? 0) * scale;
        let b = (backlog[a] ?? 0) + (want[a]?.[t] ?? 0) * scale;
        const sell = Math.min(b, h, p.maxShareOfVolume * volume);
        if (sell > 0) {
          const impact = squareRootImpact(sell, volume, p.impactCoefficient, p.dailyVolatility);
          const gross = sell * price * (1 - impact);
          const fee = gross * p.feeRate;
          cash += gross - fee;
          tr.fees += fee;
          h -= sell;
          b -= sell;
        }
        held[a] = h;
        backlog[a] = b;
        value += h * price;
        liquid += cryptoLiquid(plan, a, h, price);
      }
      tr.value[t] = cash + value;
      tr.liquid[t] = cash + liquid;
    }
  };
}

/**
 * Quiet disposal through intermediaries: each lot is sold after a delay at market less a haircut
 * and a fee; with some probability the intermediary leaks (loses or diverts) a share of the
 * proceeds, which counts as a failure.
 */
export function quietRunner(p: QuietParams, plan: Plan, scale: number): Runner {
  const sales = actionDays(plan, p.delayDays);
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  return (prices, rng, tr) => {
    const held = [0, 0];
    let cash = 0;
    let next = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      held[0] = (held[0] ?? 0) + (plan.inflow[0][t] ?? 0) * scale;
      held[1] = (held[1] ?? 0) + (plan.inflow[1][t] ?? 0) * scale;
      const sale = sales[next];
      if (sale?.day === t) {
        for (const lot of sale.lots) {
          const q = lot.quantity * scale;
          const gross = q * (prices[lot.asset][t] ?? 0) * (1 - p.haircut);
          const fee = gross * p.feeRate;
          let net = gross - fee;
          if (p.leakageProbability > 0 && rng.uniform() < p.leakageProbability) {
            net *= 1 - p.leakageLossFraction;
            tr.failures++;
          }
          cash += net;
          tr.fees += fee;
          held[lot.asset] = (held[lot.asset] ?? 0) - q;
        }
        next++;
      }
      const pb = prices[0][t] ?? 0;
      const pe = prices[1][t] ?? 0;
      tr.value[t] = cash + held[0] * pb + held[1] * pe;
      tr.liquid[t] = cash + cryptoLiquid(plan, 0, held[0], pb) + cryptoLiquid(plan, 1, held[1], pe);
    }
  };
}
