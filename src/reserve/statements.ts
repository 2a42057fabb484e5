import { z } from 'zod';
import { canonicalize } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, formatUnits, parseAmount, parseUnits } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { parseCsv } from '../core/csv.ts';
import { audit, type ReserveDeps } from './deps.ts';
import {
  navPeriod,
  validateNavImport,
  type NavStatement,
  type NavStatementError,
} from './metrics/nav.ts';
import * as store from './store.ts';
import { fundTermsSchema, NAV_PER_UNIT_SCALE } from './terms.ts';

/**
 * Monthly NAV statements, entered by hand or imported from CSV or JSON. An import is all or
 * nothing: every statement is checked (metrics/nav.ts) against the stored series and the ones
 * before it in the file, and one bad statement imports nothing. Money is USD with cents, units at
 * the fund's unit scale, a NAV per unit in USD to 12 decimals; a venture fund states only its NAV
 * (the reserve's capital account).
 *
 * CSV columns: manager (id or name), day, nav, units, nav_per_unit, management_fee,
 * performance_fee, gross_exposure_bps, positions ("BTC:1200.50;ETH:300"), exposures ("BTC:4500").
 */
const text = z.string().max(60);
export const statementTextSchema = z.strictObject({
  /** A manager id or its exact name. */
  manager: z.string().min(1).max(200),
  day: z.iso.date(),
  nav: text,
  units: text.nullable().default(null),
  navPerUnit: text.nullable().default(null),
  managementFee: text.default('0'),
  performanceFee: text.default('0'),
  grossExposureBps: z.int().min(0).max(1_000_000).nullable().default(null),
  positions: z
    .array(z.strictObject({ asset: z.string().min(1).max(20), value: text }))
    .max(100)
    .default([]),
  exposures: z
    .array(z.strictObject({ asset: z.string().min(1).max(20), bps: z.int() }))
    .max(100)
    .default([]),
});
export type StatementText = z.input<typeof statementTextSchema>;
type Parsed = z.infer<typeof statementTextSchema>;

export type NavImportError =
  NavStatementError | 'statement_invalid' | 'manager_not_found' | 'file_format_invalid';

interface Prepared {
  readonly manager: store.ManagerRow;
  readonly unitScale: number;
  readonly row: Omit<store.NavRow, 'id' | 'importId'>;
  readonly check: NavStatement;
}

/** Signed decimal: the checks, not the parser, decide what a negative NAV means. */
function signed(t: string, scale: number): bigint | null {
  const neg = t.startsWith('-');
  const p = parseUnits(neg ? t.slice(1) : t, scale);
  return p.ok ? (neg ? -p.value : p.value) : null;
}

function usd(t: string): bigint | null {
  const neg = t.startsWith('-');
  const p = parseAmount(neg ? t.slice(1) : t, 'USD');
  return p.ok ? (neg ? -p.value : p.value) : null;
}

function prepare(m: store.ManagerRow, s: Parsed, index: number): Result<Prepared, NavImportError> {
  const unitScale = fundTermsSchema.parse(m.terms).unitScale;
  const bad = (what: string) =>
    err('statement_invalid', `statement ${index + 1}: ${what}`, { index });
  const nav = usd(s.nav);
  const fees = [usd(s.managementFee), usd(s.performanceFee)];
  if (nav === null || fees.includes(null)) return bad('a NAV or fee is not a USD amount');
  const hedge = m.kind === 'hedge_fund';
  if (hedge && (s.units === null || s.navPerUnit === null))
    return bad('a hedge fund states its units and NAV per unit');
  const units = hedge ? signed(s.units ?? '', unitScale) : 10n ** BigInt(unitScale);
  // A venture statement is checked as one unit worth the whole NAV (NAV per unit in 10^-12 USD).
  const perUnit = hedge ? signed(s.navPerUnit ?? '', NAV_PER_UNIT_SCALE) : nav * 10n ** 10n;
  if (units === null || perUnit === null) return bad('units or NAV per unit are not decimals');
  const positions = s.positions.map((p) => ({ asset: p.asset, value: usd(p.value) }));
  if (positions.some((p) => p.value === null)) return bad('a position value is not a USD amount');
  const pos = positions.map((p) => ({ asset: p.asset, value: p.value ?? 0n }));
  const check = {
    day: s.day,
    nav,
    units,
    navPerUnit: perUnit,
    positions: pos,
    exposures: s.exposures,
    grossExposureBps: s.grossExposureBps,
  };
  const row = {
    managerId: m.id,
    period: navPeriod(s.day),
    day: s.day,
    nav,
    units: hedge ? units : null,
    navPerUnit: hedge ? perUnit : null,
    grossExposureBps: s.grossExposureBps,
    managementFee: fees[0] ?? 0n,
    performanceFee: fees[1] ?? 0n,
    positions: pos.map((p) => ({ asset: p.asset, value: formatAmount(p.value, 'USD') })),
    exposures: s.exposures,
    sha256: sha256Hex(canonicalize(s)),
  };
  return ok({ manager: m, unitScale, row, check });
}

async function findManager(tx: Tx, ref: string): Promise<store.ManagerRow | null> {
  const uuid = /^[0-9a-f-]{36}$/i.test(ref);
  return (uuid ? await store.manager(tx, ref) : null) ?? (await store.managerByName(tx, ref));
}

/** Checks the whole import against the stored series; returns each statement ready to insert. */
async function checkAll(
  tx: Tx,
  statements: readonly Parsed[],
): Promise<Result<Prepared[], NavImportError>> {
  const prepared: Prepared[] = [];
  for (const [i, s] of statements.entries()) {
    const m = await findManager(tx, s.manager);
    if (m === null)
      return err('manager_not_found', `statement ${i + 1}: no manager ${s.manager}`, { index: i });
    const p = prepare(m, s, i);
    if (!p.ok) return p;
    prepared.push(p.value);
  }
  for (const id of new Set(prepared.map((p) => p.manager.id))) {
    const mine = prepared.filter((p) => p.manager.id === id);
    const first = mine[0];
    if (first === undefined) continue;
    const stored = await store.navSeries(tx, id);
    const series = stored.map((n) => toCheck(n, first));
    const v = validateNavImport(
      series,
      mine.map((p) => p.check),
      first.unitScale,
    );
    if (!v.ok)
      return err(v.code, `${first.manager.name}: ${v.message}`, {
        ...v.detail,
        manager: first.manager.name,
      });
  }
  return ok(prepared);
}

function toCheck(n: store.NavRow, p: Prepared): NavStatement {
  return {
    day: n.day,
    nav: n.nav,
    units: n.units ?? 10n ** BigInt(p.unitScale),
    navPerUnit: n.navPerUnit ?? n.nav * 10n ** 10n,
    positions: [],
    exposures: n.exposures,
    grossExposureBps: n.grossExposureBps,
  };
}

async function importAll(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  statements: readonly Parsed[],
  onProgress?: (done: number, total: number) => void,
): Promise<Result<{ importId: string; imported: number }, NavImportError>> {
  const checked = await checkAll(tx, statements);
  if (!checked.ok) return checked;
  const importId = d.ids.next<'ReserveNavImport'>();
  const at = d.clock.now();
  for (const [i, p] of checked.value.entries()) {
    const id = d.ids.next<'ReserveNav'>();
    const r = p.row;
    const payload = {
      id,
      importId,
      ...r,
      nav: r.nav.toString(),
      units: r.units?.toString() ?? null,
      navPerUnit: r.navPerUnit?.toString() ?? null,
      managementFee: r.managementFee.toString(),
      performanceFee: r.performanceFee.toString(),
    };
    const seq = await audit(
      d,
      tx,
      { actorId: actor.id, requestId: null, at },
      'reserve.nav.recorded',
      [id, r.managerId],
      payload,
    );
    await store.insertNav(tx, { ...r, id, importId, actor: actor.id, at, auditSeq: seq });
    onProgress?.(i + 1, checked.value.length);
  }
  return ok({ importId, imported: checked.value.length });
}

/** Reads a JSON array (or `{statements: [...]}`) or a CSV file into statements, or says why not. */
export function parseNavFile(
  textIn: string,
  format: 'csv' | 'json',
): Result<Parsed[], NavImportError> {
  const raw = format === 'json' ? fromJson(textIn) : fromCsv(textIn);
  if (!raw.ok) return raw;
  const out: Parsed[] = [];
  for (const [i, r] of raw.value.entries()) {
    const p = statementTextSchema.safeParse(r);
    if (!p.success) {
      return err(
        'statement_invalid',
        `statement ${i + 1}: ${p.error.issues[0]?.message ?? 'invalid'}`,
        {
          index: i,
          issues: p.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message })),
        },
      );
    }
    out.push(p.data);
  }
  return ok(out);
}

function fromJson(t: string): Result<unknown[], 'file_format_invalid'> {
  try {
    const v: unknown = JSON.parse(t);
    const list = Array.isArray(v) ? v : (v as { statements?: unknown } | null)?.statements;
    return Array.isArray(list)
      ? ok(list)
      : err('file_format_invalid', 'expected an array of statements');
  } catch {
    return err('file_format_invalid', 'the file is not JSON');
  }
}

const CSV_COLUMNS = [
  'manager',
  'day',
  'nav',
  'units',
  'nav_per_unit',
  'management_fee',
  'performance_fee',
  'gross_exposure_bps',
  'positions',
  'exposures',
];

function fromCsv(t: string): Result<unknown[], 'file_format_invalid'> {
  const [header, ...rows] = parseCsv(t).filter((r) => r.some((c) => c.trim() !== ''));
  if (header === undefined || CSV_COLUMNS.some((c, i) => header[i]?.trim() !== c))
    return err('file_format_invalid', `the header must be: ${CSV_COLUMNS.join(',')}`);
  const pairs = (cell: string) =>
    cell.trim() === ''
      ? []
      : cell.split(';').map((x) => x.split(':').map((y) => y.trim()) as [string, string]);
  return ok(
    rows.map((r) => {
      const c = (i: number) => r[i]?.trim() ?? '';
      const n = (i: number) => (c(i) === '' ? null : c(i));
      return {
        manager: c(0),
        day: c(1),
        nav: c(2),
        units: n(3),
        navPerUnit: n(4),
        managementFee: c(5) || '0',
        performanceFee: c(6) || '0',
        grossExposureBps: n(7) === null ? null : Number(c(7)),
        positions: pairs(c(8)).map(([asset, value]) => ({ asset, value })),
        exposures: pairs(c(9)).map(([asset, bps]) => ({ asset, bps: Number(bps) })),
      };
    }),
  );
}

export function statementCommands(d: ReserveDeps) {
  return {
    /** One statement entered by hand. Errors: see `importNav`. */
    recordNav: (actor: Actor, s: StatementText) =>
      d.db.command(async (tx) => {
        const p = statementTextSchema.safeParse(s);
        if (!p.success)
          return err('statement_invalid', p.error.issues[0]?.message ?? 'invalid statement');
        return importAll(d, tx, actor, [p.data]);
      }),
    /**
     * A CSV or JSON file of statements, all or nothing. Errors: file_format_invalid,
     * statement_invalid, manager_not_found, and the checks of metrics/nav.ts (nav_negative,
     * nav_dates_out_of_order, nav_period_duplicate, nav_units_mismatch, …).
     */
    importNav: async (
      actor: Actor,
      file: { text: string; format: 'csv' | 'json' },
      onProgress?: (done: number, total: number) => void,
    ) => {
      const parsed = parseNavFile(file.text, file.format);
      if (!parsed.ok) return parsed;
      return d.db.command((tx) => importAll(d, tx, actor, parsed.value, onProgress));
    },
    navSeries: (managerId: string) => store.navSeries(d.db, managerId),
  };
}

/** A NAV row for replies: money as decimal strings. */
export function navView(n: store.NavRow, unitScale: number) {
  return {
    ...n,
    nav: formatAmount(n.nav, 'USD'),
    units: n.units === null ? null : formatUnits(n.units, unitScale),
    navPerUnit: n.navPerUnit === null ? null : formatUnits(n.navPerUnit, NAV_PER_UNIT_SCALE),
    managementFee: formatAmount(n.managementFee, 'USD'),
    performanceFee: formatAmount(n.performanceFee, 'USD'),
  };
}
