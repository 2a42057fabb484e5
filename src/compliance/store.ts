import { asId } from '../core/ids.ts';
import type { Queryable } from '../db/pool.ts';
import type { Alert, AlertId, ListChange, ListEntry, ScreeningId, Snapshot } from './model.ts';
import { screeningKey } from './model.ts';

/** SQL for the compliance tables; only the compliance service calls it. */
const SNAPSHOT_COLUMNS = `version, id, based_on_version, source_kind, file_name, file_sha256,
  content_sha256, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, assets, entry_count, list_sha256,
  added_count, removed_count, imported_at, imported_by`;

interface SnapshotRow {
  version: bigint;
  id: string;
  based_on_version: bigint | null;
  source_kind: Snapshot['sourceKind'];
  file_name: string;
  file_sha256: string;
  content_sha256: string;
  issued_on: string | null;
  assets: string[];
  entry_count: number;
  list_sha256: string;
  added_count: number;
  removed_count: number;
  imported_at: Date;
  imported_by: string;
}

function toSnapshot(r: SnapshotRow): Snapshot {
  return {
    version: r.version,
    id: asId<'sanctions_snapshot'>(r.id),
    basedOnVersion: r.based_on_version,
    sourceKind: r.source_kind,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    contentSha256: r.content_sha256,
    issuedOn: r.issued_on,
    assets: r.assets,
    entryCount: r.entry_count,
    listSha256: r.list_sha256,
    addedCount: r.added_count,
    removedCount: r.removed_count,
    importedAt: r.imported_at.toISOString(),
    importedBy: r.imported_by,
  };
}

export async function currentSnapshot(q: Queryable): Promise<Snapshot | null> {
  const rows = await q.query<SnapshotRow & Record<string, unknown>>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM compliance_sanctions_snapshots ORDER BY version DESC LIMIT 1`,
  );
  return rows[0] === undefined ? null : toSnapshot(rows[0]);
}

export async function listSnapshots(q: Queryable): Promise<Snapshot[]> {
  const rows = await q.query<SnapshotRow & Record<string, unknown>>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM compliance_sanctions_snapshots ORDER BY version DESC`,
  );
  return rows.map(toSnapshot);
}

export async function snapshotEntries(q: Queryable, version: bigint): Promise<ListEntry[]> {
  const rows = await q.query<{ asset: string; address: string; party_ref: string | null }>(
    `SELECT asset, address, party_ref FROM compliance_sanctions_entries
      WHERE version = $1 ORDER BY asset, address`,
    [version],
  );
  return rows.map((r) => ({ asset: r.asset, address: r.address, partyRef: r.party_ref }));
}

export async function snapshotChanges(q: Queryable, version: bigint): Promise<ListChange[]> {
  const rows = await q.query<{
    change: ListChange['change'];
    asset: string;
    address: string;
    party_ref: string | null;
  }>(
    `SELECT change, asset, address, party_ref FROM compliance_sanctions_changes
      WHERE version = $1 ORDER BY change, asset, address`,
    [version],
  );
  return rows.map((r) => ({
    change: r.change,
    asset: r.asset,
    address: r.address,
    partyRef: r.party_ref,
  }));
}

export async function insertSnapshot(
  q: Queryable,
  s: Snapshot,
  auditSeq: bigint,
  entries: readonly ListEntry[],
  changes: readonly ListChange[],
): Promise<void> {
  await q.query(
    `INSERT INTO compliance_sanctions_snapshots (version, id, based_on_version, source_kind,
       file_name, file_sha256, content_sha256, issued_on, assets, entry_count, list_sha256,
       added_count, removed_count, imported_at, imported_by, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      s.version,
      s.id,
      s.basedOnVersion,
      s.sourceKind,
      s.fileName,
      s.fileSha256,
      s.contentSha256,
      s.issuedOn,
      s.assets,
      s.entryCount,
      s.listSha256,
      s.addedCount,
      s.removedCount,
      s.importedAt,
      s.importedBy,
      auditSeq,
    ],
  );
  await q.query(
    `INSERT INTO compliance_sanctions_entries (version, asset, address, address_key, party_ref)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      s.version,
      entries.map((e) => e.asset),
      entries.map((e) => e.address),
      entries.map((e) => screeningKey(e.address)),
      entries.map((e) => e.partyRef),
    ],
  );
  await q.query(
    `INSERT INTO compliance_sanctions_changes (version, change, asset, address, party_ref)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      s.version,
      changes.map((c) => c.change),
      changes.map((c) => c.asset),
      changes.map((c) => c.address),
      changes.map((c) => c.partyRef),
    ],
  );
}

export interface ListedRow {
  readonly addressKey: string;
  readonly asset: string;
  readonly address: string;
  readonly partyRef: string | null;
}

export async function findListed(
  q: Queryable,
  version: bigint,
  keys: readonly string[],
): Promise<ListedRow[]> {
  const rows = await q.query<{
    address_key: string;
    asset: string;
    address: string;
    party_ref: string | null;
  }>(
    `SELECT address_key, asset, address, party_ref FROM compliance_sanctions_entries
      WHERE version = $1 AND address_key = ANY($2::text[]) ORDER BY asset, address`,
    [version, keys],
  );
  return rows.map((r) => ({
    addressKey: r.address_key,
    asset: r.asset,
    address: r.address,
    partyRef: r.party_ref,
  }));
}

export interface ScreeningRow {
  readonly id: ScreeningId;
  readonly listVersion: bigint;
  readonly chain: string | null;
  readonly asset: string | null;
  readonly addresses: readonly string[];
  readonly subjectIds: readonly string[];
  readonly matchCount: number;
  readonly screenedAt: string;
  readonly screenedBy: string;
}

export async function insertScreening(
  q: Queryable,
  s: ScreeningRow,
  auditSeq: bigint,
): Promise<void> {
  await q.query(
    `INSERT INTO compliance_screenings (id, list_version, chain, asset, addresses, subject_ids,
       match_count, screened_at, screened_by, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      s.id,
      s.listVersion,
      s.chain,
      s.asset,
      s.addresses,
      s.subjectIds,
      s.matchCount,
      s.screenedAt,
      s.screenedBy,
      auditSeq,
    ],
  );
}

export async function insertAlert(q: Queryable, a: Alert, auditSeq: bigint): Promise<void> {
  await q.query(
    `INSERT INTO compliance_alerts (id, screening_id, kind, address, list_asset, party_ref,
       list_version, subject_ids, raised_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      a.id,
      a.screeningId,
      a.kind,
      a.address,
      a.listAsset,
      a.partyRef,
      a.listVersion,
      a.subjectIds,
      a.raisedAt,
      auditSeq,
    ],
  );
}

const ALERT_SELECT = `SELECT a.id, a.screening_id, a.kind, a.address, a.list_asset, a.party_ref,
    a.list_version, a.subject_ids, a.raised_at, k.acknowledged_by, k.acknowledged_at, k.note
  FROM compliance_alerts a LEFT JOIN compliance_alert_acknowledgements k ON k.alert_id = a.id`;

interface AlertRow {
  id: string;
  screening_id: string;
  kind: 'sanctions_match';
  address: string;
  list_asset: string;
  party_ref: string | null;
  list_version: bigint;
  subject_ids: string[];
  raised_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  note: string | null;
}

function toAlert(r: AlertRow): Alert {
  const acked = r.acknowledged_by !== null && r.acknowledged_at !== null;
  return {
    id: asId<'compliance_alert'>(r.id),
    screeningId: asId<'screening'>(r.screening_id),
    kind: r.kind,
    address: r.address,
    listAsset: r.list_asset,
    partyRef: r.party_ref,
    listVersion: r.list_version,
    subjectIds: r.subject_ids,
    raisedAt: r.raised_at.toISOString(),
    status: acked ? 'acknowledged' : 'open',
    acknowledgement: acked
      ? {
          by: r.acknowledged_by ?? '',
          at: r.acknowledged_at?.toISOString() ?? '',
          note: r.note ?? '',
        }
      : null,
  };
}

export async function listAlerts(
  q: Queryable,
  filter: { status?: 'open' | 'acknowledged'; subjectId?: string; limit: number },
): Promise<Alert[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) {
    where.push(filter.status === 'open' ? 'k.alert_id IS NULL' : 'k.alert_id IS NOT NULL');
  }
  if (filter.subjectId !== undefined) {
    params.push(filter.subjectId);
    where.push(`$${params.length} = ANY(a.subject_ids)`);
  }
  params.push(filter.limit);
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const rows = await q.query<AlertRow & Record<string, unknown>>(
    `${ALERT_SELECT} ${clause} ORDER BY a.raised_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAlert);
}

export async function getAlert(q: Queryable, id: AlertId): Promise<Alert | null> {
  const rows = await q.query<AlertRow & Record<string, unknown>>(
    `${ALERT_SELECT} WHERE a.id = $1`,
    [id],
  );
  return rows[0] === undefined ? null : toAlert(rows[0]);
}

export async function insertAcknowledgement(
  q: Queryable,
  ack: { alertId: AlertId; by: string; at: string; note: string },
  auditSeq: bigint,
): Promise<void> {
  await q.query(
    `INSERT INTO compliance_alert_acknowledgements (alert_id, acknowledged_by, acknowledged_at, note, audit_seq)
     VALUES ($1, $2, $3, $4, $5)`,
    [ack.alertId, ack.by, ack.at, ack.note, auditSeq],
  );
}
