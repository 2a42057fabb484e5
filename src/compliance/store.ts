import { asId } from '../core/ids.ts';
import type { Queryable } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { readRow } from '../db/row.ts';
import type { Alert, AlertId, ListChange, ListEntry, ScreeningId, Snapshot } from './model.ts';
import { screeningKey } from './model.ts';

/** SQL for the compliance tables; only the compliance service calls it. */
const SNAPSHOT_COLUMNS = `version, id, based_on_version, source_kind, file_name, file_sha256,
  content_sha256, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, assets, entry_count, list_sha256,
  added_count, removed_count, imported_at, imported_by`;

const SOURCE_KINDS = ['ofac_sdn_xml', 'address_list'] as const;

function toSnapshot(row: Row): Snapshot {
  const r = readRow(row, 'compliance_sanctions_snapshots');
  return {
    version: r.bigint('version'),
    id: asId<'sanctions_snapshot'>(r.str('id')),
    basedOnVersion: r.bigintOrNull('based_on_version'),
    sourceKind: r.oneOf('source_kind', SOURCE_KINDS),
    fileName: r.str('file_name'),
    fileSha256: r.str('file_sha256'),
    contentSha256: r.str('content_sha256'),
    issuedOn: r.strOrNull('issued_on'),
    assets: r.strings('assets'),
    entryCount: r.int('entry_count'),
    listSha256: r.str('list_sha256'),
    addedCount: r.int('added_count'),
    removedCount: r.int('removed_count'),
    importedAt: r.date('imported_at').toISOString(),
    importedBy: r.str('imported_by'),
  };
}

export async function currentSnapshot(q: Queryable): Promise<Snapshot | null> {
  const rows = await q.query(
    `SELECT ${SNAPSHOT_COLUMNS} FROM compliance_sanctions_snapshots ORDER BY version DESC LIMIT 1`,
  );
  return rows[0] === undefined ? null : toSnapshot(rows[0]);
}

export async function listSnapshots(q: Queryable): Promise<Snapshot[]> {
  const rows = await q.query(
    `SELECT ${SNAPSHOT_COLUMNS} FROM compliance_sanctions_snapshots ORDER BY version DESC`,
  );
  return rows.map(toSnapshot);
}

export async function snapshotEntries(q: Queryable, version: bigint): Promise<ListEntry[]> {
  const rows = await q.query(
    `SELECT asset, address, party_ref FROM compliance_sanctions_entries
      WHERE version = $1 ORDER BY asset, address`,
    [version],
  );
  return rows.map((row) => {
    const r = readRow(row, 'compliance_sanctions_entries');
    return { asset: r.str('asset'), address: r.str('address'), partyRef: r.strOrNull('party_ref') };
  });
}

const CHANGES = ['added', 'removed'] as const;

export async function snapshotChanges(q: Queryable, version: bigint): Promise<ListChange[]> {
  const rows = await q.query(
    `SELECT change, asset, address, party_ref FROM compliance_sanctions_changes
      WHERE version = $1 ORDER BY change, asset, address`,
    [version],
  );
  return rows.map((row) => {
    const r = readRow(row, 'compliance_sanctions_changes');
    return {
      change: r.oneOf('change', CHANGES),
      asset: r.str('asset'),
      address: r.str('address'),
      partyRef: r.strOrNull('party_ref'),
    };
  });
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
  const rows = await q.query(
    `SELECT address_key, asset, address, party_ref FROM compliance_sanctions_entries
      WHERE version = $1 AND address_key = ANY($2::text[]) ORDER BY asset, address`,
    [version, keys],
  );
  return rows.map((row) => {
    const r = readRow(row, 'compliance_sanctions_entries');
    return {
      addressKey: r.str('address_key'),
      asset: r.str('asset'),
      address: r.str('address'),
      partyRef: r.strOrNull('party_ref'),
    };
  });
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

const ALERT_KINDS = ['sanctions_match'] as const;

function toAlert(row: Row): Alert {
  const r = readRow(row, 'compliance_alerts');
  const by = r.strOrNull('acknowledged_by');
  const at = r.dateOrNull('acknowledged_at');
  const note = r.strOrNull('note');
  return {
    id: asId<'compliance_alert'>(r.str('id')),
    screeningId: asId<'screening'>(r.str('screening_id')),
    kind: r.oneOf('kind', ALERT_KINDS),
    address: r.str('address'),
    listAsset: r.str('list_asset'),
    partyRef: r.strOrNull('party_ref'),
    listVersion: r.bigint('list_version'),
    subjectIds: r.strings('subject_ids'),
    raisedAt: r.date('raised_at').toISOString(),
    status: by !== null && at !== null ? 'acknowledged' : 'open',
    acknowledgement:
      by !== null && at !== null ? { by, at: at.toISOString(), note: note ?? '' } : null,
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
  const rows = await q.query(
    `${ALERT_SELECT} ${clause} ORDER BY a.raised_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAlert);
}

export async function getAlert(q: Queryable, id: AlertId): Promise<Alert | null> {
  const rows = await q.query(`${ALERT_SELECT} WHERE a.id = $1`, [id]);
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
