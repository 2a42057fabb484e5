import type { Projector, Replay, ReplayEntry } from '../audit/replay.ts';
import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';

/**
 * Rebuilds the reserve's flows and NAV statements from the log (`reserve.flow.recorded`,
 * `reserve.nav.recorded`) and compares them with the tables: every row, its manager, day, value and
 * units. `kazna audit verify --replay` runs it with the other projectors.
 */
interface Row {
  readonly manager: string;
  readonly day: string;
  readonly value: string;
  readonly units: string;
}

function text(p: Json, k: string): string {
  const v =
    p !== null && typeof p === 'object' && !Array.isArray(p)
      ? (p as Readonly<Record<string, Json>>)[k]
      : null;
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
}

class ReserveReplay implements Replay {
  readonly flows = new Map<string, Row>();
  readonly navs = new Map<string, Row>();

  apply(e: ReplayEntry): void {
    const p = e.payload;
    const row = (value: string, units: string): Row => ({
      manager: text(p, 'managerId'),
      day: text(p, 'day'),
      value,
      units,
    });
    if (e.action === 'reserve.flow.recorded')
      this.flows.set(text(p, 'id'), row(text(p, 'value'), text(p, 'units')));
    if (e.action === 'reserve.nav.recorded')
      this.navs.set(text(p, 'id'), row(text(p, 'nav'), text(p, 'units')));
  }

  async compare(db: Queryable): Promise<string[]> {
    const flows = await db.query<{ id: string; m: string; d: string; v: string; u: string }>(
      `SELECT id, manager_id AS m, day::text AS d, value::text AS v, units::text AS u
         FROM reserve_flows`,
    );
    const navs = await db.query<{ id: string; m: string; d: string; v: string; u: string }>(
      `SELECT id, manager_id AS m, day::text AS d, nav::text AS v, COALESCE(units::text, '') AS u
         FROM reserve_nav_statements`,
    );
    return [...diff('flow', this.flows, flows), ...diff('NAV statement', this.navs, navs)];
  }
}

function diff(
  what: string,
  replayed: ReadonlyMap<string, Row>,
  live: readonly { id: string; m: string; d: string; v: string; u: string }[],
): string[] {
  const out: string[] = [];
  for (const r of live) {
    const x = replayed.get(r.id);
    if (x === undefined) out.push(`reserve ${what} ${r.id} is in the table but not in the log`);
    else if (x.manager !== r.m || x.day !== r.d || x.value !== r.v || x.units !== r.u)
      out.push(`reserve ${what} ${r.id} differs from its log entry`);
  }
  if (replayed.size !== live.length)
    out.push(`reserve ${what}s: ${replayed.size} in the log, ${live.length} in the table`);
  return out;
}

export const reserveProjector: Projector = {
  name: 'reserve.flows',
  start: () => new ReserveReplay(),
};
