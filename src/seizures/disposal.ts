import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import type { AccountId } from '../ledger/model.ts';
import type { TransferCommandError } from '../ledger/service.ts';
import { purposeAccount, type SeizuresDeps } from './deps.ts';
import * as store from './store.ts';

/**
 * The hand-over from seizures to the reserve. A forfeited lot that was earmarked (a pending row in
 * `seizure_disposals`) is disposed of by the reserve in one of three ways: an in-kind contribution to
 * a manager, a sealed-bid auction, or OTC tranches. Those commands run in the reserve's own
 * transactions and call the functions below inside them, so the legal checks, the lot's custody
 * movement, its audit entry and the reserve's own effect commit together or not at all.
 *
 * Progress is append-only (`seizure_disposal_events`): `committed` reserves the lot for one disposal,
 * `taken` moves units out of custody (the whole lot or a tranche), `released` frees a commitment.
 * The lot keeps its legal status (`forfeited`); only its remaining units fall.
 */
export const DISPOSAL_ROUTES = ['in_kind', 'auction', 'otc'] as const;
export type DisposalRoute = (typeof DISPOSAL_ROUTES)[number];

/** What the functions here need: any service holding the ledger, the clock and ids can call them. */
export type DisposalDeps = Pick<SeizuresDeps, 'clock' | 'ids' | 'ledger'>;

export type DisposalError =
  | 'lot_not_found'
  | 'lot_not_forfeited'
  | 'lot_not_earmarked'
  | 'lot_already_disposed'
  | 'lot_committed_elsewhere'
  | 'disposal_exceeds_remaining'
  | 'disposal_units_not_positive'
  | 'disposal_step_repeated'
  | 'commitment_not_found';

/** A lot as a disposal sees it: what it holds now and which disposal, if any, has reserved it. */
export interface DisposableLot {
  readonly lot: store.LotRow;
  readonly disposalId: string;
  readonly custodyAccountId: AccountId;
  readonly remainingUnits: bigint;
  /** The disposal holding the lot (`route` and `reference`), or null when it is free. */
  readonly commitment: { readonly route: DisposalRoute; readonly reference: string } | null;
}

/**
 * Checks a lot can be disposed of, without writing: it exists, is forfeited, is earmarked for the
 * reserve and still holds units. `lock` takes the lot's row for the rest of the transaction.
 */
export async function disposableLot(
  q: Queryable,
  lotId: string,
  lock = false,
): Promise<Result<DisposableLot, DisposalError>> {
  const lot = await store.getLot(q, lotId, lock);
  if (lot === null) return err('lot_not_found', `no lot ${lotId}`);
  if (lot.status !== 'forfeited') {
    return err('lot_not_forfeited', 'only a forfeited lot can be disposed of', {
      lotId,
      status: lot.status,
    });
  }
  const [d] = await q.query<{ id: string }>('SELECT id FROM seizure_disposals WHERE lot_id = $1', [
    lotId,
  ]);
  if (d === undefined) {
    return err('lot_not_earmarked', 'the lot is forfeited but not earmarked for the reserve', {
      lotId,
    });
  }
  if (lot.remainingUnits === 0n) {
    return err('lot_already_disposed', 'the lot holds nothing more to dispose of', { lotId });
  }
  return ok({
    lot,
    disposalId: d.id,
    custodyAccountId: lot.accountId as AccountId,
    remainingUnits: lot.remainingUnits,
    commitment: await activeCommitment(q, lotId),
  });
}

/**
 * Every lot the reserve may still dispose of (forfeited, earmarked, holding units), oldest first,
 * with its case number: people pick a lot by its case, not by an id.
 */
export async function disposableLots(
  q: Queryable,
): Promise<(DisposableLot & { readonly caseNumber: string })[]> {
  const earmarked = await q.query<{ lot_id: string; case_number: string | null }>(
    `SELECT d.lot_id, c.case_number FROM seizure_disposals d
       JOIN seizure_lots l ON l.id = d.lot_id LEFT JOIN seizure_cases c ON c.id = l.case_id
      ORDER BY d.audit_seq, d.lot_id`,
  );
  const out: (DisposableLot & { readonly caseNumber: string })[] = [];
  for (const { lot_id, case_number } of earmarked) {
    const r = await disposableLot(q, lot_id);
    if (r.ok) out.push({ ...r.value, caseNumber: case_number ?? '' });
  }
  return out;
}

async function activeCommitment(q: Queryable, lotId: string): Promise<DisposableLot['commitment']> {
  const rows = await q.query<{ kind: string; route: DisposalRoute; reference: string }>(
    `SELECT kind, route, reference FROM seizure_disposal_events
      WHERE lot_id = $1 AND kind IN ('committed', 'released') ORDER BY audit_seq DESC, id LIMIT 1`,
    [lotId],
  );
  const last = rows[0];
  return last?.kind === 'committed' ? { route: last.route, reference: last.reference } : null;
}

export interface CommitInput {
  readonly lotId: string;
  readonly route: DisposalRoute;
  /** The disposal reserving the lot: an auction id, an OTC plan id, a subscription id. */
  readonly reference: string;
}

/**
 * Reserves a disposable lot for one disposal inside the caller's transaction, so that an auction
 * and an OTC plan cannot both sell it. Committing again under the same reference is a no-op.
 */
export async function commitLotForDisposalInTx(
  tx: Tx,
  d: DisposalDeps,
  actor: Actor,
  c: CommitInput,
): Promise<Result<DisposableLot, DisposalError>> {
  const found = await disposableLot(tx, c.lotId, true);
  if (!found.ok) return found;
  const held = found.value.commitment;
  if (held !== null && held.reference === c.reference) return found;
  if (held !== null) return committedElsewhere(c.lotId, held);
  await recordEvent(tx, d, actor, found.value, {
    kind: 'committed',
    route: c.route,
    reference: c.reference,
    step: '',
    units: 0n,
    remainingUnits: found.value.remainingUnits,
    transferId: null,
  });
  return ok({ ...found.value, commitment: { route: c.route, reference: c.reference } });
}

/** Frees a lot reserved by `reference` (an auction closed without an award, a plan cancelled). */
export async function releaseLotCommitmentInTx(
  tx: Tx,
  d: DisposalDeps,
  actor: Actor,
  c: CommitInput,
): Promise<Result<null, DisposalError>> {
  const found = await disposableLot(tx, c.lotId, true);
  if (!found.ok) return found;
  if (found.value.commitment?.reference !== c.reference) {
    return err('commitment_not_found', 'the lot is not reserved by this disposal', {
      lotId: c.lotId,
      reference: c.reference,
    });
  }
  await recordEvent(tx, d, actor, found.value, {
    ...c,
    kind: 'released',
    step: '',
    units: 0n,
    remainingUnits: found.value.remainingUnits,
    transferId: null,
  });
  return ok(null);
}

function committedElsewhere(lotId: string, held: NonNullable<DisposableLot['commitment']>) {
  return err('lot_committed_elsewhere', 'another disposal has reserved this lot', {
    lotId,
    route: held.route,
    reference: held.reference,
  });
}

export interface TakeInput extends CommitInput {
  /** Distinguishes takes within one disposal (an OTC tranche number); omitted for a single take. */
  readonly step?: string;
  /** Base units to take; omitted: everything the lot still holds. */
  readonly units?: bigint;
  /**
   * Where the units go in the ledger. `sold`: the seizures `sold` sink (crypto delivered to a
   * buyer); an account id: the caller's own account (a manager's account for an in-kind
   * contribution); `none`: the caller books the movement out of `custodyAccountId` itself, in this
   * same transaction.
   */
  readonly destination: 'sold' | 'none' | { readonly accountId: AccountId };
}

/** A take's refusals: the lot's, or the transaction policy's of the movement out of custody. */
export type TakeError = DisposalError | TransferCommandError;

export interface TakeOutcome {
  readonly lot: store.LotRow;
  readonly disposalId: string;
  readonly custodyAccountId: AccountId;
  readonly units: bigint;
  readonly remainingUnits: bigint;
  readonly eventId: string;
  /** The ledger transfer out of custody; null with `destination: 'none'`. */
  readonly transferId: string | null;
}

/**
 * Takes a forfeited, earmarked lot (or part of it: a tranche) for disposal inside the caller's
 * transaction: checks it, refuses a lot another disposal has reserved, records the take with what
 * remains, lowers the lot's remaining units, moves the units out of custody (see `destination`) and
 * appends the `seizures.lot.disposed` entry. Errors: see `DisposalError`.
 */
export async function takeLotForDisposalInTx(
  tx: Tx,
  d: DisposalDeps,
  actor: Actor,
  t: TakeInput,
): Promise<Result<TakeOutcome, TakeError>> {
  const found = await disposableLot(tx, t.lotId, true);
  if (!found.ok) return found;
  const f = found.value;
  if (f.commitment !== null && f.commitment.reference !== t.reference) {
    return committedElsewhere(t.lotId, f.commitment);
  }
  const units = t.units ?? f.remainingUnits;
  if (units <= 0n) return err('disposal_units_not_positive', 'a take moves at least one unit');
  if (units > f.remainingUnits) {
    return err('disposal_exceeds_remaining', 'the lot holds less than this take', {
      lotId: t.lotId,
      remainingUnits: f.remainingUnits.toString(),
      units: units.toString(),
    });
  }
  const step = t.step ?? '';
  const repeated = await tx.query(
    `SELECT 1 FROM seizure_disposal_events
      WHERE lot_id = $1 AND reference = $2 AND step = $3 AND kind = 'taken'`,
    [t.lotId, t.reference, step],
  );
  if (repeated.length > 0) {
    return err('disposal_step_repeated', 'this step of this disposal already took its units', {
      lotId: t.lotId,
      reference: t.reference,
      step,
    });
  }
  const remainingUnits = f.remainingUnits - units;
  const moved = await moveOut(tx, d, actor, f.lot, t, units);
  if (!moved.ok) return moved;
  const transferId = moved.value;
  const eventId = await recordEvent(tx, d, actor, f, {
    kind: 'taken',
    route: t.route,
    reference: t.reference,
    step,
    units,
    remainingUnits,
    transferId,
  });
  await store.setLotState(tx, f.lot.id, { remainingUnits });
  return ok({ ...f, units, remainingUnits, eventId, transferId });
}

async function moveOut(
  tx: Tx,
  d: DisposalDeps,
  actor: Actor,
  lot: store.LotRow,
  t: TakeInput,
  units: bigint,
): Promise<Result<string | null, TransferCommandError>> {
  if (t.destination === 'none') return ok(null);
  const to =
    t.destination === 'sold'
      ? await purposeAccount(d, tx, 'sold', lot.asset)
      : t.destination.accountId;
  return d.ledger.postInTx(tx, actor.id, {
    asset: lot.asset,
    debitAccountId: to,
    creditAccountId: lot.accountId as AccountId,
    amount: units,
    code: `seizures.disposal.${t.route}`,
    reason: `lot ${lot.id} disposed of by ${t.route} ${t.reference}`.slice(0, 500),
    refs: { caseId: lot.caseId, lotId: lot.id },
  });
}

interface EventRow {
  readonly kind: 'committed' | 'taken' | 'released';
  readonly route: DisposalRoute;
  readonly reference: string;
  readonly step: string;
  readonly units: bigint;
  readonly remainingUnits: bigint;
  readonly transferId: string | null;
}

const ACTIONS = {
  committed: 'seizures.lot.disposal_committed',
  taken: 'seizures.lot.disposed',
  released: 'seizures.lot.disposal_released',
} as const;

async function recordEvent(
  tx: Tx,
  d: DisposalDeps,
  actor: Actor,
  f: DisposableLot,
  e: EventRow,
): Promise<string> {
  const id = d.ids.next<'SeizureDisposalEvent'>();
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: ACTIONS[e.kind],
    subjects: [f.lot.id, f.disposalId, id],
    payload: {
      eventId: id,
      lotId: f.lot.id,
      disposalId: f.disposalId,
      route: e.route,
      reference: e.reference,
      step: e.step,
      asset: f.lot.asset,
      units: formatAmount(e.units, f.lot.asset),
      unitsBase: e.units.toString(),
      // Named like the other lot entries so the `seizures.lots` projector folds it.
      remainingUnits: e.remainingUnits.toString(),
      transferId: e.transferId,
    },
  });
  await tx.query(
    `INSERT INTO seizure_disposal_events (id, disposal_id, lot_id, kind, route, reference, step,
       units, remaining_units, transfer_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [
      id,
      f.disposalId,
      f.lot.id,
      e.kind,
      e.route,
      e.reference,
      e.step,
      e.units,
      e.remainingUnits,
      e.transferId,
      actor.id,
      d.clock.now(),
      seq,
    ],
  );
  return id;
}

export interface DisposalEvent {
  readonly id: string;
  readonly kind: 'committed' | 'taken' | 'released';
  readonly route: DisposalRoute;
  readonly reference: string;
  readonly step: string;
  readonly units: bigint;
  readonly remainingUnits: bigint;
  readonly transferId: string | null;
  readonly actor: string;
  readonly at: Date;
}

/** A lot's disposal progress, oldest first. */
export async function disposalEvents(q: Queryable, lotId: string): Promise<DisposalEvent[]> {
  const rows = await q.query<{
    id: string;
    kind: DisposalEvent['kind'];
    route: DisposalRoute;
    reference: string;
    step: string;
    units: bigint;
    remaining_units: bigint;
    transfer_id: string | null;
    actor: string;
    at: Date;
  }>(
    `SELECT id, kind, route, reference, step, units, remaining_units, transfer_id, actor, at
       FROM seizure_disposal_events WHERE lot_id = $1 ORDER BY audit_seq, id`,
    [lotId],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    route: r.route,
    reference: r.reference,
    step: r.step,
    units: r.units,
    remainingUnits: r.remaining_units,
    transferId: r.transfer_id,
    actor: r.actor,
    at: r.at,
  }));
}
