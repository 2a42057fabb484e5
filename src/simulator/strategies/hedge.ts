import type { z } from 'zod';
import type { hedgeSchema, Manager } from '../model.ts';
import { dailyProbability, type Stream } from '../rng.ts';
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

/** Per-manager constants, unpacked once per compile into flat arrays for the daily loop. */
interface Consts {
  readonly betaBtc: Float64Array;
  readonly betaEth: Float64Array;
  readonly alphaDaily: Float64Array;
  readonly mgmtDaily: Float64Array;
  readonly perf: Float64Array;
  readonly idio: Float64Array;
  readonly failDaily: Float64Array;
}

function constants(p: HedgeParams): Consts {
  const col = (f: (m: Manager) => number): Float64Array => Float64Array.from(p.managers, f);
  return {
    betaBtc: col((m) => m.betaBtc),
    betaEth: col((m) => m.betaEth),
    alphaDaily: col((m) => m.alphaAnnual / 365),
    mgmtDaily: col((m) => m.managementFee / 365),
    perf: col((m) => m.performanceFee),
    idio: col((m) => m.idioVolAnnual * Math.sqrt(p.statementEveryDays / 365)),
    failDaily: col((m) => dailyProbability(m.failureProbabilityPerYear)),
  };
}

/** One path's state of every fund, in flat arrays indexed by manager. */
interface Funds {
  readonly nav: Float64Array;
  readonly hwm: Float64Array;
  readonly units: Float64Array;
  readonly failDay: Float64Array;
  readonly alive: Uint8Array;
  readonly locks: Locks[];
  readonly recoveries: { day: number; amount: number }[];
}

function newFunds(managers: readonly Manager[], c: Consts, rng: Stream): Funds {
  const n = managers.length;
  return {
    nav: new Float64Array(n).fill(1),
    hwm: new Float64Array(n).fill(1),
    units: new Float64Array(n),
    failDay: Float64Array.from(managers, (_, i) => rng.daysUntil(c.failDaily[i] ?? 0)),
    alive: new Uint8Array(n).fill(1),
    locks: managers.map(() => ({ unlocks: [], unlocked: 0, next: 0 })),
    recoveries: [],
  };
}

export function hedgeRunner(p: HedgeParams, plan: Plan, scale: number): Runner {
  const managers = p.managers;
  const growth = dailyGrowth(p.cashYield ?? plan.cashYield);
  const c = constants(p);
  return (prices, rng, tr) => {
    const f = newFunds(managers, c, rng);
    const [btc, eth] = prices;
    let cash = 0;
    let fees = 0;
    for (let t = 0; t <= plan.days; t++) {
      cash *= growth;
      const pb = btc[t] ?? 0;
      const pe = eth[t] ?? 0;
      if (t > 0) {
        const rb = pb / (btc[t - 1] ?? pb) - 1;
        const re = pe / (eth[t - 1] ?? pe) - 1;
        fees += stepFunds(p, c, f, t, rb, re, rng);
      }
      tr.failures += failFunds(managers, f, t);
      const contribution = ((plan.inflow[0][t] ?? 0) * pb + (plan.inflow[1][t] ?? 0) * pe) * scale;
      if (contribution > 0) cash += subscribe(managers, f, t, contribution);
      let owed = 0;
      for (const r of f.recoveries) {
        if (r.day === t) cash += r.amount;
        else if (r.day > t) owed += r.amount;
      }
      let invested = 0;
      let liquid = 0;
      for (let i = 0; i < managers.length; i++) {
        const m = managers[i];
        const lock = f.locks[i];
        if (f.alive[i] === 0 || m === undefined || lock === undefined) continue;
        const units = f.units[i] ?? 0;
        const nav = f.nav[i] ?? 0;
        invested += units * nav;
        liquid += fundLiquid(lock, m, t, units) * nav;
      }
      tr.value[t] = cash + invested + owed;
      tr.liquid[t] = cash + liquid;
    }
    tr.fees += fees;
  };
}

/** A day of returns, management fee, monthly idiosyncratic shock and crystallisation; the fees. */
function stepFunds(
  p: HedgeParams,
  c: Consts,
  f: Funds,
  t: number,
  rb: number,
  re: number,
  rng: Stream,
): number {
  const statement = t % p.statementEveryDays === 0;
  const crystal = t % p.crystallizationEveryDays === 0;
  let fees = 0;
  for (let i = 0; i < f.nav.length; i++) {
    if (f.alive[i] === 0) continue;
    const u = f.units[i] ?? 0;
    let x = f.nav[i] ?? 0;
    x *= Math.max(
      0,
      1 + (c.betaBtc[i] ?? 0) * rb + (c.betaEth[i] ?? 0) * re + (c.alphaDaily[i] ?? 0),
    );
    const fee = x * (c.mgmtDaily[i] ?? 0);
    fees += fee * u;
    x -= fee;
    const sd = c.idio[i] ?? 0;
    if (statement && sd > 0) x *= Math.exp(sd * rng.normal() - 0.5 * sd * sd);
    if (crystal) {
      const cr = crystallise(x, f.hwm[i] ?? 1, c.perf[i] ?? 0);
      fees += cr.fee * u;
      x = cr.navPerUnit;
      f.hwm[i] = cr.highWaterMark;
    }
    f.nav[i] = x;
  }
  return fees;
}

/** Managers whose failure day is today: written down to the recovery, paid after the delay. */
function failFunds(managers: readonly Manager[], f: Funds, t: number): number {
  let failures = 0;
  for (let i = 0; i < managers.length; i++) {
    const m = managers[i];
    if (f.alive[i] === 0 || t !== f.failDay[i] || m === undefined) continue;
    const amount = (f.units[i] ?? 0) * (f.nav[i] ?? 0) * m.recoveryRate;
    f.recoveries.push({ day: t + m.recoveryDelayDays, amount });
    f.alive[i] = 0;
    f.units[i] = 0;
    failures++;
  }
  return failures;
}

interface Locks {
  /** Units subscribed, with the day their lock-up ends, in subscription order. */
  readonly unlocks: { day: number; units: number }[];
  unlocked: number;
  next: number;
}

/** Units convertible within 30 days: unlocked by the reachable dealing date, at most the gate. */
function fundLiquid(lock: Locks, m: Manager, t: number, units: number): number {
  const dealing = firstDealing(t, m);
  if (dealing > t + 30) return 0;
  for (let u = lock.unlocks[lock.next]; u !== undefined && u.day <= dealing;) {
    lock.unlocked += u.units;
    u = lock.unlocks[++lock.next];
  }
  return Math.min(lock.unlocked, m.gate * units);
}

/** Splits a contribution over surviving managers by weight; returns what stays in cash. */
function subscribe(managers: readonly Manager[], f: Funds, t: number, amount: number): number {
  let weight = 0;
  for (let i = 0; i < managers.length; i++)
    if (f.alive[i] === 1) weight += managers[i]?.weight ?? 0;
  if (weight <= 0) return amount;
  for (let i = 0; i < managers.length; i++) {
    const m = managers[i];
    if (m === undefined || f.alive[i] === 0) continue;
    const bought = (amount * m.weight) / weight / (f.nav[i] ?? 1);
    f.units[i] = (f.units[i] ?? 0) + bought;
    f.locks[i]?.unlocks.push({ day: t + m.lockupDays, units: bought });
  }
  return 0;
}
