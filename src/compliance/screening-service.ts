import { appendAudit } from '../audit/append.ts';
import { canonicalize } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { sha256Hex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { Db, Tx } from '../db/pool.ts';
import { screeningKey } from './model.ts';
import { classifyAddress, nameConfidence, NAME_THRESHOLD, type ScreenRow } from './screening.ts';
import * as store from './store.ts';
import * as hits from './screening-store.ts';

/**
 * Screening any time (the compliance workbench): one run screens a list of addresses against the
 * current sanctions list version and the registry's labels, or a name against the registry's
 * exchange names, in one transaction with one audit entry; every hit joins the queue.
 */
interface ComplianceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export type ScreeningInput =
  | { readonly kind: 'addresses'; readonly rows: readonly ScreenRow[] }
  | { readonly kind: 'name'; readonly name: string };

export interface InvalidRow {
  readonly row: number;
  readonly input: string;
  readonly code: string;
}

export interface RunReport {
  readonly runId: string;
  readonly kind: 'addresses' | 'name';
  readonly listVersion: bigint | null;
  readonly screened: number;
  readonly invalid: readonly InvalidRow[];
  readonly hits: readonly hits.Hit[];
}

/**
 * - `sanctions_list_missing`: addresses are screened against a list; none is imported.
 * - `nothing_to_screen`: no address rows (or an empty name).
 * - `too_many_addresses`: more than 1000 rows.
 */
export type RunError = 'sanctions_list_missing' | 'nothing_to_screen' | 'too_many_addresses';

/**
 * - `reason_required`: every decision states why.
 * - `hit_not_found`, `hit_already_decided`.
 * - `clearance_pending`: a clearance waits for a second officer; it cannot be confirmed meanwhile.
 * - `second_officer_required`: the clearance was requested; a second officer completes it.
 * - `no_pending_clearance`: nothing to complete.
 * - `same_officer`: the officer who requested the clearance cannot complete it.
 */
export type HitError =
  | 'reason_required'
  | 'hit_not_found'
  | 'hit_already_decided'
  | 'clearance_pending'
  | 'second_officer_required'
  | 'no_pending_clearance'
  | 'same_officer';

export function createScreening(deps: ComplianceDeps) {
  return {
    run: (actor: Actor, input: ScreeningInput) =>
      deps.db.command((tx) => runScreening(deps, tx, actor, input)),
    hits: (f: { status?: hits.HitStatus; after?: bigint; limit: number }) =>
      hits.listHits(deps.db, f),
    confirm: (actor: Actor, id: string, reason: string) =>
      decide(deps, actor, id, reason, 'confirm'),
    clear: (actor: Actor, id: string, reason: string) => decide(deps, actor, id, reason, 'clear'),
    clearSecond: (actor: Actor, id: string, reason: string) =>
      decide(deps, actor, id, reason, 'second'),
  };
}

export type Screening = ReturnType<typeof createScreening>;

async function runScreening(
  deps: ComplianceDeps,
  tx: Tx,
  actor: Actor,
  input: ScreeningInput,
): Promise<Result<RunReport, RunError>> {
  const found =
    input.kind === 'name' ? await screenName(tx, input.name) : await screenRows(tx, input.rows);
  if (!found.ok) return found;
  const { listVersion, invalid, drafts, screened } = found.value;
  const runId = deps.ids.next<'screening_run'>();
  const withIds = drafts.map((d) => ({ ...d, id: deps.ids.next<'compliance_hit'>() }));
  const at = deps.clock.now().toISOString();
  const inputSha256 = sha256Hex(
    canonicalize(input.kind === 'name' ? input : { ...input, rows: [...input.rows] }),
  );
  const audit = await appendAudit(tx, deps.clock, {
    actor,
    action: 'compliance.screening.run',
    subjects: [runId],
    payload: {
      runId,
      kind: input.kind,
      inputSha256,
      listVersion: listVersion?.toString() ?? null,
      screened,
      invalid: invalid.map((i) => [i.row, i.code]),
      hits: withIds.map((h) => [h.id, h.row, h.source, h.entryRef, h.confidence.toString()]),
    },
  });
  const run = {
    id: runId,
    kind: input.kind,
    inputSha256,
    listVersion,
    screened,
    invalid: invalid.length,
    at,
    by: actor.id,
  };
  await hits.insertRun(tx, run, withIds, audit.seq);
  const report = withIds.map((h) => ({
    ...h,
    seq: 0n,
    runId,
    status: 'open' as const,
    raisedAt: at,
    pendingClearance: null,
    decision: null,
  }));
  return ok({ runId, kind: input.kind, listVersion, screened, invalid, hits: report });
}

type Draft = Omit<hits.HitDraft, 'id'>;
interface Found {
  listVersion: bigint | null;
  screened: number;
  invalid: InvalidRow[];
  drafts: Draft[];
}

async function screenRows(tx: Tx, rows: readonly ScreenRow[]): Promise<Result<Found, RunError>> {
  if (rows.length === 0) return err('nothing_to_screen', 'give at least one address');
  if (rows.length > 1000) return err('too_many_addresses', 'at most 1000 addresses per run');
  const snapshot = await store.currentSnapshot(tx);
  if (snapshot === null) {
    return err('sanctions_list_missing', 'no sanctions list is imported; screening fails closed');
  }
  const invalid: InvalidRow[] = [];
  const valid: { row: number; address: string; key: string }[] = [];
  for (const r of rows) {
    const c = classifyAddress(r.address);
    if (c.ok) valid.push({ row: r.row, address: c.normalized, key: screeningKey(c.normalized) });
    else invalid.push({ row: r.row, input: r.address.slice(0, 200), code: c.code });
  }
  const keys = valid.map((v) => v.key);
  const listed = await store.findListed(tx, snapshot.version, keys);
  const labels = await hits.labelsAmong(tx, keys);
  const list = `sanctions list v${snapshot.version}: ${snapshot.fileName}`;
  const drafts: Draft[] = [];
  for (const v of valid) {
    for (const l of listed.filter((x) => x.addressKey === v.key)) {
      drafts.push({
        row: v.row,
        subject: v.address,
        source: 'sanctions_list',
        listVersion: snapshot.version,
        confidence: 1,
        matched: l.address,
        provenance: list,
        entryRef: `${l.asset}:${l.address}${l.partyRef === null ? '' : ` (${l.partyRef})`}`,
        sanctioned: true,
      });
    }
    for (const l of labels.filter((x) => x.addressKey === v.key)) {
      drafts.push({
        row: v.row,
        subject: v.address,
        source: 'registry',
        listVersion: null,
        confidence: 1,
        matched: l.exchange === null ? l.label : `${l.exchange} (${l.status ?? ''}): ${l.label}`,
        provenance: `${l.provenance}: ${l.source}`,
        entryRef: l.id,
        sanctioned: false,
      });
    }
  }
  return ok({ listVersion: snapshot.version, screened: valid.length, invalid, drafts });
}

/** The list keeps no names, so a name is screened against the registry's exchange names. */
async function screenName(tx: Tx, name: string): Promise<Result<Found, RunError>> {
  if (name.trim() === '') return err('nothing_to_screen', 'give a name');
  const drafts: Draft[] = [];
  for (const x of await hits.exchangeNames(tx)) {
    const confidence = nameConfidence(name, x.name);
    if (confidence < NAME_THRESHOLD) continue;
    drafts.push({
      row: 1,
      subject: name.trim(),
      source: 'registry',
      listVersion: null,
      confidence,
      matched: `${x.name} (${x.status})`,
      provenance: `exchange registry: ${x.source}`,
      entryRef: x.id,
      sanctioned: false,
    });
  }
  return ok({ listVersion: null, screened: 1, invalid: [], drafts });
}

type Step = 'confirm' | 'clear' | 'second';

function decide(
  deps: ComplianceDeps,
  actor: Actor,
  id: string,
  reasonText: string,
  step: Step,
): Promise<Result<hits.Hit, HitError>> {
  const reason = reasonText.trim();
  return deps.db.command(async (tx): Promise<Result<hits.Hit, HitError>> => {
    if (reason === '') return err('reason_required', 'state the reason');
    const hit = await hits.lockHit(tx, id);
    if (hit === null) return err('hit_not_found', `no hit ${id}`);
    if (hit.status !== 'open') return err('hit_already_decided', `the hit is ${hit.status}`);
    const refused = refusal(hit, actor, step);
    if (refused !== null) return refused;
    const s = { by: actor.id, reason, at: deps.clock.now().toISOString() };
    const pending = step === 'clear' && hit.sanctioned;
    const action = pending
      ? 'compliance.hit.clearance_requested'
      : step === 'confirm'
        ? 'compliance.hit.confirmed'
        : 'compliance.hit.cleared';
    await appendAudit(tx, deps.clock, {
      actor,
      action,
      subjects: [id, hit.runId],
      payload: { hitId: id, reason, firstOfficer: hit.pendingClearance?.by ?? null },
    });
    if (pending) {
      await hits.requestClearance(tx, id, s);
      return ok({ ...hit, pendingClearance: s });
    }
    const status = step === 'confirm' ? 'confirmed' : 'cleared';
    await hits.decideHit(tx, id, status, s);
    return ok({ ...hit, status, decision: s });
  });
}

function refusal(hit: hits.Hit, actor: Actor, step: Step) {
  const pending = hit.pendingClearance;
  if (step === 'second') {
    if (pending === null)
      return err('no_pending_clearance', 'no clearance waits for a second officer');
    if (pending.by === actor.id)
      return err('same_officer', 'a different officer completes the clearance');
    return null;
  }
  if (pending === null) return null;
  return step === 'confirm'
    ? err('clearance_pending', 'a clearance waits for a second officer')
    : err('second_officer_required', 'the clearance was requested; a second officer completes it');
}
