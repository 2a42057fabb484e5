import { parseCsv, toCsv } from '../core/csv.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { IntakeError } from './codes.ts';
import type { SeizuresDeps } from './deps.ts';
import { validateLot, type LotText, type ValidLot } from './intake.ts';
import { intakeInTx, openCaseInTx } from './cases.ts';
import { CSV_HEADER } from './csv-columns.ts';

/**
 * Bulk intake from CSV, one lot per row. Every row is validated first (the same `validateLot` as the
 * API); by default one bad row imports nothing, and `skipInvalid` imports the good rows. Lists inside
 * a cell (addresses, txids, evidence hashes) are separated by `;`. A case is opened on first sight of
 * its agency and case number.
 */
export { CSV_HEADER } from './csv-columns.ts';

export interface ImportRow {
  readonly line: number;
  readonly agency: string;
  readonly caseNumber: string;
  readonly court: string;
  readonly seizedOn: string;
  readonly lot: ValidLot;
}

export interface RowError {
  readonly line: number;
  /** The CSV column at fault, when one is (null: the row as a whole). */
  readonly column: (typeof CSV_HEADER)[number] | null;
  readonly code: string;
  readonly message: string;
}

/** Which column a lot's refusal points at: by the field it names, else by its code. */
const COLUMN_OF: Readonly<Record<string, (typeof CSV_HEADER)[number]>> = {
  asset: 'asset',
  chain: 'chain',
  amount: 'amount',
  addresses: 'addresses',
  txids: 'txids',
  evidence: 'evidence_sha256',
  custody: 'custody_kind',
  amount_must_be_positive: 'amount',
  lot_needs_address: 'addresses',
};

function columnOf(code: string, detail: Readonly<Record<string, unknown>> | undefined) {
  const field = detail?.['field'];
  return COLUMN_OF[typeof field === 'string' ? field : code] ?? null;
}

const list = (cell: string): string[] =>
  cell
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** Validates every row; returns the good ones and one error per bad row (line numbers are 1-based). */
export function validateCsv(
  text: string,
): Result<{ rows: ImportRow[]; errors: RowError[] }, 'csv_header_invalid'> {
  const [header, ...body] = parseCsv(text);
  if (header?.join(',') !== CSV_HEADER.join(',')) {
    return err('csv_header_invalid', `the first line must be: ${CSV_HEADER.join(',')}`);
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const [i, cells] of body.entries()) {
    const line = i + 2;
    if (cells.length === 1 && cells[0] === '') continue;
    if (cells.length !== CSV_HEADER.length) {
      errors.push({
        line,
        column: null,
        code: 'row_has_wrong_field_count',
        message: `${cells.length} fields`,
      });
      continue;
    }
    const [agency = '', caseNumber = '', court = '', seizedOn = '', asset = '', chain = ''] = cells;
    const [amount = '', addresses = '', txids = '', evidence = '', kind = '', ref = ''] =
      cells.slice(6);
    const caseColumn = agency === '' ? 'agency' : caseNumber === '' ? 'case_number' : 'seized_on';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(seizedOn) || agency === '' || caseNumber === '') {
      errors.push({
        line,
        column: caseColumn,
        code: 'row_case_invalid',
        message: 'agency, case number, seized_on',
      });
      continue;
    }
    const text: LotText = {
      asset,
      chain,
      amount,
      addresses: list(addresses),
      txids: list(txids),
      evidence: list(evidence).map((sha256) => ({
        sha256,
        name: `evidence ${sha256.slice(0, 8)}`,
      })),
      custodyKind: kind,
      custodyRef: ref,
    };
    const v = validateLot(text);
    if (!v.ok) {
      errors.push({ line, column: columnOf(v.code, v.detail), code: v.code, message: v.message });
    } else
      rows.push({ line, agency, caseNumber, court: court || 'unknown', seizedOn, lot: v.value });
  }
  return ok({ rows, errors });
}

/** The rejected rows as CSV, for the person who fixes the file. */
export function errorReport(errors: readonly RowError[]): string {
  return toCsv(
    ['line', 'code', 'message'],
    errors.map((e) => [e.line, e.code, e.message]),
  );
}

/** Imports validated rows in one transaction: all of them or, on any refusal, none. */
export async function importRows(
  d: SeizuresDeps,
  actor: Actor,
  rows: readonly ImportRow[],
  onProgress: (done: number) => void,
): Promise<Result<{ lots: number; created: { line: number; lotId: string }[] }, IntakeError>> {
  return d.db.command(async (tx) => {
    const cases = new Map<string, string>();
    const created: { line: number; lotId: string }[] = [];
    for (const [i, row] of rows.entries()) {
      const caseId = await caseFor(d, tx, actor, row, cases);
      const r = await intakeInTx(
        d,
        tx,
        actor,
        {
          caseId,
          seizedOn: row.seizedOn,
          exchangeId: null,
          note: `import line ${row.line}`,
          lots: [],
        },
        [row.lot],
      );
      if (!r.ok) return err(r.code, `line ${row.line}: ${r.message}`, { line: row.line });
      for (const l of r.value.lots) created.push({ line: row.line, lotId: l.id });
      onProgress(i + 1);
    }
    return ok({ lots: rows.length, created });
  });
}

async function caseFor(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  row: ImportRow,
  cases: Map<string, string>,
): Promise<string> {
  const key = `${row.agency}\u0000${row.caseNumber}`;
  const known = cases.get(key);
  if (known !== undefined) return known;
  const [found] = await tx.query<{ id: string }>(
    'SELECT id FROM seizure_cases WHERE agency = $1 AND case_number = $2',
    [row.agency, row.caseNumber],
  );
  let id = found?.id;
  if (id === undefined) {
    // A court named exactly as a court organisation is that court: its registrars see the lots.
    const court = (await d.governance.organisations()).find(
      (o) => o.kind === 'court' && o.name === row.court,
    );
    const opened = await openCaseInTx(d, tx, actor, {
      operationId: null,
      agency: row.agency,
      caseNumber: row.caseNumber,
      court: row.court,
      courtOrganisationId: court?.id ?? null,
      partyRefs: [],
    });
    if (!opened.ok) throw new Error(opened.message);
    id = opened.value.id;
  }
  cases.set(key, id);
  return id;
}
