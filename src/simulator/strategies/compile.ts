import { unreachable } from '../../core/assert.ts';
import type { LeafStrategy, Strategy } from '../model.ts';
import { newTrace, type Plan, type Runner } from './common.ts';
import { auctionRunner, otcRunner, quietRunner } from './disposal.ts';
import { hedgeRunner } from './hedge.ts';
import { directRunner, listedRunner } from './holding.ts';
import { ventureRunner } from './venture.ts';

/** Turns a validated strategy into its per-path runner; `scale` is its share of every inflow. */
export function compileLeaf(s: LeafStrategy, plan: Plan, scale: number): Runner {
  switch (s.kind) {
    case 'auction':
      return auctionRunner(s, plan, scale);
    case 'otc':
      return otcRunner(s, plan, scale);
    case 'quiet':
      return quietRunner(s, plan, scale);
    case 'direct':
      return directRunner(s, plan, scale);
    case 'hedge_funds':
      return hedgeRunner(s, plan, scale);
    case 'venture_funds':
      return ventureRunner(s, plan, scale);
    case 'etf_equities':
      return listedRunner(s, plan, scale);
    default:
      return unreachable(s, 'unknown strategy kind');
  }
}

/**
 * A mix ("30% OTC, 70% indirect") splits every inflow by weight and adds the parts' values. The
 * parts share the path's prices and the mix's random stream, drawn in component order.
 */
export function compile(s: Strategy, plan: Plan): Runner {
  if (s.kind !== 'mix') return compileLeaf(s, plan, 1);
  const parts = s.components.map((c) => compileLeaf(c.strategy, plan, c.weight));
  const scratch = newTrace(plan.days);
  return (prices, rng, tr) => {
    tr.value.fill(0);
    tr.liquid.fill(0);
    for (const part of parts) {
      scratch.fees = 0;
      scratch.failures = 0;
      part(prices, rng, scratch);
      for (let t = 0; t <= plan.days; t++) {
        tr.value[t] = (tr.value[t] ?? 0) + (scratch.value[t] ?? 0);
        tr.liquid[t] = (tr.liquid[t] ?? 0) + (scratch.liquid[t] ?? 0);
      }
      tr.fees += scratch.fees;
      tr.failures += scratch.failures;
    }
  };
}
