import type { z } from 'zod';
import type { hedgeSchema, Manager } from '../model.ts';
import { dailyProbability } from '../rng.ts';
import { dailyGrowth, type Plan, type Runner } from './common.ts';

export type HedgeParams = z.infer<typeof hedgeSchema>;

/**
 * Indirect exposure through crypto hedge funds (the Kazakhstan model). Each lot is subscribed in
 * kind at market, split over the surviving managers by weight. Each fund's NAV per unit moves daily
 * with beta to BTC and ETH plus alpha, less the management fee; its idiosyncratic risk lands once
 * per monthly statement. A performance fee is charged at each crystallisation on the gain above
 * the high-water mark only. A manager fails at a yearly probability (FTX, 3AC): its NAV is written
 * down to the recovery rate, paid as cash after a delay, and it receives no new money.
 *
 * Simplification: one unit series per fund (no equalisation), so new money buys at the current NAV
 * and shares the fund's high-water mark.
 */

/** A performance fee over a high-water mark; nothing is charged at or below the mark. */
export function crystallise(
  navPerUnit: number,
  highWaterMark: number,
  performanceFee: number,
): { fee: number; navPerUnit: number; highWaterMark: number } {
  if (navPerUnit <= highWaterMark) return { fee: 0, navPerUnit, highWaterMark };
  const fee = performanceFee * (navPerUnit - highWaterMark);
  const after = navPerUnit - fee;
  return { fee, navPerUnit: after, highWaterMark: after };
}

/** The first dealing date a redemption notice given on `t` can reach. */
export function firstDealing(t: number, m: Manager): number {
  return Math.ceil((t + m.noticeDays) / m.dealingEveryDays) * m.dealingEveryDays;
}

interface Fund {
  nav: number;
  hwm: number;
  units: number;
  /** Units still locked, released as `unlock` passes their day. */
  unlocks: { day: number; units: number }[];
  unlocked: number;
  nextUnlock: number;
  alive: boolean;
  failDay: number;
}

export function hedgeRunner(p: HedgeParams, plan: Plan, scale: number): Runner {
  const managers = p.managers;
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  const failDaily = managers.map((m) => dailyProbability(m.failureProbabilityPerYear));
  const statementYears = p.statementEveryDays / 365;
  return (prices, rng, tr) => {
    const funds: Fund[] = managers.map((_, i) => ({
      nav: 1,
      hwm: 1,
      units: 0,
      unlocks: [],
      unlocked: 0,
      nextUnlock: 0,
      alive: true,
      failDay: rng.daysUntil(failDaily[i] ?? 0),
    }));
    const recoveries: { day: number; amount: number }[] = [];
    let cash = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      const pb = prices[0][t] ?? 0;
      const pe = prices[1][t] ?? 0;
      const rb = t > 0 ? pb / (prices[0][t - 1] ?? pb) - 1 : 0;
      const re = t > 0 ? pe / (prices[1][t - 1] ?? pe) - 1 : 0;
      for (let i = 0; i < funds.length; i++) {
        const f = funds[i];
        const m = managers[i];
        if (f === undefined || m === undefined || !f.alive) continue;
        if (t > 0) stepFund(f, m, t, rb, re, p, statementYears, rng, tr);
        if (t === f.failDay) {
          recoveries.push({
            day: t + m.recoveryDelayDays,
            amount: f.units * f.nav * m.recoveryRate,
          });
          f.alive = false;
          f.units = 0;
          tr.failures++;
        }
      }
      const contribution = ((plan.inflow[0][t] ?? 0) * pb + (plan.inflow[1][t] ?? 0) * pe) * scale;
      if (contribution > 0) cash += subscribe(funds, managers, t, contribution);
      let owed = 0;
      for (const r of recoveries) {
        if (r.day === t) cash += r.amount;
        else if (r.day > t) owed += r.amount;
      }
      let invested = 0;
      let liquid = 0;
      for (let i = 0; i < funds.length; i++) {
        const f = funds[i];
        const m = managers[i];
        if (f === undefined || m === undefined || !f.alive) continue;
        invested += f.units * f.nav;
        liquid += fundLiquid(f, m, t);
      }
      tr.value[t] = cash + invested + owed;
      tr.liquid[t] = cash + liquid;
    }
  };
}

function stepFund(
  f: Fund,
  m: Manager,
  t: number,
  rb: number,
  re: number,
  p: HedgeParams,
  statementYears: number,
  rng: { normal(): number },
  tr: { fees: number },
): void {
  f.nav *= Math.max(0, 1 + m.betaBtc * rb + m.betaEth * re + m.alphaAnnual / 365);
  const mgmt = (f.nav * m.managementFee) / 365;
  tr.fees += mgmt * f.units;
  f.nav -= mgmt;
  if (t % p.statementEveryDays === 0 && m.idioVolAnnual > 0) {
    const s = m.idioVolAnnual * Math.sqrt(statementYears);
    f.nav *= Math.exp(s * rng.normal() - 0.5 * s * s);
  }
  if (t % p.crystallizationEveryDays === 0) {
    const c = crystallise(f.nav, f.hwm, m.performanceFee);
    tr.fees += c.fee * f.units;
    f.nav = c.navPerUnit;
    f.hwm = c.highWaterMark;
  }
}

/** Units convertible within 30 days: unlocked by the reachable dealing date, at most the gate. */
function fundLiquid(f: Fund, m: Manager, t: number): number {
  const dealing = firstDealing(t, m);
  if (dealing > t + 30) return 0;
  for (let u = f.unlocks[f.nextUnlock]; u !== undefined && u.day <= dealing;) {
    f.unlocked += u.units;
    u = f.unlocks[++f.nextUnlock];
  }
  return Math.min(f.unlocked, m.gate * f.units) * f.nav;
}

/** Splits a contribution over surviving managers by weight; returns what stays in cash. */
function subscribe(funds: Fund[], managers: readonly Manager[], t: number, amount: number): number {
  let weight = 0;
  for (let i = 0; i < funds.length; i++)
    if (funds[i]?.alive === true) weight += managers[i]?.weight ?? 0;
  if (weight <= 0) return amount;
  for (let i = 0; i < funds.length; i++) {
    const f = funds[i];
    const m = managers[i];
    if (f === undefined || m === undefined || !f.alive) continue;
    const units = (amount * m.weight) / weight / f.nav;
    f.units += units;
    f.unlocks.push({ day: t + m.lockupDays, units });
  }
  return 0;
}
