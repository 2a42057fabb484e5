import { z } from 'zod';
import type { VarFigure } from './var.ts';

/**
 * Risk limits, each a fraction of the reserve's total value in basis points, and the pure check
 * that turns measured figures into breaches. The service records each breach as an alert in the
 * audit log.
 */
export const limitSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('var'),
    method: z.enum(['historical', 'parametric', 'monte_carlo']),
    confidence: z.union([z.literal(0.95), z.literal(0.99)]),
    horizonDays: z.union([z.literal(1), z.literal(10)]),
    maxBps: z.int().min(0).max(10_000),
  }),
  /** Look-through crypto exposure (crypto, stablecoins, and the unexplained part of funds). */
  z.strictObject({ kind: z.literal('crypto_cap'), maxBps: z.int().min(0).max(10_000) }),
  /** Value with any one manager. */
  z.strictObject({ kind: z.literal('manager_concentration'), maxBps: z.int().min(0).max(10_000) }),
  /** Cash obtainable within `days` on the liquidity ladder. */
  z.strictObject({
    kind: z.literal('liquidity_min'),
    days: z.union([z.literal(1), z.literal(7), z.literal(30), z.literal(90), z.literal(365)]),
    minBps: z.int().min(0).max(10_000),
  }),
]);
export type Limit = z.infer<typeof limitSchema>;

export interface LimitFacts {
  /** Total value, reporting currency (float; ratios only). */
  readonly total: number;
  readonly var: readonly VarFigure[];
  readonly cryptoExposure: number;
  readonly managers: Readonly<Record<string, number>>;
  readonly ladder: readonly { readonly days: number; readonly cumulative: number }[];
}

export interface Breach {
  readonly limitId: string;
  readonly kind: Limit['kind'];
  readonly subject: string;
  readonly measuredBps: number;
  readonly thresholdBps: number;
  readonly message: string;
}

export function evaluateLimits(
  limits: readonly { readonly id: string; readonly limit: Limit }[],
  facts: LimitFacts,
): Breach[] {
  if (facts.total <= 0) return [];
  const bps = (x: number): number => Math.round((x / facts.total) * 10_000);
  const breaches: Breach[] = [];
  for (const { id, limit } of limits) {
    const over = (subject: string, measured: number, threshold: number, what: string): void => {
      breaches.push({
        limitId: id,
        kind: limit.kind,
        subject,
        measuredBps: measured,
        thresholdBps: threshold,
        message: what,
      });
    };
    switch (limit.kind) {
      case 'var': {
        const f = facts.var.find(
          (v) =>
            v.method === limit.method &&
            v.confidence === limit.confidence &&
            v.horizonDays === limit.horizonDays,
        );
        const m = f === undefined ? 0 : bps(f.var);
        const subject = `${limit.method} VaR${limit.confidence * 100} ${limit.horizonDays}d`;
        if (m > limit.maxBps)
          over(subject, m, limit.maxBps, `${subject} is ${m} bps of value, above ${limit.maxBps}`);
        break;
      }
      case 'crypto_cap': {
        const m = bps(facts.cryptoExposure);
        if (m > limit.maxBps)
          over(
            'crypto',
            m,
            limit.maxBps,
            `crypto exposure is ${m} bps, above the cap ${limit.maxBps}`,
          );
        break;
      }
      case 'manager_concentration':
        for (const [manager, value] of Object.entries(facts.managers)) {
          const m = bps(value);
          if (m > limit.maxBps)
            over(
              manager,
              m,
              limit.maxBps,
              `manager ${manager} holds ${m} bps, above ${limit.maxBps}`,
            );
        }
        break;
      case 'liquidity_min': {
        const rung = facts.ladder.find((r) => r.days === limit.days);
        const m = rung === undefined ? 0 : bps(rung.cumulative);
        const subject = `liquid within ${limit.days}d`;
        if (m < limit.minBps)
          over(subject, m, limit.minBps, `${subject} is ${m} bps, below ${limit.minBps}`);
        break;
      }
    }
  }
  return breaches;
}
