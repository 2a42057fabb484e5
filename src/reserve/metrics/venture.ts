import { err, ok, type Result } from '../../core/result.ts';
import { type XirrError, xirr } from './returns.ts';

/**
 * Venture-fund (limited partner) metrics as of a day, from the commitment, capital calls,
 * distributions and NAVs. Conventions:
 * - A call is *called* from its notice day (it reduces the unfunded commitment) and *paid in* from
 *   its due day (it enters paid-in capital and the IRR on that day).
 * - A distribution in kind counts at the value the manager stated on the distribution day.
 * - Residual value is the latest NAV on or before the day; it enters the IRR as a final inflow on
 *   the NAV's own day (or the as-of day if later calls or distributions followed it).
 * - Multiples are ratios (floats) and are null before any capital is paid in.
 */
export interface CapitalCall {
  readonly noticeDay: string;
  readonly dueDay: string;
  /** Cents. */
  readonly amount: bigint;
}

export interface Distribution {
  readonly day: string;
  readonly kind: 'cash' | 'in_kind';
  /** Cents: the cash, or the stated value of what was distributed in kind. */
  readonly amount: bigint;
}

export interface VentureInput {
  readonly commitment: bigint;
  readonly calls: readonly CapitalCall[];
  readonly distributions: readonly Distribution[];
  readonly navs: readonly { readonly day: string; readonly value: bigint }[];
}

export interface VentureMetrics {
  readonly asOf: string;
  readonly called: bigint;
  readonly paidIn: bigint;
  readonly distributed: bigint;
  readonly residual: bigint;
  /** Day of the NAV behind `residual`; null when there is none yet. */
  readonly residualDay: string | null;
  readonly unfunded: bigint;
  readonly tvpi: number | null;
  readonly dpi: number | null;
  readonly rvpi: number | null;
  /** IRR (XIRR) of the paid-in calls, distributions and residual; null with its reason otherwise. */
  readonly irr: number | null;
  readonly irrError: XirrError | null;
}

export type VentureError = 'calls_exceed_commitment';

/** Errors: calls_exceed_commitment (calls noticed by the day add up to more than the commitment). */
export function ventureMetrics(
  input: VentureInput,
  asOf: string,
): Result<VentureMetrics, VentureError> {
  const sum = (xs: readonly { amount: bigint }[]): bigint => xs.reduce((s, x) => s + x.amount, 0n);
  const called = sum(input.calls.filter((c) => c.noticeDay <= asOf));
  if (called > input.commitment) {
    return err(
      'calls_exceed_commitment',
      `calls of ${called} on a commitment of ${input.commitment}`,
      {
        called: called.toString(),
        commitment: input.commitment.toString(),
      },
    );
  }
  const paid = input.calls.filter((c) => c.dueDay <= asOf);
  const dists = input.distributions.filter((d) => d.day <= asOf);
  const nav = latestNav(input.navs, asOf);
  const paidIn = sum(paid);
  const distributed = sum(dists);
  const residual = nav?.value ?? 0n;
  const ratio = (x: bigint): number | null => (paidIn === 0n ? null : Number(x) / Number(paidIn));
  const irr = xirr(irrFlows(paid, dists, nav, asOf));
  return ok({
    asOf,
    called,
    paidIn,
    distributed,
    residual,
    residualDay: nav?.day ?? null,
    unfunded: input.commitment - called,
    tvpi: ratio(distributed + residual),
    dpi: ratio(distributed),
    rvpi: ratio(residual),
    irr: irr.ok ? irr.value : null,
    irrError: irr.ok ? null : irr.code,
  });
}

function latestNav(
  navs: VentureInput['navs'],
  asOf: string,
): { readonly day: string; readonly value: bigint } | null {
  return navs.reduce<VentureInput['navs'][number] | null>(
    (best, n) => (n.day <= asOf && (best === null || n.day > best.day) ? n : best),
    null,
  );
}

/** The dated flows of the IRR: calls out on their due day, distributions in, the residual last. */
export function irrFlows(
  paid: readonly CapitalCall[],
  dists: readonly Distribution[],
  nav: { readonly day: string; readonly value: bigint } | null,
  asOf: string,
): { day: string; amount: bigint }[] {
  const flows = [
    ...paid.map((c) => ({ day: c.dueDay, amount: -c.amount })),
    ...dists.map((d) => ({ day: d.day, amount: d.amount })),
  ];
  if (nav !== null && nav.value > 0n) {
    const lastFlow = flows.reduce((m, f) => (f.day > m ? f.day : m), nav.day);
    flows.push({ day: lastFlow > nav.day ? asOf : nav.day, amount: nav.value });
  }
  return flows.sort((a, b) => a.day.localeCompare(b.day));
}
