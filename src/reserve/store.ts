import { assert } from '../core/assert.ts';
import type { Json } from '../core/canonical.ts';
import type { Queryable, Row, Tx } from '../db/pool.ts';
import { readRow, type RowReader } from '../db/row.ts';
import {
  DD_SECTIONS,
  FUNDING_SOURCES,
  MANAGER_KINDS,
  MANAGER_STATUSES,
  type DdSection,
  type FundingSource,
  type ManagerKind,
  type ManagerStatus,
} from './model.ts';

/** SQL for the reserve's tables (migration 0700). Rows come back as plain typed objects. */
/** A `date` column (the driver's Date at midnight) as `YYYY-MM-DD`. */
const day = (r: RowReader, column: string): string => r.date(column).toISOString().slice(0, 10);

export interface PolicyRow {
  readonly version: number;
  readonly document: Json;
  readonly documentHash: string;
  readonly effectiveFrom: string;
  readonly requestId: string | null;
  readonly createdAt: Date;
}

export async function policies(q: Queryable): Promise<PolicyRow[]> {
  const rows = await q.query('SELECT * FROM reserve_policies ORDER BY version');
  return rows.map((row) => {
    const r = readRow(row, 'reserve_policies');
    return {
      version: r.int('version'),
      document: r.jsonValue('document'),
      documentHash: r.str('document_hash'),
      effectiveFrom: day(r, 'effective_from'),
      requestId: r.strOrNull('request_id'),
      createdAt: r.date('created_at'),
    };
  });
}

export async function insertPolicy(
  tx: Tx,
  p: PolicyRow & { readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_policies
       (version, document, document_hash, effective_from, request_id, created_at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [
      p.version,
      JSON.stringify(p.document),
      p.documentHash,
      p.effectiveFrom,
      p.requestId,
      p.createdAt,
      p.auditSeq,
    ],
  );
}

/** A JSON object of strings (a manager's addresses by chain, a flow's split by asset). */
function stringRecord(v: Json, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const ok = typeof v === 'object' && v !== null && !Array.isArray(v);
  assert(ok, `${where}: expected a JSON object of strings`);
  for (const [k, x] of Object.entries(v)) {
    assert(typeof x === 'string', `${where}.${k}: expected a string`);
    out[k] = x;
  }
  return out;
}

export interface ManagerRow {
  readonly id: string;
  readonly name: string;
  readonly kind: ManagerKind;
  readonly status: ManagerStatus;
  readonly mandate: Json;
  readonly terms: Json;
  readonly addresses: Readonly<Record<string, string>>;
  readonly ddScore: number | null;
  readonly createdAt: Date;
}

function managerRow(row: Row): ManagerRow {
  const r = readRow(row, 'reserve_managers');
  return {
    id: r.str('id'),
    name: r.str('name'),
    kind: r.oneOf('kind', MANAGER_KINDS),
    status: r.oneOf('status', MANAGER_STATUSES),
    mandate: r.jsonValue('mandate'),
    terms: r.jsonValue('terms'),
    addresses: r.json('addresses', stringRecord),
    ddScore: r.intOrNull('dd_score'),
    createdAt: r.date('created_at'),
  };
}

export async function managers(q: Queryable): Promise<ManagerRow[]> {
  const rows = await q.query('SELECT * FROM reserve_managers ORDER BY name');
  return rows.map(managerRow);
}

export async function manager(q: Queryable, id: string, lock = false): Promise<ManagerRow | null> {
  const rows = await q.query(
    `SELECT * FROM reserve_managers WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] === undefined ? null : managerRow(rows[0]);
}

export async function managerByName(q: Queryable, name: string): Promise<ManagerRow | null> {
  const rows = await q.query('SELECT * FROM reserve_managers WHERE name = $1', [name]);
  return rows[0] === undefined ? null : managerRow(rows[0]);
}

export async function insertManager(
  tx: Tx,
  m: ManagerRow & { readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_managers
       (id, name, kind, status, mandate, terms, addresses, dd_score, created_at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [
      m.id,
      m.name,
      m.kind,
      m.status,
      JSON.stringify(m.mandate),
      JSON.stringify(m.terms),
      JSON.stringify(m.addresses),
      m.ddScore,
      m.createdAt,
      m.auditSeq,
    ],
  );
}

export async function setManagerState(
  tx: Tx,
  id: string,
  s: { readonly status?: ManagerStatus; readonly ddScore?: number | null },
): Promise<void> {
  if (s.status !== undefined)
    await tx.query('UPDATE reserve_managers SET status = $2 WHERE id = $1', [id, s.status]);
  if (s.ddScore !== undefined)
    await tx.query('UPDATE reserve_managers SET dd_score = $2 WHERE id = $1', [id, s.ddScore]);
}

export interface ManagerEventRow {
  readonly id: string;
  readonly managerId: string;
  readonly kind: 'status' | 'dd_section';
  readonly fromStatus: ManagerStatus | null;
  readonly toStatus: ManagerStatus | null;
  readonly section: DdSection | null;
  readonly score: number | null;
  readonly notes: string;
  readonly documents: readonly { readonly name: string; readonly sha256: string }[];
  readonly requestId: string | null;
  readonly actor: string;
  readonly at: Date;
}

export async function insertManagerEvent(
  tx: Tx,
  e: ManagerEventRow & { readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_manager_events (id, manager_id, kind, from_status, to_status, section,
       score, notes, documents, request_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [
      e.id,
      e.managerId,
      e.kind,
      e.fromStatus,
      e.toStatus,
      e.section,
      e.score,
      e.notes,
      JSON.stringify(e.documents),
      e.requestId,
      e.actor,
      e.at,
      e.auditSeq,
    ],
  );
}

export async function managerEvents(q: Queryable, managerId: string): Promise<ManagerEventRow[]> {
  const rows = await q.query(
    'SELECT * FROM reserve_manager_events WHERE manager_id = $1 ORDER BY audit_seq, id',
    [managerId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_manager_events');
    return {
      id: r.str('id'),
      managerId: r.str('manager_id'),
      kind: r.oneOf('kind', ['status', 'dd_section']),
      fromStatus: r.oneOfOrNull('from_status', MANAGER_STATUSES),
      toStatus: r.oneOfOrNull('to_status', MANAGER_STATUSES),
      section: r.oneOfOrNull('section', DD_SECTIONS),
      score: r.intOrNull('score'),
      notes: r.str('notes'),
      documents: r.objects('documents', (d) => ({ name: d.str('name'), sha256: d.str('sha256') })),
      requestId: r.strOrNull('request_id'),
      actor: r.str('actor'),
      at: r.date('at'),
    };
  });
}

export async function managerAccount(
  q: Queryable,
  managerId: string,
  asset: string,
): Promise<string | null> {
  const [row] = await q.query(
    'SELECT account_id FROM reserve_manager_accounts WHERE manager_id = $1 AND asset = $2',
    [managerId, asset],
  );
  return row === undefined ? null : readRow(row, 'reserve_manager_accounts').str('account_id');
}

export async function insertManagerAccount(
  tx: Tx,
  managerId: string,
  asset: string,
  accountId: string,
): Promise<void> {
  await tx.query(
    'INSERT INTO reserve_manager_accounts (manager_id, asset, account_id) VALUES ($1,$2,$3)',
    [managerId, asset, accountId],
  );
}

const FLOW_KINDS = [
  'commitment',
  'subscription',
  'redemption',
  'capital_call',
  'distribution',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export interface FlowRow {
  readonly id: string;
  readonly managerId: string;
  readonly kind: FlowKind;
  readonly method: 'cash' | 'in_kind';
  readonly day: string;
  /** USD cents. */
  readonly value: bigint;
  readonly units: bigint;
  readonly navPerUnit: bigint | null;
  readonly fundingSource: FundingSource;
  /** Per-source amounts this flow moved: fund units for hedge funds, cents for venture funds. */
  readonly split: Readonly<Record<string, string>>;
  readonly asset: string | null;
  readonly assetUnits: bigint | null;
  readonly lotId: string | null;
  readonly transferIds: readonly string[];
  readonly requestId: string | null;
  readonly details: Json;
  readonly actor: string;
  readonly at: Date;
  readonly chainTxid: string | null;
}

export async function insertFlow(
  tx: Tx,
  f: Omit<FlowRow, 'chainTxid'> & { readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_flows (id, manager_id, kind, method, day, value, units, nav_per_unit,
       funding_source, split, asset, asset_units, lot_id, transfer_ids, request_id, details, actor,
       at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
    [
      f.id,
      f.managerId,
      f.kind,
      f.method,
      f.day,
      f.value,
      f.units,
      f.navPerUnit,
      f.fundingSource,
      JSON.stringify(f.split),
      f.asset,
      f.assetUnits,
      f.lotId,
      JSON.stringify(f.transferIds),
      f.requestId,
      JSON.stringify(f.details),
      f.actor,
      f.at,
      f.auditSeq,
    ],
  );
}

export interface FlowFilter {
  readonly managerId?: string | undefined;
  readonly kind?: FlowKind | undefined;
  /** Keyset pagination: flows after this id in (day, id) order. */
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
  readonly toDay?: string | undefined;
}

export async function flows(q: Queryable, f: FlowFilter = {}): Promise<FlowRow[]> {
  const rows = await q.query(
    `SELECT f.*, c.txid FROM reserve_flows f LEFT JOIN reserve_chain_txids c ON c.flow_id = f.id
      WHERE ($1::uuid IS NULL OR f.manager_id = $1) AND ($2::text IS NULL OR f.kind = $2)
        AND ($3::date IS NULL OR f.day <= $3)
        AND ($4::uuid IS NULL OR (f.day, f.id) > (SELECT day, id FROM reserve_flows WHERE id = $4))
      ORDER BY f.day, f.id LIMIT $5`,
    [f.managerId ?? null, f.kind ?? null, f.toDay ?? null, f.after ?? null, f.limit ?? 100_000],
  );
  return rows.map(flowRow);
}

export async function flow(q: Queryable, id: string): Promise<FlowRow | null> {
  const rows = await q.query(
    `SELECT f.*, c.txid FROM reserve_flows f LEFT JOIN reserve_chain_txids c ON c.flow_id = f.id
      WHERE f.id = $1`,
    [id],
  );
  return rows[0] === undefined ? null : flowRow(rows[0]);
}

function flowRow(row: Row): FlowRow {
  const r = readRow(row, 'reserve_flows');
  return {
    id: r.str('id'),
    managerId: r.str('manager_id'),
    kind: r.oneOf('kind', FLOW_KINDS),
    method: r.oneOf('method', ['cash', 'in_kind']),
    day: day(r, 'day'),
    value: r.bigint('value'),
    units: r.bigint('units'),
    navPerUnit: r.bigintOrNull('nav_per_unit'),
    fundingSource: r.oneOf('funding_source', FUNDING_SOURCES),
    split: r.json('split', stringRecord),
    asset: r.strOrNull('asset'),
    assetUnits: r.bigintOrNull('asset_units'),
    lotId: r.strOrNull('lot_id'),
    transferIds: r.strings('transfer_ids'),
    requestId: r.strOrNull('request_id'),
    details: r.jsonValue('details'),
    actor: r.str('actor'),
    at: r.date('at'),
    chainTxid: r.strOrNull('txid'),
  };
}

export async function insertChainTxid(
  tx: Tx,
  c: { flowId: string; txid: string; actor: string; at: Date; auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_chain_txids (flow_id, txid, actor, at, audit_seq) VALUES ($1,$2,$3,$4,$5)`,
    [c.flowId, c.txid, c.actor, c.at, c.auditSeq],
  );
}

export interface NavRow {
  readonly id: string;
  readonly managerId: string;
  readonly period: string;
  readonly day: string;
  readonly nav: bigint;
  readonly units: bigint | null;
  readonly navPerUnit: bigint | null;
  readonly grossExposureBps: number | null;
  readonly managementFee: bigint;
  readonly performanceFee: bigint;
  readonly positions: readonly { readonly asset: string; readonly value: string }[];
  readonly exposures: readonly { readonly asset: string; readonly bps: number }[];
  readonly sha256: string;
  readonly importId: string | null;
}

export async function insertNav(
  tx: Tx,
  n: NavRow & { readonly actor: string; readonly at: Date; readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_nav_statements (id, manager_id, period, day, nav, units, nav_per_unit,
       gross_exposure_bps, management_fee, performance_fee, positions, exposures, sha256,
       import_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
    [
      n.id,
      n.managerId,
      n.period,
      n.day,
      n.nav,
      n.units,
      n.navPerUnit,
      n.grossExposureBps,
      n.managementFee,
      n.performanceFee,
      JSON.stringify(n.positions),
      JSON.stringify(n.exposures),
      n.sha256,
      n.importId,
      n.actor,
      n.at,
      n.auditSeq,
    ],
  );
}

export async function navSeries(
  q: Queryable,
  managerId: string | null,
  toDay: string | null = null,
): Promise<NavRow[]> {
  const rows = await q.query(
    `SELECT * FROM reserve_nav_statements
      WHERE ($1::uuid IS NULL OR manager_id = $1) AND ($2::date IS NULL OR day <= $2)
      ORDER BY manager_id, day`,
    [managerId, toDay],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_nav_statements');
    return {
      id: r.str('id'),
      managerId: r.str('manager_id'),
      period: r.str('period'),
      day: day(r, 'day'),
      nav: r.bigint('nav'),
      units: r.bigintOrNull('units'),
      navPerUnit: r.bigintOrNull('nav_per_unit'),
      grossExposureBps: r.intOrNull('gross_exposure_bps'),
      managementFee: r.bigint('management_fee'),
      performanceFee: r.bigint('performance_fee'),
      positions: r.objects('positions', (x) => ({ asset: x.str('asset'), value: x.str('value') })),
      exposures: r.objects('exposures', (x) => ({ asset: x.str('asset'), bps: x.num('bps') })),
      sha256: r.str('sha256'),
      importId: r.strOrNull('import_id'),
    };
  });
}

export interface RedemptionRow {
  readonly id: string;
  readonly managerId: string;
  readonly parentId: string | null;
  readonly requestedOn: string;
  readonly dealingDay: string;
  readonly requestedUnits: bigint;
  readonly paidUnits: bigint;
  readonly queuedUnits: bigint;
  readonly penalty: bigint;
  readonly flowId: string | null;
}

export async function insertRedemption(
  tx: Tx,
  r: RedemptionRow & { readonly actor: string; readonly at: Date; readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_redemptions (id, manager_id, parent_id, requested_on, dealing_day,
       requested_units, paid_units, queued_units, penalty, flow_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [
      r.id,
      r.managerId,
      r.parentId,
      r.requestedOn,
      r.dealingDay,
      r.requestedUnits,
      r.paidUnits,
      r.queuedUnits,
      r.penalty,
      r.flowId,
      r.actor,
      r.at,
      r.auditSeq,
    ],
  );
}

/** Redemptions of a manager, oldest first; `openOnly`: queued remainders no later row took up. */
export async function redemptions(
  q: Queryable,
  managerId: string | null,
  openOnly = false,
): Promise<RedemptionRow[]> {
  const rows = await q.query(
    `SELECT r.* FROM reserve_redemptions r
      WHERE ($1::uuid IS NULL OR r.manager_id = $1)
        AND (NOT $2 OR (r.queued_units > 0 AND NOT EXISTS
              (SELECT 1 FROM reserve_redemptions c WHERE c.parent_id = r.id)))
      ORDER BY r.audit_seq`,
    [managerId, openOnly],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_redemptions');
    return {
      id: r.str('id'),
      managerId: r.str('manager_id'),
      parentId: r.strOrNull('parent_id'),
      requestedOn: day(r, 'requested_on'),
      dealingDay: day(r, 'dealing_day'),
      requestedUnits: r.bigint('requested_units'),
      paidUnits: r.bigint('paid_units'),
      queuedUnits: r.bigint('queued_units'),
      penalty: r.bigint('penalty'),
      flowId: r.strOrNull('flow_id'),
    };
  });
}

export interface AlertRow {
  readonly id: string;
  readonly day: string;
  readonly kind: string;
  readonly subject: string;
  readonly measuredBps: number;
  readonly thresholdBps: number;
  readonly message: string;
}

export async function insertAlert(
  tx: Tx,
  a: AlertRow & { readonly at: Date; readonly auditSeq: bigint },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_alerts (id, day, kind, subject, measured_bps, threshold_bps, message,
       raised_at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [a.id, a.day, a.kind, a.subject, a.measuredBps, a.thresholdBps, a.message, a.at, a.auditSeq],
  );
}

export async function alerts(q: Queryable, limit: number): Promise<AlertRow[]> {
  const rows = await q.query(
    'SELECT * FROM reserve_alerts ORDER BY day DESC, audit_seq DESC LIMIT $1',
    [limit],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve_alerts');
    return {
      id: r.str('id'),
      day: day(r, 'day'),
      kind: r.str('kind'),
      subject: r.str('subject'),
      measuredBps: r.int('measured_bps'),
      thresholdBps: r.int('threshold_bps'),
      message: r.str('message'),
    };
  });
}

/** The audit entries behind the funds' values on a day: their flows and the NAV statements used. */
export async function evidence(
  q: Queryable,
  day: string,
): Promise<{ figure: string; seq: number }[]> {
  const rows = await q.query(
    `SELECT CASE m.kind WHEN 'hedge_fund' THEN 'hedge_funds' ELSE 'venture_funds' END AS figure,
            f.audit_seq AS seq
       FROM reserve_flows f JOIN reserve_managers m ON m.id = f.manager_id WHERE f.day <= $1
     UNION ALL
     SELECT CASE m.kind WHEN 'hedge_fund' THEN 'hedge_funds' ELSE 'venture_funds' END,
            n.audit_seq
       FROM reserve_nav_statements n JOIN reserve_managers m ON m.id = n.manager_id
      WHERE n.day = (SELECT max(day) FROM reserve_nav_statements x
                      WHERE x.manager_id = n.manager_id AND x.day <= $1)
     ORDER BY 2`,
    [day],
  );
  return rows.map((row) => {
    const r = readRow(row, 'reserve evidence');
    return { figure: r.str('figure'), seq: Number(r.bigint('seq')) };
  });
}
