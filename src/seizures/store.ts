import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import type { Queryable, Row } from '../db/pool.ts';
import { readRow } from '../db/row.ts';
import { CUSTODY_KINDS, LEGAL_STATUSES, type CustodyKind, type LegalStatus } from './model.ts';

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

function toLot(row: Row): LotRow {
  const r = readRow(row, 'seizure_lots');
  return {
    id: r.str('id'),
    seizureId: r.str('seizure_id'),
    caseId: r.str('case_id'),
    parentLotId: r.strOrNull('parent_lot_id'),
    asset: r.oneOf('asset', ASSET_CODES),
    chain: r.str('chain'),
    amountUnits: r.bigint('amount_units'),
    remainingUnits: r.bigint('remaining_units'),
    status: r.oneOf('status', LEGAL_STATUSES),
    custodyKind: r.oneOf('custody_kind', CUSTODY_KINDS),
    custodyRef: r.str('custody_ref'),
    custodianOrganisationId: r.strOrNull('custodian_organisation_id'),
    accountId: r.str('account_id'),
    escrowAccountId: r.strOrNull('escrow_account_id'),
    escrowAsset: r.oneOfOrNull('escrow_asset', ASSET_CODES),
    escrowUnits: r.bigintOrNull('escrow_units'),
    flagged: r.bool('flagged'),
    screeningId: r.strOrNull('screening_id'),
    listVersion: r.bigintOrNull('list_version'),
    organisationId: r.strOrNull('organisation_id'),
    createdAt: r.date('created_at'),
    addresses: r.strings('addresses'),
    txids: r.strings('txids'),
    evidence: r.objects('evidence', (e) => ({ sha256: e.str('sha256'), name: e.str('name') })),
  };
}

/**
 * Who sees a lot, as SQL over `l` and the organisations in $1 (null: everyone): its intake
 * organisation, the organisation holding it now, and the court its case is before, which must see
 * what it is asked to decide.
 */
const LOT_VISIBLE_TO_$1 = `($1::uuid[] IS NULL OR l.organisation_id = ANY($1)
  OR l.custodian_organisation_id = ANY($1)
  OR EXISTS (SELECT 1 FROM seizure_cases vc
              WHERE vc.id = l.case_id AND vc.court_organisation_id = ANY($1)))`;

/** Whether the organisations (or everyone, for 'all') see the lot; see LOT_VISIBLE_TO_$1. */
export async function lotVisible(
  q: Queryable,
  organisations: 'all' | readonly string[],
  lotId: string,
): Promise<boolean> {
  const orgs = organisations === 'all' ? null : [...organisations];
  const rows = await q.query(
    `SELECT 1 FROM seizure_lots l WHERE l.id = $2 AND ${LOT_VISIBLE_TO_$1}`,
    [orgs, lotId],
  );
  return rows.length > 0;
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
  /** The organisation that holds the lot now. */
  readonly holder?: string | undefined;
  readonly after?: string | undefined;
  /**
   * Search: the case number (any part), the lot id's start (the short id the pages show), the
   * asset, or a part of one of the lot's addresses.
   */
  readonly q?: string | undefined;
  readonly limit: number;
}

export async function listLots(q: Queryable, f: LotFilter): Promise<LotRow[]> {
  const orgs = f.organisations === 'all' ? null : [...f.organisations];
  const rows = await q.query(
    `SELECT ${LOT_COLUMNS} FROM seizure_lots l
      WHERE ${LOT_VISIBLE_TO_$1}
        AND ($2::uuid IS NULL OR l.case_id = $2)
        AND ($3::text IS NULL OR l.status = $3)
        AND ($4::text IS NULL OR l.asset = $4)
        AND ($5::uuid IS NULL OR l.id > $5)
        AND ($7::uuid IS NULL OR l.custodian_organisation_id = $7)
        AND ($8::text IS NULL OR starts_with(l.id::text, lower($8))
             OR right(l.id::text, length($8)) = lower($8) OR upper(l.asset) = upper($8)
             OR EXISTS (SELECT 1 FROM seizure_cases sc
                         WHERE sc.id = l.case_id AND strpos(lower(sc.case_number), lower($8)) > 0)
             OR EXISTS (SELECT 1 FROM seizure_lot_addresses sa
                         WHERE sa.lot_id = l.id AND strpos(lower(sa.address), lower($8)) > 0))
      ORDER BY l.id LIMIT $6`,
    [
      orgs,
      f.caseId ?? null,
      f.status ?? null,
      f.asset ?? null,
      f.after ?? null,
      f.limit,
      f.holder ?? null,
      searchText(f.q),
    ],
  );
  return rows.map(toLot);
}

/** A search as typed: trimmed, without the ellipsis a short id is shown with; empty is none. */
function searchText(q: string | undefined): string | null {
  const text = (q ?? '').trim().replace(/^…/, '').trim();
  return text === '' ? null : text;
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
  const [r] = await q.query(
    'SELECT account_id FROM seizure_ledger_accounts WHERE purpose = $1 AND asset = $2',
    [purpose, asset],
  );
  return r === undefined ? null : readRow(r, 'seizure_ledger_accounts').str('account_id');
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
): Promise<{
  id: string;
  organisationId: string | null;
  caseNumber: string;
  courtOrganisationId: string | null;
} | null> {
  const [row] = await q.query(
    'SELECT id, organisation_id, case_number, court_organisation_id FROM seizure_cases WHERE id = $1',
    [id],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'seizure_cases');
  return {
    id: r.str('id'),
    organisationId: r.strOrNull('organisation_id'),
    caseNumber: r.str('case_number'),
    courtOrganisationId: r.strOrNull('court_organisation_id'),
  };
}

const CLAIM_STATUSES = ['registered', 'approved', 'paid'] as const;

export interface ClaimRow {
  readonly id: string;
  readonly caseId: string;
  readonly lotId: string;
  readonly claimantRef: string;
  readonly claimedUnits: bigint;
  readonly approvedUnits: bigint | null;
  readonly paidUnits: bigint;
  readonly status: (typeof CLAIM_STATUSES)[number];
  /** The claim's evidence, by its SHA-256 and file name; null for claims registered without. */
  readonly evidence: { readonly sha256: string; readonly name: string } | null;
}

function toClaim(row: Row): ClaimRow {
  const r = readRow(row, 'seizure_claims');
  return {
    id: r.str('id'),
    caseId: r.str('case_id'),
    lotId: r.str('lot_id'),
    claimantRef: r.str('claimant_ref'),
    claimedUnits: r.bigint('claimed_units'),
    approvedUnits: r.bigintOrNull('approved_units'),
    paidUnits: r.bigint('paid_units'),
    status: r.oneOf('status', CLAIM_STATUSES),
    evidence: evidenceOf(r.strOrNull('evidence_sha256'), r.strOrNull('evidence_name')),
  };
}

function evidenceOf(sha256: string | null, name: string | null) {
  return sha256 === null ? null : { sha256, name: name ?? '' };
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

/** What has been paid to victims out of a lot's escrowed sale proceeds. */
export async function escrowPaidUnits(q: Queryable, lotId: string): Promise<bigint> {
  const [r] = await q.query(
    `SELECT sum(amount_units) AS paid FROM seizure_payouts WHERE lot_id = $1 AND source = 'escrow'`,
    [lotId],
  );
  return (r === undefined ? null : readRow(r, 'seizure_payouts').bigintOrNull('paid')) ?? 0n;
}

export interface PayoutRow {
  readonly id: string;
  readonly claimId: string;
  readonly lotId: string;
  readonly amountUnits: bigint;
  readonly source: 'custody' | 'escrow';
  /** Null for payouts recorded before payouts named their asset: the lot's asset. */
  readonly asset: AssetCode | null;
  readonly transferId: string;
  readonly at: Date;
}

export async function payoutsForClaims(
  q: Queryable,
  claimIds: readonly string[],
): Promise<PayoutRow[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT id, claim_id, lot_id, amount_units, source, asset, transfer_id, at
       FROM seizure_payouts WHERE claim_id = ANY($1::uuid[]) ORDER BY at, id`,
    [claimIds],
  );
  return rows.map((row) => {
    const r = readRow(row, 'seizure_payouts');
    return {
      id: r.str('id'),
      claimId: r.str('claim_id'),
      lotId: r.str('lot_id'),
      amountUnits: r.bigint('amount_units'),
      source: r.oneOf('source', ['custody', 'escrow']),
      asset: r.oneOfOrNull('asset', ASSET_CODES),
      transferId: r.str('transfer_id'),
      at: r.date('at'),
    };
  });
}

export interface ClaimFilter {
  readonly organisations: 'all' | readonly string[];
  readonly caseId?: string | undefined;
  readonly status?: ClaimRow['status'] | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** Claims on lots the caller may see (intake organisation or current custodian), by id. */
export async function listClaims(q: Queryable, f: ClaimFilter): Promise<ClaimRow[]> {
  const orgs = f.organisations === 'all' ? null : [...f.organisations];
  const rows = await q.query(
    `SELECT c.* FROM seizure_claims c JOIN seizure_lots l ON l.id = c.lot_id
      WHERE ${LOT_VISIBLE_TO_$1}
        AND ($2::uuid IS NULL OR c.case_id = $2)
        AND ($3::text IS NULL OR c.status = $3)
        AND ($4::uuid IS NULL OR c.id > $4)
      ORDER BY c.id LIMIT $5`,
    [orgs, f.caseId ?? null, f.status ?? null, f.after ?? null, f.limit],
  );
  return rows.map(toClaim);
}

const HANDOFF_STATES = ['pending', 'completed', 'cancelled'] as const;

export interface HandoffRow {
  readonly id: string;
  readonly state: (typeof HANDOFF_STATES)[number];
  /** Why a cancelled proposal was cancelled; null otherwise. */
  readonly cancelReason: string | null;
  readonly lotIds: readonly string[];
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly releasingOfficerId: string;
  readonly receivingOfficerId: string;
  readonly note: string;
  /** The canonical text both officers sign. */
  readonly content: string;
  readonly at: Date;
  /** Which officers have signed: both for a recorded hand-off, each in turn for a proposal. */
  readonly signed: { readonly releasing: boolean; readonly receiving: boolean };
}

export type HandoffState = HandoffRow['state'];

export interface HandoffFilter {
  readonly organisations: 'all' | readonly string[];
  readonly lotId?: string | undefined;
  readonly state?: HandoffState | undefined;
  /** Cursor: the time and id of the last row of the previous page (newest first). */
  readonly after?: { readonly at: Date; readonly id: string } | undefined;
  readonly limit: number;
}

/**
 * Hand-offs touching the caller's organisations: completed ones (both signatures recorded),
 * proposals still waiting for their signatures, and cancelled proposals, newest first. Their
 * times come from the application clock (milliseconds), so a cursor written as an ISO time
 * loses nothing.
 */
export async function listHandoffs(q: Queryable, f: HandoffFilter): Promise<HandoffRow[]> {
  const orgs = f.organisations === 'all' ? null : [...f.organisations];
  const rows = await q.query<Record<string, unknown>>(
    `SELECT h.*, ${SIDE_SIGNED('releasing')} AS releasing_signed,
            ${SIDE_SIGNED('receiving')} AS receiving_signed FROM (
       SELECT id, 'completed' AS state, lot_ids, from_organisation_id, to_organisation_id,
              releasing_officer_id, receiving_officer_id, (content::json)->>'note' AS note, content, at,
              NULL::text AS cancel_reason
         FROM seizure_handoffs
       UNION ALL
       SELECT p.id, CASE WHEN c.handoff_id IS NULL THEN 'pending' ELSE 'cancelled' END, p.lot_ids,
              p.from_organisation_id, p.to_organisation_id, p.releasing_officer_id,
              p.receiving_officer_id, p.note, p.content, COALESCE(c.cancelled_at, p.proposed_at),
              c.reason
         FROM seizure_handoff_proposals p
         LEFT JOIN seizure_handoff_cancellations c ON c.handoff_id = p.id
        WHERE NOT EXISTS (SELECT 1 FROM seizure_handoffs h WHERE h.id = p.id)) h
      WHERE ($1::uuid[] IS NULL OR h.from_organisation_id = ANY($1) OR h.to_organisation_id = ANY($1))
        AND ($2::uuid IS NULL OR $2 = ANY(h.lot_ids))
        AND ($4::text IS NULL OR h.state = $4)
        AND ($5::timestamptz IS NULL OR h.at < $5 OR (h.at = $5 AND h.id > $6::uuid))
      ORDER BY at DESC, id LIMIT $3`,
    [orgs, f.lotId ?? null, f.limit, f.state ?? null, f.after?.at ?? null, f.after?.id ?? null],
  );
  return rows.map((row) => {
    const r = readRow(row, 'seizure hand-offs and proposals');
    return {
      id: r.str('id'),
      state: r.oneOf('state', HANDOFF_STATES),
      lotIds: r.strings('lot_ids'),
      fromOrganisationId: r.str('from_organisation_id'),
      toOrganisationId: r.str('to_organisation_id'),
      releasingOfficerId: r.str('releasing_officer_id'),
      receivingOfficerId: r.str('receiving_officer_id'),
      note: r.str('note'),
      content: r.str('content'),
      at: r.date('at'),
      cancelReason: r.strOrNull('cancel_reason'),
      signed: { releasing: r.bool('releasing_signed'), receiving: r.bool('receiving_signed') },
    };
  });
}

/** A side has signed: the hand-off is recorded, or that side's signature is kept. */
const SIDE_SIGNED = (side: 'releasing' | 'receiving') =>
  `(h.state = 'completed' OR EXISTS (SELECT 1 FROM seizure_handoff_signatures s
     WHERE s.handoff_id = h.id AND s.side = '${side}'))`;

export interface TransitionRow {
  readonly id: string;
  readonly from: LegalStatus;
  readonly to: LegalStatus;
  readonly courtOrderRef: string | null;
  readonly courtOrderDate: string | null;
  readonly courtOrderSha256: string | null;
  readonly courtOrderName: string | null;
  readonly ground: string | null;
  readonly reason: string;
  readonly requestId: string | null;
  readonly initiator: string;
  readonly at: Date;
}

export async function transitionsForLot(q: Queryable, lotId: string): Promise<TransitionRow[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT id, from_status, to_status, court_order_ref, ground, reason, request_id, initiator, at,
            to_char(court_order_date, 'YYYY-MM-DD') AS court_order_date, court_order_sha256,
            court_order_name
       FROM seizure_transitions WHERE lot_id = $1 ORDER BY audit_seq`,
    [lotId],
  );
  return rows.map((row) => {
    const r = readRow(row, 'seizure_transitions');
    return {
      id: r.str('id'),
      from: r.oneOf('from_status', LEGAL_STATUSES),
      to: r.oneOf('to_status', LEGAL_STATUSES),
      courtOrderRef: r.strOrNull('court_order_ref'),
      courtOrderDate: r.strOrNull('court_order_date'),
      courtOrderSha256: r.strOrNull('court_order_sha256'),
      courtOrderName: r.strOrNull('court_order_name'),
      ground: r.strOrNull('ground'),
      reason: r.str('reason'),
      requestId: r.strOrNull('request_id'),
      initiator: r.str('initiator'),
      at: r.date('at'),
    };
  });
}
