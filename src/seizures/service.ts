import { appendAudit } from '../audit/append.ts';
import type { Json } from '../core/canonical.ts';
import type { ReplayEntry } from '../audit/replay.ts';
import { visibleOrganisations, type Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { IntakeError } from './codes.ts';
import type { SeizuresDeps } from './deps.ts';
import { handoffCommands } from './handoff.ts';
import { signHandoffCommand } from './handoff-sign.ts';
import type { HistoryEvent, LotState } from './history.ts';
import {
  intakeInTx,
  openCaseInTx,
  validateLots,
  type CaseInput,
  type IntakeInput,
  type IntakeResult,
} from './cases.ts';
import { mayDecide } from './deciders.ts';
import { importRows, validateCsv, type ImportRow } from './import.ts';
import { checkCsv, checkIntake } from './intake-check.ts';
import type { LotText } from './intake.ts';
import { legalCommands } from './legal.ts';
import { restitutionCommands } from './restitution.ts';
import { seizuresReads } from './reads.ts';
import { lotStory, type LotNode } from './tree.ts';
import * as store from './store.ts';

/** What intake and the legal steps take, for callers that build them (the demo, the command line). */
export type { LotText } from './intake.ts';
export type { TransitionContent } from './legal.ts';

/**
 * The seizures service: enforcement operations, the exchange registry, cases, intake of seizures
 * into lots (validated, screened, and booked into per-lot custody accounts), then the legal
 * lifecycle, restitution and hand-offs (legal.ts, restitution.ts, handoff.ts). Every command is one
 * transaction with its audit entries; legal steps go through governance approval requests.
 */
export interface OperationInput {
  readonly name: string;
  readonly agencies: readonly string[];
  readonly startedOn: string;
  readonly endedOn: string | null;
  readonly summary: string;
  readonly exchangesShutDown: number | null;
  /** Whole US dollars processed by the exchanges shut down. */
  readonly volumeProcessedUsd: string | null;
  /** The statute or order the operation was carried out under; empty for older callers. */
  readonly legalBasis?: string;
  /** The illegal exchange the operation shut down, from the exchange registry; null: none. */
  readonly exchangeId?: string | null;
}

export type OperationError =
  'operation_name_taken' | 'operation_dates_invalid' | 'exchange_not_found';

/** A lot as the service returns it, for readers in other domains that must not import the store. */
export type { LotRow } from './store.ts';
export type { CaseInput, IntakeInput, IntakeResult } from './cases.ts';

export function createSeizures(d: SeizuresDeps) {
  return {
    createOperation: (actor: Actor, input: OperationInput) => createOperation(d, actor, input),
    registerExchange: (
      actor: Actor,
      input: { name: string; status: string; jurisdiction: string; operationId: string | null },
    ) => registerExchange(d, actor, input),
    openCase: (actor: Actor, input: CaseInput) => openCase(d, actor, input),
    intake: (actor: Actor, input: IntakeInput) => intake(d, actor, input),
    importRows: (actor: Actor, rows: readonly ImportRow[], onProgress: (done: number) => void) =>
      importRows(d, actor, rows, onProgress),
    checkIntake: (input: { caseId: string; lots: readonly LotText[] }) => checkIntake(d, input),
    checkCsv: (text: string) => checkCsv(d, text),
    importCsv: (actor: Actor, text: string) => importCsv(d, actor, text),
    evidenceStored: (actor: Actor, e: { sha256: string; bytes: number }) =>
      evidenceStored(d, actor, e),
    ...legalCommands(d),
    ...restitutionCommands(d),
    ...handoffCommands(d),
    signHandoff: signHandoffCommand(d),
    ...seizuresReads(d),
    lot: (id: string) => store.getLot(d.db, id),
    /** Whether the caller may record decisions on the lot (its court's registrar, or no court). */
    mayDecide: (actor: Actor, lot: store.LotRow) => mayDecide(d.db, actor, lot),
    canSeeLot: (actor: Actor, lotId: string) =>
      store.lotVisible(d.db, visibleOrganisations(actor), lotId),
    lots: (actor: Actor, f: Omit<store.LotFilter, 'organisations'>) =>
      store.listLots(d.db, { ...f, organisations: visibleOrganisations(actor) }),
    history: (lotId: string) => lotHistory(d, lotId),
    operations: () => d.db.query('SELECT * FROM seizure_operations ORDER BY started_on, id'),
    exchanges: () => d.db.query('SELECT * FROM seizure_exchanges ORDER BY name'),
    cases: (actor: Actor) => listCases(d, actor),
  };
}

export type Seizures = ReturnType<typeof createSeizures>;

function createOperation(d: SeizuresDeps, actor: Actor, o: OperationInput) {
  return d.db.command(async (tx): Promise<Result<{ id: string }, OperationError>> => {
    if (o.endedOn !== null && o.endedOn < o.startedOn) {
      return err('operation_dates_invalid', 'an operation ends on or after the day it started');
    }
    const taken = await tx.query('SELECT 1 FROM seizure_operations WHERE name = $1', [o.name]);
    if (taken.length > 0) return err('operation_name_taken', `operation ${o.name} exists`);
    const exchangeId = o.exchangeId ?? null;
    if (exchangeId !== null) {
      const x = await tx.query('SELECT 1 FROM seizure_exchanges WHERE id = $1', [exchangeId]);
      if (x.length === 0) return err('exchange_not_found', 'no exchange has this id');
    }
    const id = d.ids.next<'SeizureOperation'>();
    const legalBasis = o.legalBasis ?? '';
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.operation.created',
      subjects: exchangeId === null ? [id] : [id, exchangeId],
      payload: { id, ...o, legalBasis, exchangeId, agencies: [...o.agencies] },
    });
    await tx.query(
      `INSERT INTO seizure_operations (id, name, agencies, started_on, ended_on, summary,
         exchanges_shut_down, volume_processed_usd, organisation_id, created_at, audit_seq,
         legal_basis, exchange_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        id,
        o.name,
        o.agencies,
        o.startedOn,
        o.endedOn,
        o.summary,
        o.exchangesShutDown,
        o.volumeProcessedUsd,
        actor.organisationId,
        d.clock.now(),
        seq,
        legalBasis,
        exchangeId,
      ],
    );
    return ok({ id });
  });
}

/**
 * A CSV file checked again and imported in one transaction; a file with any bad row imports
 * nothing and answers `csv_has_errors` with every row's error, as the check did.
 */
async function importCsv(d: SeizuresDeps, actor: Actor, text: string) {
  type Refusal = IntakeError | 'csv_header_invalid' | 'csv_has_errors';
  const parsed = validateCsv(text);
  if (!parsed.ok) return parsed;
  const { rows, errors } = parsed.value;
  if (errors.length > 0) {
    return err<Refusal>('csv_has_errors', `${errors.length} rows have errors`, { errors });
  }
  if (rows.length === 0) return err<Refusal>('intake_needs_lots', 'the file has no rows');
  return importRows(d, actor, rows, () => undefined);
}

/** An evidence file stored by its hash: recorded, so the log says who brought which file when. */
function evidenceStored(d: SeizuresDeps, actor: Actor, e: { sha256: string; bytes: number }) {
  return d.db.command(async (tx): Promise<Result<{ seq: string }, never>> => {
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.evidence.stored',
      subjects: [],
      payload: { sha256: e.sha256, bytes: e.bytes },
    });
    return ok({ seq: seq.toString() });
  });
}

function registerExchange(
  d: SeizuresDeps,
  actor: Actor,
  x: { name: string; status: string; jurisdiction: string; operationId: string | null },
) {
  return d.db.command(async (tx): Promise<Result<{ id: string }, 'exchange_name_taken'>> => {
    const taken = await tx.query('SELECT 1 FROM seizure_exchanges WHERE name = $1', [x.name]);
    if (taken.length > 0) return err('exchange_name_taken', `exchange ${x.name} is registered`);
    const id = d.ids.next<'SeizureExchange'>();
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.exchange.registered',
      subjects: [id],
      payload: { id, ...x },
    });
    await tx.query(
      `INSERT INTO seizure_exchanges (id, name, status, jurisdiction, operation_id, created_at, audit_seq)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [id, x.name, x.status, x.jurisdiction, x.operationId, d.clock.now(), seq],
    );
    return ok({ id });
  });
}

function openCase(d: SeizuresDeps, actor: Actor, c: CaseInput) {
  return d.db.command((tx) => openCaseInTx(d, tx, actor, c));
}

function intake(
  d: SeizuresDeps,
  actor: Actor,
  input: IntakeInput,
): Promise<Result<IntakeResult, IntakeError>> {
  const lots = validateLots(input.lots);
  if (!lots.ok) return Promise.resolve(lots);
  return d.db.command((tx) => intakeInTx(d, tx, actor, input, lots.value));
}

/**
 * A lot's state, history and split tree from the audit log alone. The tree's root is found by
 * walking up the parent links, then the log is read lot by lot down the tree: a split entry names
 * the parts whose entries are read next.
 */
async function lotHistory(
  d: SeizuresDeps,
  lotId: string,
): Promise<{ state: LotState | null; history: HistoryEvent[]; tree: LotNode | null }> {
  let root = lotId;
  for (let lot = await store.getLot(d.db, lotId); lot?.parentLotId != null;) {
    root = lot.parentLotId;
    lot = await store.getLot(d.db, root);
  }
  const bySeq = new Map<bigint, ReplayEntry>();
  const queue = [root];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const e of await lotEntries(d, id)) {
      bySeq.set(e.seq, e);
      const p = e.payload as Record<string, Json>;
      if (e.action === 'seizures.lot.split' && p['parentLotId'] === id) {
        queue.push(...(p['parts'] as { lotId: string }[]).map((x) => x.lotId));
      }
    }
  }
  const entries = [...bySeq.values()].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return lotStory(lotId, entries);
}

async function lotEntries(d: SeizuresDeps, subject: string): Promise<ReplayEntry[]> {
  const out: ReplayEntry[] = [];
  for (let cursor: number | undefined; ;) {
    const page = await d.audit.entries({
      subject,
      action: 'seizures.lot',
      order: 'asc',
      limit: 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const e of page.entries) out.push({ ...e, seq: BigInt(e.seq) });
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

async function listCases(d: SeizuresDeps, actor: Actor) {
  const visible = visibleOrganisations(actor);
  return d.db.query(
    `SELECT id, operation_id, agency, case_number, court, court_organisation_id, party_refs,
            organisation_id, opened_at
       FROM seizure_cases
      WHERE $1::uuid[] IS NULL OR organisation_id = ANY($1) OR court_organisation_id = ANY($1)
      ORDER BY opened_at, id`,
    [visible === 'all' ? null : [...visible]],
  );
}
