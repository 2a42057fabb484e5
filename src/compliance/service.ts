import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Db, Queryable, Tx } from '../db/pool.ts';
import {
  diffEntries,
  listSha256,
  nextEntries,
  screeningKey,
  type Alert,
  type AlertId,
  type ListChange,
  type Match,
  type ScreeningId,
  type Snapshot,
} from './model.ts';
import type { SanctionsFile } from './sanctions-file.ts';
import { createRegistry } from './registry.ts';
import { createScreening } from './screening-service.ts';
import * as store from './store.ts';

/**
 * The compliance service. `screenAddresses` is what other domains call, inside their own
 * transaction, for every address that enters Kazna: it records the screening against the current
 * list version and raises an alert per match, with audit entries, so the intake and its screening
 * commit or roll back together.
 */
/** A list built from addresses rather than read from a file, for importSanctions (the demo's). */
export { listFromAddresses } from './sanctions-file.ts';

export interface ComplianceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export interface ScreenInput {
  readonly actor: Actor;
  /** The chain the addresses live on (BTC, LTC, EVM, TRON) and/or the asset held there. */
  readonly chain?: string;
  readonly asset?: string;
  readonly addresses: readonly string[];
  /** What the screening is about (lot, seizure, case, whitelist entry…); alerts carry them too. */
  readonly subjectIds: readonly string[];
}

export interface Screening {
  readonly screeningId: ScreeningId;
  readonly listVersion: bigint;
  readonly listIssuedOn: string | null;
  readonly matches: readonly Match[];
}

/**
 * - `sanctions_list_missing`: no list has been imported; screening fails closed, so intake waits
 *   until `kazna sanctions import` has run. Retry after an import.
 * - `screening_needs_subject`: chain/asset, at least one address and one subject id are required.
 */
export type ScreenError = 'sanctions_list_missing' | 'screening_needs_subject';

export interface ImportReport {
  readonly snapshot: Snapshot;
  /** False when the file is the one the current version came from: nothing was written. */
  readonly created: boolean;
}

export type AcknowledgeError = 'alert_not_found' | 'alert_already_acknowledged';

export function createCompliance(deps: ComplianceDeps) {
  const { db } = deps;
  return {
    /** Exchanges and address labels (`registry.ts`). */
    registry: createRegistry(deps),
    /** Screening any time and its hits queue (`screening-service.ts`). */
    screening: createScreening(deps),
    screenAddresses: (tx: Tx, input: ScreenInput) => screenAddresses(deps, tx, input),
    /** `screenAddresses` in a transaction of its own, for callers that have none. */
    screen: (input: ScreenInput) => db.command((tx) => screenAddresses(deps, tx, input)),
    importSanctions: (actor: Actor, file: SanctionsFile) => importSanctions(deps, actor, file),
    acknowledgeAlert: (actor: Actor, id: AlertId, note: string) =>
      acknowledgeAlert(deps, actor, id, note),
    /** Governance's SanctionsScreen: (asset, address) -> listed?, reading the current version. */
    isListed: (_asset: string, address: string) => isListed(db, address),
    /** What `screenAddresses` would find, recording nothing (an intake's check before saving). */
    listedAmong: (addresses: readonly string[]) => listedAmong(db, addresses),
    currentSnapshot: () => store.currentSnapshot(db),
    snapshots: () => store.listSnapshots(db),
    snapshotChanges: (version: bigint): Promise<ListChange[]> => store.snapshotChanges(db, version),
    snapshotEntries: (version: bigint) => store.snapshotEntries(db, version),
    alerts: (filter: { status?: 'open' | 'acknowledged'; subjectId?: string; limit?: number }) =>
      store.listAlerts(db, { ...filter, limit: filter.limit ?? 100 }),
    alert: (id: AlertId) => store.getAlert(db, id),
  };
}

export type Compliance = ReturnType<typeof createCompliance>;

async function screenAddresses(
  deps: ComplianceDeps,
  tx: Tx,
  input: ScreenInput,
): Promise<Result<Screening, ScreenError>> {
  const { clock, ids } = deps;
  if (
    (input.chain ?? input.asset) === undefined ||
    input.addresses.length === 0 ||
    input.subjectIds.length === 0
  ) {
    return err('screening_needs_subject', 'give a chain or asset, addresses and subject ids');
  }
  const found = await listedAmong(tx, input.addresses);
  if (!found.ok) return found;
  const { snapshot } = found.value;
  const screeningId = ids.next<'screening'>();
  const at = clock.now().toISOString();
  const matches: Match[] = found.value.hits.map((h) => ({
    ...h,
    alertId: ids.next<'compliance_alert'>(),
  }));
  const audit = await appendAudit(tx, clock, {
    actor: input.actor.id,
    action: 'compliance.screening.recorded',
    subjects: [screeningId, ...input.subjectIds],
    payload: {
      screeningId,
      listVersion: snapshot.version.toString(),
      chain: input.chain ?? null,
      asset: input.asset ?? null,
      addresses: [...input.addresses],
      subjectIds: [...input.subjectIds],
      matches: matches.map((m) => ({
        address: m.address,
        listAsset: m.listAsset,
        alertId: m.alertId,
      })),
    },
  });
  await store.insertScreening(
    tx,
    {
      id: screeningId,
      listVersion: snapshot.version,
      chain: input.chain ?? null,
      asset: input.asset ?? null,
      addresses: input.addresses,
      subjectIds: input.subjectIds,
      matchCount: matches.length,
      screenedAt: at,
      screenedBy: input.actor.id,
    },
    audit.seq,
  );
  for (const m of matches) await raiseAlert(deps, tx, input, screeningId, snapshot.version, m, at);
  return ok({
    screeningId,
    listVersion: snapshot.version,
    listIssuedOn: snapshot.issuedOn,
    matches,
  });
}

export interface ListedHit {
  readonly address: string;
  readonly listAsset: string;
  readonly listedAddress: string;
  readonly partyRef: string | null;
}

/**
 * The addresses found on the current list, read only: what a screening records, and what an intake
 * check shows before anything is recorded. No list is `sanctions_list_missing` (screening fails
 * closed).
 */
async function listedAmong(
  q: Queryable,
  addresses: readonly string[],
): Promise<Result<{ snapshot: Snapshot; hits: ListedHit[] }, 'sanctions_list_missing'>> {
  const snapshot = await store.currentSnapshot(q);
  if (snapshot === null) {
    return err('sanctions_list_missing', 'no sanctions list is imported; screening fails closed');
  }
  const listed = await store.findListed(q, snapshot.version, addresses.map(screeningKey));
  const hits: ListedHit[] = [];
  for (const address of addresses) {
    for (const row of listed.filter((l) => l.addressKey === screeningKey(address))) {
      hits.push({
        address,
        listAsset: row.asset,
        listedAddress: row.address,
        partyRef: row.partyRef,
      });
    }
  }
  return ok({ snapshot, hits });
}

async function raiseAlert(
  deps: ComplianceDeps,
  tx: Tx,
  input: ScreenInput,
  screeningId: ScreeningId,
  listVersion: bigint,
  m: Match,
  at: string,
): Promise<void> {
  const { clock } = deps;
  const alert: Alert = {
    id: m.alertId,
    screeningId,
    kind: 'sanctions_match',
    address: m.address,
    listAsset: m.listAsset,
    partyRef: m.partyRef,
    listVersion,
    subjectIds: input.subjectIds,
    raisedAt: at,
    status: 'open',
    acknowledgement: null,
  };
  const audit = await appendAudit(tx, clock, {
    actor: input.actor.id,
    action: 'compliance.alert.raised',
    subjects: [alert.id, screeningId, ...input.subjectIds],
    payload: {
      alertId: alert.id,
      screeningId,
      kind: alert.kind,
      address: m.address,
      listAsset: m.listAsset,
      listedAddress: m.listedAddress,
      partyRef: m.partyRef,
      listVersion: listVersion.toString(),
      subjectIds: [...input.subjectIds],
    },
  });
  await store.insertAlert(tx, alert, audit.seq);
}

/** Stores a parsed file as the next list version, with its diff; one transaction. */
function importSanctions(
  deps: ComplianceDeps,
  actor: Actor,
  file: SanctionsFile,
): Promise<ImportReport> {
  const { db, clock, ids } = deps;
  return db.write(async (tx): Promise<ImportReport> => {
    const current = await store.currentSnapshot(tx);
    if (current !== null && current.contentSha256 === file.contentSha256) {
      return { snapshot: current, created: false };
    }
    const previous = current === null ? [] : await store.snapshotEntries(tx, current.version);
    const entries = nextEntries(previous, file.assets, file.entries);
    const changes = diffEntries(previous, entries);
    const snapshot: Snapshot = {
      version: (current?.version ?? 0n) + 1n,
      id: ids.next<'sanctions_snapshot'>(),
      basedOnVersion: current?.version ?? null,
      sourceKind: file.kind,
      fileName: file.fileName,
      fileSha256: file.fileSha256,
      contentSha256: file.contentSha256,
      issuedOn: file.issuedOn,
      assets: file.assets,
      entryCount: entries.length,
      listSha256: listSha256(entries),
      addedCount: changes.filter((c) => c.change === 'added').length,
      removedCount: changes.filter((c) => c.change === 'removed').length,
      importedAt: clock.now().toISOString(),
      importedBy: actor.id,
    };
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'compliance.sanctions.imported',
      subjects: [snapshot.id],
      payload: importPayload(snapshot, changes),
    });
    await store.insertSnapshot(tx, snapshot, audit.seq, entries, changes);
    return { snapshot, created: true };
  });
}

function acknowledgeAlert(
  deps: ComplianceDeps,
  actor: Actor,
  id: AlertId,
  note: string,
): Promise<Result<Alert, AcknowledgeError>> {
  const { db, clock } = deps;
  return db.command(async (tx) => {
    const alert = await store.getAlert(tx, id);
    if (alert === null) return err('alert_not_found', `no alert ${id}`);
    if (alert.status === 'acknowledged') {
      return err('alert_already_acknowledged', `alert ${id} was acknowledged`, {
        acknowledgement: alert.acknowledgement,
      });
    }
    const at = clock.now().toISOString();
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'compliance.alert.acknowledged',
      subjects: [id, ...alert.subjectIds],
      payload: { alertId: id, note },
    });
    await store.insertAcknowledgement(tx, { alertId: id, by: actor.id, at, note }, audit.seq);
    return ok({ ...alert, status: 'acknowledged', acknowledgement: { by: actor.id, at, note } });
  });
}

/** A read-only check for policy gates (governance's SanctionsScreen): records nothing. */
async function isListed(
  q: Queryable,
  address: string,
): Promise<{ listed: boolean; source?: string }> {
  const snapshot = await store.currentSnapshot(q);
  if (snapshot === null) return { listed: false };
  const rows = await store.findListed(q, snapshot.version, [screeningKey(address)]);
  return rows.length === 0
    ? { listed: false }
    : { listed: true, source: `sanctions list v${snapshot.version} (${rows[0]?.asset ?? ''})` };
}

function importPayload(s: Snapshot, changes: readonly ListChange[]) {
  return {
    snapshotId: s.id,
    version: s.version.toString(),
    basedOnVersion: s.basedOnVersion?.toString() ?? null,
    sourceKind: s.sourceKind,
    fileName: s.fileName,
    fileSha256: s.fileSha256,
    contentSha256: s.contentSha256,
    issuedOn: s.issuedOn,
    assets: [...s.assets],
    listSha256: s.listSha256,
    // The diff replays the list: version N's entries are version N-1's plus these changes.
    changes: changes.map((c) => [c.change, c.asset, c.address, c.partyRef]),
  };
}
