import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { pricesSchema, SIM_ASSETS, type Inflow, type SimAsset } from './model.ts';

/**
 * Where a scenario's inflows come from. By default the scenario lists them; with
 * `inflow: 'forfeited_lots'` they are the lots the seizures domain holds as forfeited today (what
 * remains of each, after splits and disposals), each arriving on the first simulated day: the
 * state's actual starting position. Lots in assets the simulator does not model are left out and
 * counted. The resolved inflows replace the option before validation, so a run's parameters, and
 * its hash, carry the figures it used, and a rerun with them needs no access to the lots.
 */
export interface ForfeitedLot {
  readonly asset: string;
  /** What remains of the lot, in base units. */
  readonly remainingUnits: bigint;
}

export type ForfeitedLotsSource = () => Promise<readonly ForfeitedLot[]>;

export interface InflowSource {
  readonly kind: 'forfeited_lots';
  /** Lots used and their total quantity, per simulated asset. */
  readonly used: Readonly<Partial<Record<SimAsset, { lots: number; quantity: string }>>>;
  /** Lots left out because the simulator has no price model for their asset, per asset. */
  readonly skipped: Readonly<Record<string, number>>;
}

export type InflowError = 'no_forfeited_lots' | 'scenario_invalid';

function isSimAsset(a: string): a is SimAsset {
  return (SIM_ASSETS as readonly string[]).includes(a);
}

/** The scenario with its inflows resolved, and where they came from (null: as given). */
export async function resolveInflows(
  input: unknown,
  lots: ForfeitedLotsSource | undefined,
): Promise<Result<{ scenario: unknown; source: InflowSource | null }, InflowError>> {
  if (input === null || typeof input !== 'object' || !('inflow' in input)) {
    return ok({ scenario: input, source: null });
  }
  const { inflow, ...rest } = input as Record<string, unknown>;
  if (inflow === 'scenario') return ok({ scenario: rest, source: null });
  if (inflow !== 'forfeited_lots' || lots === undefined) {
    return err('scenario_invalid', "inflow is 'scenario' or 'forfeited_lots'", {
      inflow: String(inflow),
    });
  }
  const prices = pricesSchema.safeParse(rest['prices']);
  if (!prices.success) return err('scenario_invalid', 'prices: not a price source');
  const day = prices.data.kind === 'historical' ? prices.data.from : prices.data.start;
  const inflows: Inflow[] = [];
  const totals = new Map<SimAsset, { lots: number; units: bigint }>();
  const skipped: Record<string, number> = {};
  for (const lot of await lots()) {
    if (lot.remainingUnits <= 0n) continue;
    if (!isSimAsset(lot.asset)) {
      skipped[lot.asset] = (skipped[lot.asset] ?? 0) + 1;
      continue;
    }
    inflows.push({
      date: day,
      asset: lot.asset,
      quantity: formatAmount(lot.remainingUnits, lot.asset),
    });
    const t = totals.get(lot.asset) ?? { lots: 0, units: 0n };
    totals.set(lot.asset, { lots: t.lots + 1, units: t.units + lot.remainingUnits });
  }
  if (inflows.length === 0) {
    return err('no_forfeited_lots', 'no forfeited BTC or ETH lot is held', { skipped });
  }
  const used = Object.fromEntries(
    [...totals].map(([a, t]) => [a, { lots: t.lots, quantity: formatAmount(t.units, a) }]),
  );
  return ok({ scenario: { ...rest, inflows }, source: { kind: 'forfeited_lots', used, skipped } });
}
