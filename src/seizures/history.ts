import type { Projector, Replay, ReplayEntry } from '../audit/replay.ts';
import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';
import { LEGAL_STATUSES, type LegalStatus } from './model.ts';

/**
 * A lot's state and history rebuilt from audit entries alone. Each seizures entry carries what it
 * changed (status, remaining amount in base units, custodian), so folding a lot's entries in order
 * gives its whole story; the projector checks the live `seizure_lots` rows against the same fold.
 */
export interface LotState {
  readonly lotId: string;
  readonly asset: string;
  readonly amountUnits: string;
  readonly remainingUnits: string;
  readonly status: LegalStatus;
  readonly custodianOrganisationId: string | null;
  readonly earmarked: boolean;
}

export interface HistoryEvent {
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly summary: string;
}

type P = Readonly<Record<string, Json>>;

function str(p: P, k: string): string {
  const v = p[k];
  return typeof v === 'string' ? v : '';
}

function status(text: string): LegalStatus {
  return (LEGAL_STATUSES as readonly string[]).includes(text) ? (text as LegalStatus) : 'seized';
}

/** Applies one entry to the lots it touches; returns a one-line summary or null if not ours. */
export function applyEntry(lots: Map<string, LotState>, e: ReplayEntry): string | null {
  if (!e.action.startsWith('seizures.lot.')) return null;
  const p = e.payload as P;
  switch (e.action) {
    case 'seizures.lot.recorded': {
      const lot = p['lot'] as P;
      const s: LotState = {
        lotId: str(lot, 'id'),
        asset: str(lot, 'asset'),
        amountUnits: str(lot, 'amountUnits'),
        remainingUnits: str(lot, 'amountUnits'),
        status: status(str(lot, 'status')),
        custodianOrganisationId: (lot['custodianOrganisationId'] as string | null) ?? null,
        earmarked: false,
      };
      lots.set(s.lotId, s);
      return `recorded ${s.amountUnits} base units of ${s.asset} as ${s.status}`;
    }
    case 'seizures.lot.transitioned':
      return update(lots, str(p, 'lotId'), (s) => ({
        ...s,
        status: status(str(p, 'to')),
        remainingUnits: str(p, 'remainingUnits'),
      }))
        ? `${str(p, 'from')} -> ${str(p, 'to')}${court(p)}`
        : null;
    case 'seizures.lot.split':
      return update(lots, str(p, 'parentLotId'), (s) => ({
        ...s,
        status: 'split',
        remainingUnits: '0',
      }))
        ? `split into ${(p['parts'] as Json[]).length} parts`
        : null;
    case 'seizures.lot.paid_out':
      return update(lots, str(p, 'lotId'), (s) => ({
        ...s,
        remainingUnits: str(p, 'remainingUnits'),
      }))
        ? `restitution of ${str(p, 'amountUnits')} base units on claim ${str(p, 'claimId')}`
        : null;
    case 'seizures.lot.handed_off':
      for (const id of p['lotIds'] as string[]) {
        update(lots, id, (s) => ({ ...s, custodianOrganisationId: str(p, 'toOrganisationId') }));
      }
      return `handed off ${str(p, 'fromOrganisationId')} -> ${str(p, 'toOrganisationId')}`;
    case 'seizures.lot.earmarked':
      return update(lots, str(p, 'lotId'), (s) => ({ ...s, earmarked: true }))
        ? `earmarked for the reserve (disposal ${str(p, 'disposalId')} pending)`
        : null;
    case 'seizures.lot.disposed':
      return update(lots, str(p, 'lotId'), (s) => ({
        ...s,
        remainingUnits: str(p, 'remainingUnits'),
      }))
        ? `disposed of ${str(p, 'units')} ${str(p, 'asset')} by ${str(p, 'route')} ${str(p, 'reference')}`
        : null;
    case 'seizures.lot.disposal_committed':
    case 'seizures.lot.disposal_released':
      return lots.has(str(p, 'lotId'))
        ? `${e.action === 'seizures.lot.disposal_committed' ? 'reserved for' : 'released by'} ${str(p, 'route')} ${str(p, 'reference')}`
        : null;
    default:
      return `unknown seizures action ${e.action}`;
  }
}

function court(p: P): string {
  const ref = p['courtOrderRef'];
  return typeof ref === 'string' ? ` (court order ${ref})` : '';
}

function update(lots: Map<string, LotState>, id: string, f: (s: LotState) => LotState): boolean {
  const s = lots.get(id);
  if (s === undefined) return false;
  lots.set(id, f(s));
  return true;
}

/** Rebuilds one lot from the entries that name it, and its ancestors' (for split parts). */
export function rebuildLot(
  lotId: string,
  entries: readonly ReplayEntry[],
  ancestors: readonly string[] = [],
): { state: LotState | null; history: HistoryEvent[] } {
  const ours = new Set([lotId, ...ancestors]);
  const lots = new Map<string, LotState>();
  const history: HistoryEvent[] = [];
  for (const e of entries) {
    const summary = applyEntry(lots, e);
    if (summary === null || !e.subjects.some((s) => ours.has(s))) continue;
    history.push({
      seq: e.seq.toString(),
      at: e.recordedAt,
      actor: e.actor,
      action: e.action,
      summary,
    });
  }
  return { state: lots.get(lotId) ?? null, history };
}

class LotReplay implements Replay {
  private readonly lots = new Map<string, LotState>();

  apply(entry: ReplayEntry): void {
    applyEntry(this.lots, entry);
  }

  async compare(db: Queryable): Promise<string[]> {
    const rows = await db.query<{
      id: string;
      status: string;
      remaining_units: bigint;
      custodian_organisation_id: string | null;
    }>('SELECT id, status, remaining_units, custodian_organisation_id FROM seizure_lots');
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      seen.add(r.id);
      const s = this.lots.get(r.id);
      if (s === undefined) {
        problems.push(`lot ${r.id} has no seizures.lot.recorded entry`);
        continue;
      }
      if (s.status !== r.status) problems.push(`lot ${r.id}: status ${r.status}, log ${s.status}`);
      if (s.remainingUnits !== r.remaining_units.toString())
        problems.push(`lot ${r.id}: remaining ${r.remaining_units}, log ${s.remainingUnits}`);
      if (s.custodianOrganisationId !== r.custodian_organisation_id)
        problems.push(`lot ${r.id}: custodian differs from the log`);
    }
    for (const id of this.lots.keys())
      if (!seen.has(id)) problems.push(`lot ${id} is in the log but not in seizure_lots`);
    return problems;
  }
}

export const lotProjector: Projector = { name: 'seizures.lots', start: () => new LotReplay() };
