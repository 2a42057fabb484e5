import type { Json } from '../core/canonical.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import type { DdSection, FundingSource, ManagerKind, ManagerStatus } from './model.ts';

/** SQL for the reserve's tables (migration 0700). Rows come back as plain typed objects. */
const day = (d: unknown): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

export interface PolicyRow {
  readonly version: number;
  readonly document: Json;
  readonly documentHash: string;
  readonly effectiveFrom: string;
  readonly requestId: string | null;
  readonly createdAt: Date;
}

export async function policies(q: Queryable): Promise<PolicyRow[]> {
  const rows = await q.query<{
    version: number;
    document: Json;
    document_hash: string;
    effective_from: Date;
    request_id: string | null;
    created_at: Date;
  }>('SELECT * FROM reserve_policies ORDER BY version');
  return rows.map((r) => ({
    version: r.version,
    document: r.document,
    documentHash: r.document_hash,
    effectiveFrom: day(r.effective_from),
    requestId: r.request_id,
    createdAt: r.created_at,
  }));
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

function managerRow(r: Record<string, unknown>): ManagerRow {
  return {
    id: String(r['id']),
    name: String(r['name']),
    kind: r['kind'] as ManagerKind,
    status: r['status'] as ManagerStatus,
    mandate: r['mandate'] as Json,
    terms: r['terms'] as Json,
    addresses: r['addresses'] as Record<string, string>,
    ddScore: (r['dd_score'] as number | null) ?? null,
    createdAt: r['created_at'] as Date,
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
  return rows.map((r) => ({
    id: String(r['id']),
    managerId: String(r['manager_id']),
    kind: r['kind'] as ManagerEventRow['kind'],
    fromStatus: (r['from_status'] as ManagerStatus | null) ?? null,
    toStatus: (r['to_status'] as ManagerStatus | null) ?? null,
    section: (r['section'] as DdSection | null) ?? null,
    score: (r['score'] as number | null) ?? null,
    notes: String(r['notes']),
    documents: r['documents'] as ManagerEventRow['documents'],
    requestId: (r['request_id'] as string | null) ?? null,
    actor: String(r['actor']),
    at: r['at'] as Date,
  }));
}

export async function managerAccount(
  q: Queryable,
  managerId: string,
  asset: string,
): Promise<string | null> {
  const rows = await q.query<{ account_id: string }>(
    'SELECT account_id FROM reserve_manager_accounts WHERE manager_id = $1 AND asset = $2',
    [managerId, asset],
  );
  return rows[0]?.account_id ?? null;
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

export type FlowKind =
  'commitment' | 'subscription' | 'redemption' | 'capital_call' | 'distribution';

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

function flowRow(r: Record<string, unknown>): FlowRow {
  const big = (k: string): bigint | null => (r[k] === null ? null : (r[k] as bigint));
  return {
    id: String(r['id']),
    managerId: String(r['manager_id']),
    kind: r['kind'] as FlowKind,
    method: r['method'] as FlowRow['method'],
    day: day(r['day']),
    value: r['value'] as bigint,
    units: r['units'] as bigint,
    navPerUnit: big('nav_per_unit'),
    fundingSource: r['funding_source'] as FundingSource,
    split: r['split'] as Record<string, string>,
    asset: (r['asset'] as string | null) ?? null,
    assetUnits: big('asset_units'),
    lotId: (r['lot_id'] as string | null) ?? null,
    transferIds: r['transfer_ids'] as string[],
    requestId: (r['request_id'] as string | null) ?? null,
    details: r['details'] as Json,
    actor: String(r['actor']),
    at: r['at'] as Date,
    chainTxid: (r['txid'] as string | null) ?? null,
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
  return rows.map((r) => ({
    id: String(r['id']),
    managerId: String(r['manager_id']),
    period: String(r['period']),
    day: day(r['day']),
    nav: r['nav'] as bigint,
    units: r['units'] === null ? null : (r['units'] as bigint),
    navPerUnit: r['nav_per_unit'] === null ? null : (r['nav_per_unit'] as bigint),
    grossExposureBps: (r['gross_exposure_bps'] as number | null) ?? null,
    managementFee: r['management_fee'] as bigint,
    performanceFee: r['performance_fee'] as bigint,
    positions: r['positions'] as NavRow['positions'],
    exposures: r['exposures'] as NavRow['exposures'],
    sha256: String(r['sha256']),
    importId: (r['import_id'] as string | null) ?? null,
  }));
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
  return rows.map((r) => ({
    id: String(r['id']),
    managerId: String(r['manager_id']),
    parentId: (r['parent_id'] as string | null) ?? null,
    requestedOn: day(r['requested_on']),
    dealingDay: day(r['dealing_day']),
    requestedUnits: r['requested_units'] as bigint,
    paidUnits: r['paid_units'] as bigint,
    queuedUnits: r['queued_units'] as bigint,
    penalty: r['penalty'] as bigint,
    flowId: (r['flow_id'] as string | null) ?? null,
  }));
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
  return rows.map((r) => ({
    id: String(r['id']),
    day: day(r['day']),
    kind: String(r['kind']),
    subject: String(r['subject']),
    measuredBps: Number(r['measured_bps']),
    thresholdBps: Number(r['threshold_bps']),
    message: String(r['message']),
  }));
}

/** The audit entries behind the funds' values on a day: their flows and the NAV statements used. */
export async function evidence(
  q: Queryable,
  day: string,
): Promise<{ figure: string; seq: number }[]> {
  const rows = await q.query<{ figure: string; seq: bigint }>(
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
  return rows.map((r) => ({ figure: r.figure, seq: Number(r.seq) }));
}
