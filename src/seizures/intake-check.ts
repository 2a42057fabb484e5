import type { AssetCode } from '../core/assets.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { SeizuresDeps } from './deps.ts';
import { validateCsv, type RowError } from './import.ts';
import { validateLot, type LotText } from './intake.ts';
import * as store from './store.ts';

/**
 * What an intake would record, said before it is: each lot's validation (the same `validateLot` the
 * intake runs) and, for a valid lot, each address against the current sanctions list (the same
 * lookup the screening records) and the registry's best label for it. Reads only: no screening, no
 * alert, no audit entry, so an officer may check as often as they like.
 */
export interface AddressCheck {
  readonly address: string;
  readonly hit: boolean;
  /** The list's asset and spelling of a hit; null when clear. */
  readonly listAsset: string | null;
  /** The registry's best label on the address (an exchange, a mixer…), null when unlabelled. */
  readonly label: string | null;
}

export interface Screened {
  readonly listVersion: string;
  /** The list's file name: where the version came from. */
  readonly source: string;
  readonly addresses: readonly AddressCheck[];
}

export interface LotCheck {
  readonly index: number;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly field: string | null;
  } | null;
  readonly amount: string | null;
  readonly screening: Screened | null;
}

export type CheckError = 'case_not_found' | 'sanctions_list_missing';

export async function checkIntake(
  d: SeizuresDeps,
  input: { caseId: string; lots: readonly LotText[] },
): Promise<Result<{ valid: boolean; lots: LotCheck[] }, CheckError>> {
  if ((await store.caseById(d.db, input.caseId)) === null) {
    return err('case_not_found', `no case ${input.caseId}`);
  }
  const lots: LotCheck[] = [];
  for (const [index, t] of input.lots.entries()) {
    const v = validateLot(t);
    if (!v.ok) {
      const field = v.detail?.['field'];
      lots.push({
        index,
        error: {
          code: v.code,
          message: v.message,
          field: typeof field === 'string' ? field : null,
        },
        amount: null,
        screening: null,
      });
      continue;
    }
    const screening = await screen(d, v.value.addresses);
    if (!screening.ok) return screening;
    const amount = formatAmount(v.value.amountUnits, v.value.asset);
    lots.push({ index, error: null, amount, screening: screening.value });
  }
  return ok({ valid: lots.every((l) => l.error === null), lots });
}

export async function screen(
  d: SeizuresDeps,
  addresses: readonly string[],
): Promise<Result<Screened, 'sanctions_list_missing'>> {
  const found = await d.compliance.listedAmong(addresses);
  if (!found.ok) return found;
  const out: AddressCheck[] = [];
  for (const address of addresses) {
    const hit = found.value.hits.find((h) => h.address === address);
    const [label] = await d.compliance.registry.labels(address);
    out.push({
      address,
      hit: hit !== undefined,
      listAsset: hit?.listAsset ?? null,
      label: label?.label ?? null,
    });
  }
  return ok({
    listVersion: found.value.snapshot.version.toString(),
    source: found.value.snapshot.fileName,
    addresses: out,
  });
}

export interface CsvRowCheck {
  readonly line: number;
  readonly agency: string;
  readonly caseNumber: string;
  readonly court: string;
  readonly seizedOn: string;
  readonly asset: AssetCode;
  readonly chain: string;
  readonly amount: string;
  readonly screening: Screened;
}

/** A CSV file checked row by row, server side, before anything of it is written. */
export async function checkCsv(
  d: SeizuresDeps,
  text: string,
): Promise<Result<{ rows: CsvRowCheck[]; errors: RowError[] }, 'csv_header_invalid' | CheckError>> {
  const parsed = validateCsv(text);
  if (!parsed.ok) return parsed;
  const rows: CsvRowCheck[] = [];
  for (const r of parsed.value.rows) {
    const screening = await screen(d, r.lot.addresses);
    if (!screening.ok) return screening;
    rows.push({
      line: r.line,
      agency: r.agency,
      caseNumber: r.caseNumber,
      court: r.court,
      seizedOn: r.seizedOn,
      asset: r.lot.asset,
      chain: r.lot.chain,
      amount: formatAmount(r.lot.amountUnits, r.lot.asset),
      screening: screening.value,
    });
  }
  return ok({ rows, errors: parsed.value.errors });
}
