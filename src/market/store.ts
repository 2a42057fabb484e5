import type { Json } from '../core/canonical.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { readRow } from '../db/row.ts';

/** SQL for the market tables (migration 0600). Append-only; the latest row per key wins on read. */
export interface StoredPrice {
  readonly day: string;
  readonly source: string;
  readonly close: bigint;
  readonly open: bigint | null;
  readonly high: bigint | null;
  readonly low: bigint | null;
  readonly volume: bigint | null;
}

/** A `market_prices` row as the price reads select it (`day` formatted by `to_char`). */
function storedPrice(row: Row): StoredPrice {
  const r = readRow(row, 'market_prices');
  return {
    day: r.str('day'),
    source: r.str('source'),
    close: r.bigint('close'),
    open: r.bigintOrNull('open'),
    high: r.bigintOrNull('high'),
    low: r.bigintOrNull('low'),
    volume: r.bigintOrNull('volume'),
  };
}

export interface ImportRecord {
  readonly id: string;
  readonly kind: 'csv' | 'fx' | 'manual';
  readonly asset: string | null;
  readonly quote: string;
  readonly source: string;
  readonly fileName: string | null;
  readonly fileSha256: string | null;
  readonly layout: Json;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  readonly actor: string;
  readonly at: string;
  readonly auditSeq: bigint;
}

export async function insertImport(tx: Queryable, r: ImportRecord): Promise<void> {
  await tx.query(
    `INSERT INTO market_imports (id, kind, asset, quote, source, file_name, file_sha256, layout,
       rows_imported, rows_rejected, actor, imported_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      r.id,
      r.kind,
      r.asset,
      r.quote,
      r.source,
      r.fileName,
      r.fileSha256,
      JSON.stringify(r.layout),
      r.rowsImported,
      r.rowsRejected,
      r.actor,
      r.at,
      r.auditSeq,
    ],
  );
}

export interface NewPriceRow {
  readonly asset: string;
  readonly quote: string;
  readonly day: string;
  readonly close: bigint;
  readonly open?: bigint | undefined;
  readonly high?: bigint | undefined;
  readonly low?: bigint | undefined;
  readonly volume?: bigint | undefined;
}

/** Inserts in one statement per 1000 rows (unnest), so a 5000-row file is five round trips. */
export async function insertPrices(
  tx: Queryable,
  rows: readonly NewPriceRow[],
  source: string,
  importId: string,
  at: string,
): Promise<void> {
  const text = (v: bigint | undefined): string | null => (v === undefined ? null : v.toString());
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await tx.query(
      `INSERT INTO market_prices (asset, quote, day, source, close, open, high, low, volume, import_id, recorded_at)
       SELECT a, q, d::date, $1, c::numeric, o::numeric, h::numeric, l::numeric, v::numeric, $2, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[]) AS t(a, q, d, c, o, h, l, v)`,
      [
        source,
        importId,
        at,
        chunk.map((r) => r.asset),
        chunk.map((r) => r.quote),
        chunk.map((r) => r.day),
        chunk.map((r) => r.close.toString()),
        chunk.map((r) => text(r.open)),
        chunk.map((r) => text(r.high)),
        chunk.map((r) => text(r.low)),
        chunk.map((r) => text(r.volume)),
      ],
    );
  }
}

/**
 * The effective price per day and source in [from, to]: the latest recorded row for each.
 */
export async function pricesBySource(
  q: Queryable,
  asset: string,
  quote: string,
  from: string,
  to: string,
): Promise<StoredPrice[]> {
  const rows = await q.query(
    `SELECT DISTINCT ON (day, source) to_char(day, 'YYYY-MM-DD') AS day, source, close, open, high, low, volume
       FROM market_prices
      WHERE asset = $1 AND quote = $2 AND day BETWEEN $3 AND $4
      ORDER BY day, source, recorded_at DESC, import_id DESC`,
    [asset, quote, from, to],
  );
  return rows.map(storedPrice);
}

/**
 * One price per day: an approved manual price first (it exists to correct or fill), else the
 * source recorded most recently for that day.
 */
export async function effectivePrices(
  q: Queryable,
  asset: string,
  quote: string,
  from: string,
  to: string,
): Promise<StoredPrice[]> {
  const rows = await q.query(
    `SELECT DISTINCT ON (day) to_char(day, 'YYYY-MM-DD') AS day, source, close, open, high, low, volume
       FROM market_prices
      WHERE asset = $1 AND quote = $2 AND day BETWEEN $3 AND $4
      ORDER BY day, (source = 'manual') DESC, recorded_at DESC, import_id DESC`,
    [asset, quote, from, to],
  );
  return rows.map(storedPrice);
}

/** The effective price on `day` or the latest day before it. */
export async function priceOnOrBefore(
  q: Queryable,
  asset: AssetCode,
  quote: AssetCode,
  day: string,
): Promise<StoredPrice | null> {
  const [row] = await q.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, source, close, open, high, low, volume
       FROM market_prices
      WHERE asset = $1 AND quote = $2 AND day <= $3
      ORDER BY day DESC, (source = 'manual') DESC, recorded_at DESC, import_id DESC
      LIMIT 1`,
    [asset, quote, day],
  );
  return row === undefined ? null : storedPrice(row);
}

export interface ManualPriceRow {
  readonly id: string;
  readonly asset: string;
  readonly quote: string;
  readonly day: string;
  readonly close: bigint;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decision: 'approved' | 'rejected' | null;
  readonly decidedBy: string | null;
  /** The approval request that decided it. */
  readonly approvalRef: string | null;
}

const DECISIONS = ['approved', 'rejected'] as const;

function manualPrice(row: Row): ManualPriceRow {
  const r = readRow(row, 'market_manual_prices');
  return {
    id: r.str('id'),
    asset: r.str('asset'),
    quote: r.str('quote'),
    day: r.str('day'),
    close: r.bigint('close'),
    reason: r.str('reason'),
    requestedBy: r.str('requestedBy'),
    // timestamptz; the row type (and the answer) carry it as ISO text, as JSON would send it.
    requestedAt: r.date('requestedAt').toISOString(),
    decision: r.oneOfOrNull('decision', DECISIONS),
    decidedBy: r.strOrNull('decidedBy'),
    approvalRef: r.strOrNull('approvalRef'),
  };
}

export async function insertManual(
  tx: Queryable,
  m: Omit<ManualPriceRow, 'decision' | 'decidedBy' | 'approvalRef'>,
  auditSeq: bigint,
): Promise<void> {
  await tx.query(
    `INSERT INTO market_manual_prices (id, asset, quote, day, close, reason, requested_by, requested_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      m.id,
      m.asset,
      m.quote,
      m.day,
      m.close.toString(),
      m.reason,
      m.requestedBy,
      m.requestedAt,
      auditSeq,
    ],
  );
}

export async function manualPrices(
  q: Queryable,
  filter: { readonly id?: string; readonly pendingOnly?: boolean },
): Promise<ManualPriceRow[]> {
  const rows = await q.query(
    `SELECT m.id, m.asset, m.quote, to_char(m.day, 'YYYY-MM-DD') AS day, m.close, m.reason,
            m.requested_by AS "requestedBy", m.requested_at AS "requestedAt",
            d.decision, d.decided_by AS "decidedBy", d.approval_ref AS "approvalRef"
       FROM market_manual_prices m LEFT JOIN market_manual_decisions d ON d.manual_id = m.id
      WHERE ($1::uuid IS NULL OR m.id = $1) AND (NOT $2 OR d.manual_id IS NULL)
      ORDER BY m.requested_at, m.id`,
    [filter.id ?? null, filter.pendingOnly === true],
  );
  return rows.map(manualPrice);
}

export async function insertDecision(
  tx: Queryable,
  d: {
    readonly manualId: string;
    readonly decision: 'approved' | 'rejected';
    readonly approvalRef: string | null;
    readonly importId: string | null;
    readonly decidedBy: string;
    readonly at: string;
    readonly auditSeq: bigint;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO market_manual_decisions (manual_id, decision, approval_ref, import_id, decided_by, decided_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [d.manualId, d.decision, d.approvalRef, d.importId, d.decidedBy, d.at, d.auditSeq],
  );
}

export async function insertValuation(
  tx: Queryable,
  v: {
    readonly id: string;
    readonly day: string;
    readonly currency: string;
    readonly total: bigint;
    readonly stale: boolean;
    readonly lines: Json;
    readonly at: string;
    readonly auditSeq: bigint;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO market_valuations (id, day, currency, total, stale, lines, computed_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      v.id,
      v.day,
      v.currency,
      v.total.toString(),
      v.stale,
      JSON.stringify(v.lines),
      v.at,
      v.auditSeq,
    ],
  );
}

export async function valuationSeries(
  q: Queryable,
  currency: string,
  from: string,
  to: string,
): Promise<{ day: string; total: bigint; stale: boolean }[]> {
  const rows = await q.query(
    `SELECT DISTINCT ON (day) to_char(day, 'YYYY-MM-DD') AS day, total, stale
       FROM market_valuations WHERE currency = $1 AND day BETWEEN $2 AND $3
      ORDER BY day, computed_at DESC, id DESC`,
    [currency, from, to],
  );
  return rows.map((row) => {
    const r = readRow(row, 'market_valuations');
    return { day: r.str('day'), total: r.bigint('total'), stale: r.bool('stale') };
  });
}

/** Each pair and source in the store, with its first and last day and how many days it covers. */
export async function coverage(q: Queryable): Promise<
  {
    asset: string;
    quote: string;
    source: string;
    first: string;
    last: string;
    days: number;
  }[]
> {
  const rows = await q.query(
    `SELECT asset, quote, source, to_char(min(day), 'YYYY-MM-DD') AS first,
            to_char(max(day), 'YYYY-MM-DD') AS last, count(DISTINCT day) AS days
       FROM market_prices GROUP BY asset, quote, source ORDER BY asset, quote, source`,
  );
  return rows.map((row) => {
    const r = readRow(row, 'market_prices');
    return {
      asset: r.str('asset'),
      quote: r.str('quote'),
      source: r.str('source'),
      first: r.str('first'),
      last: r.str('last'),
      days: Number(r.bigint('days')),
    };
  });
}
