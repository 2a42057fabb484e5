import type { AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import type { CustodyKind, LegalStatus } from './model.ts';

/** SQL for the seizures tables. Amounts are bigint base units (numeric(78,0) in the database). */
export interface LotRow {
  readonly id: string;
  readonly seizureId: string;
  readonly caseId: string;
  readonly parentLotId: string | null;
  readonly asset: AssetCode;
  readonly chain: string;
  readonly amountUnits: bigint;
  readonly remainingUnits: bigint;
  readonly status: LegalStatus;
  readonly custodyKind: CustodyKind;
  readonly custodyRef: string;
  readonly custodianOrganisationId: string | null;
  readonly accountId: string;
  readonly escrowAccountId: string | null;
  readonly escrowAsset: AssetCode | null;
  readonly escrowUnits: bigint | null;
  readonly flagged: boolean;
  readonly screeningId: string | null;
  readonly listVersion: bigint | null;
  readonly organisationId: string | null;
  readonly createdAt: Date;
  readonly addresses: readonly string[];
  readonly txids: readonly string[];
  readonly evidence: readonly { sha256: string; name: string }[];
}

const LOT_COLUMNS = `l.id, l.seizure_id, l.case_id, l.parent_lot_id, l.asset, l.chain, l.amount_units,
  l.remaining_units, l.status, l.custody_kind, l.custody_ref, l.custodian_organisation_id,
  l.account_id, l.escrow_account_id, l.escrow_asset, l.escrow_units, l.flagged, l.screening_id,
  l.list_version, l.organisation_id, l.created_at,
  COALESCE((SELECT array_agg(address ORDER BY address) FROM seizure_lot_addresses WHERE lot_id = l.id), '{}') AS addresses,
  COALESCE((SELECT array_agg(txid ORDER BY txid) FROM seizure_lot_txids WHERE lot_id = l.id), '{}') AS txids,
  COALESCE((SELECT json_agg(json_build_object('sha256', sha256, 'name', name) ORDER BY sha256)
              FROM seizure_evidence WHERE lot_id = l.id), '[]') AS evidence`;

function toLot(r: Record<string, unknown>): LotRow {
  return {
    id: r['id'] as string,
    seizureId: r['seizure_id'] as string,
    caseId: r['case_id'] as string,
    parentLotId: r['parent_lot_id'] as string | null,
    asset: r['asset'] as AssetCode,
    chain: r['chain'] as string,
    amountUnits: r['amount_units'] as bigint,
    remainingUnits: r['remaining_units'] as bigint,
    status: r['status'] as LegalStatus,
    custodyKind: r['custody_kind'] as CustodyKind,
    custodyRef: r['custody_ref'] as string,
    custodianOrganisationId: r['custodian_organisation_id'] as string | null,
    accountId: r['account_id'] as string,
    escrowAccountId: r['escrow_account_id'] as string | null,
    escrowAsset: r['escrow_asset'] as AssetCode | null,
    escrowUnits: r['escrow_units'] as bigint | null,
    flagged: r['flagged'] as boolean,
    screeningId: r['screening_id'] as string | null,
    listVersion: r['list_version'] as bigint | null,
    organisationId: r['organisation_id'] as string | null,
    createdAt: r['created_at'] as Date,
    addresses: r['addresses'] as string[],
    txids: r['txids'] as string[],
    evidence: r['evidence'] as { sha256: string; name: string }[],
  };
}

export async function getLot(q: Queryable, id: string, lock = false): Promise<LotRow | null> {
  if (lock) await q.query('SELECT 1 FROM seizure_lots WHERE id = $1 FOR UPDATE', [id]);
  const [r] = await q.query(`SELECT ${LOT_COLUMNS} FROM seizure_lots l WHERE l.id = $1`, [id]);
  return r === undefined ? null : toLot(r);
}

export interface LotFilter {
  readonly organisations: 'all' | readonly string[];
  readonly caseId?: string | undefined;
  readonly status?: string | undefined;
  readonly asset?: string | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

export async function listLots(q: Queryable, f: LotFilter): Promise<LotRow[]> {
  const orgs = f.organisations === 'all' ? null : [...f.organisations];
  const rows = await q.query(
    `SELECT ${LOT_COLUMNS} FROM seizure_lots l
      WHERE ($1::uuid[] IS NULL OR l.organisation_id = ANY($1) OR l.custodian_organisation_id = ANY($1))
        AND ($2::uuid IS NULL OR l.case_id = $2)
        AND ($3::text IS NULL OR l.status = $3)
        AND ($4::text IS NULL OR l.asset = $4)
        AND ($5::uuid IS NULL OR l.id > $5)
      ORDER BY l.id LIMIT $6`,
    [orgs, f.caseId ?? null, f.status ?? null, f.asset ?? null, f.after ?? null, f.limit],
  );
  return rows.map(toLot);
}

export interface NewLot {
  readonly id: string;
  readonly seizureId: string;
  readonly caseId: string;
  readonly parentLotId: string | null;
  readonly asset: AssetCode;
  readonly chain: string;
  readonly amountUnits: bigint;
  readonly status: LegalStatus;
  readonly custodyKind: CustodyKind;
  readonly custodyRef: string;
  readonly custodianOrganisationId: string | null;
  readonly accountId: string;
  readonly flagged: boolean;
  readonly screeningId: string | null;
  readonly listVersion: bigint | null;
  readonly organisationId: string | null;
  readonly addresses: readonly string[];
  readonly txids: readonly string[];
  readonly evidence: readonly { sha256: string; name: string }[];
}

export async function insertLot(q: Queryable, l: NewLot, at: Date, seq: bigint): Promise<void> {
  await q.query(
    `INSERT INTO seizure_lots (id, seizure_id, case_id, parent_lot_id, asset, chain, amount_units,
       remaining_units, status, custody_kind, custody_ref, custodian_organisation_id, account_id,
       flagged, screening_id, list_version, organisation_id, created_at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
    [
      l.id,
      l.seizureId,
      l.caseId,
      l.parentLotId,
      l.asset,
      l.chain,
      l.amountUnits,
      l.status,
      l.custodyKind,
      l.custodyRef,
      l.custodianOrganisationId,
      l.accountId,
      l.flagged,
      l.screeningId,
      l.listVersion,
      l.organisationId,
      at,
      seq,
    ],
  );
  await q.query(
    `INSERT INTO seizure_lot_addresses (lot_id, address) SELECT $1, unnest($2::text[])
     ON CONFLICT DO NOTHING`,
    [l.id, l.addresses],
  );
  await q.query(
    `INSERT INTO seizure_lot_txids (lot_id, txid) SELECT $1, unnest($2::text[])
     ON CONFLICT DO NOTHING`,
    [l.id, l.txids],
  );
  for (const e of l.evidence) {
    await q.query(
      `INSERT INTO seizure_evidence (lot_id, sha256, name, added_at, audit_seq)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [l.id, e.sha256, e.name, at, seq],
    );
  }
}

export async function setLotState(
  q: Queryable,
  id: string,
  s: {
    status?: LegalStatus;
    remainingUnits?: bigint;
    custodianOrganisationId?: string | null;
    escrow?: { accountId: string; asset: AssetCode; units: bigint };
  },
): Promise<void> {
  await q.query(
    `UPDATE seizure_lots SET
       status = COALESCE($2, status),
       remaining_units = COALESCE($3, remaining_units),
       custodian_organisation_id = CASE WHEN $4 THEN $5::uuid ELSE custodian_organisation_id END,
       escrow_account_id = COALESCE($6, escrow_account_id),
       escrow_asset = COALESCE($7, escrow_asset),
       escrow_units = COALESCE($8, escrow_units)
     WHERE id = $1`,
    [
      id,
      s.status ?? null,
      s.remainingUnits ?? null,
      s.custodianOrganisationId !== undefined,
      s.custodianOrganisationId ?? null,
      s.escrow?.accountId ?? null,
      s.escrow?.asset ?? null,
      s.escrow?.units ?? null,
    ],
  );
}

export async function purposeAccount(
  q: Queryable,
  purpose: string,
  asset: AssetCode,
): Promise<string | null> {
  const [r] = await q.query<{ account_id: string }>(
    'SELECT account_id FROM seizure_ledger_accounts WHERE purpose = $1 AND asset = $2',
    [purpose, asset],
  );
  return r?.account_id ?? null;
}

export async function insertPurposeAccount(
  q: Queryable,
  purpose: string,
  asset: AssetCode,
  accountId: string,
): Promise<void> {
  await q.query(
    'INSERT INTO seizure_ledger_accounts (purpose, asset, account_id) VALUES ($1, $2, $3)',
    [purpose, asset, accountId],
  );
}

export async function caseById(
  q: Queryable,
  id: string,
): Promise<{ id: string; organisationId: string | null; caseNumber: string } | null> {
  const [r] = await q.query<{ id: string; organisation_id: string | null; case_number: string }>(
    'SELECT id, organisation_id, case_number FROM seizure_cases WHERE id = $1',
    [id],
  );
  return r === undefined
    ? null
    : { id: r.id, organisationId: r.organisation_id, caseNumber: r.case_number };
}

export interface ClaimRow {
  readonly id: string;
  readonly caseId: string;
  readonly lotId: string;
  readonly claimantRef: string;
  readonly claimedUnits: bigint;
  readonly approvedUnits: bigint | null;
  readonly paidUnits: bigint;
  readonly status: 'registered' | 'approved' | 'paid';
}

function toClaim(r: Record<string, unknown>): ClaimRow {
  return {
    id: r['id'] as string,
    caseId: r['case_id'] as string,
    lotId: r['lot_id'] as string,
    claimantRef: r['claimant_ref'] as string,
    claimedUnits: r['claimed_units'] as bigint,
    approvedUnits: r['approved_units'] as bigint | null,
    paidUnits: r['paid_units'] as bigint,
    status: r['status'] as ClaimRow['status'],
  };
}

export async function claimById(q: Queryable, id: string, lock = false): Promise<ClaimRow | null> {
  const [r] = await q.query(
    `SELECT * FROM seizure_claims WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r === undefined ? null : toClaim(r);
}

export async function claimsForLot(q: Queryable, lotId: string): Promise<ClaimRow[]> {
  const rows = await q.query('SELECT * FROM seizure_claims WHERE lot_id = $1 ORDER BY id', [lotId]);
  return rows.map(toClaim);
}

export async function claimsForCase(q: Queryable, caseId: string): Promise<ClaimRow[]> {
  const rows = await q.query('SELECT * FROM seizure_claims WHERE case_id = $1 ORDER BY id', [
    caseId,
  ]);
  return rows.map(toClaim);
}
