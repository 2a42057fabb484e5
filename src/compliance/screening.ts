import { CHAINS, validateAddress, type AddressReason } from '../core/addresses.ts';

/**
 * Screening any time: the pure part. How a screened name is compared with a registered one
 * (`nameConfidence`), how a pasted CSV becomes rows (`parseScreeningCsv`), and which chain an
 * address belongs to (`classifyAddress`). The sanctions list keeps addresses and a party reference,
 * not names, so a name is screened against the exchange registry's names only.
 */
export const MAX_SCREENED = 1000;

/** Lower case, accents and punctuation gone, words separated by one space. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * How sure a name match is, 0..1: 1 when the normalised names are equal, otherwise the share of
 * distinct words the two have in common (Jaccard), so "Garantex" against "Garantex Europe" is 0.5.
 */
export function nameConfidence(screened: string, registered: string): number {
  const a = normaliseName(screened);
  const b = normaliseName(registered);
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  const ta = new Set(a.split(' '));
  const tb = new Set(b.split(' '));
  const common = [...ta].filter((t) => tb.has(t)).length;
  const union = new Set([...ta, ...tb]).size;
  return Math.round((common / union) * 1000) / 1000;
}

/** A name match below this is noise, not a hit. */
export const NAME_THRESHOLD = 0.5;

export interface ScreenRow {
  /** 1-based: the line of the CSV or the position in the list. */
  readonly row: number;
  readonly address: string;
  readonly asset: string | null;
}

/**
 * CSV columns: `address` (required) and `asset` (optional, e.g. BTC, USDT). A header line naming
 * them is optional; without one the first column is the address and the second the asset. Blank
 * lines are skipped; rows keep their line numbers so a report points at the line.
 */
export function parseScreeningCsv(csv: string): ScreenRow[] {
  const lines = csv.split(/\r?\n/);
  const first = splitCsv(lines[0] ?? '').map((c) => c.toLowerCase());
  const header = first.includes('address');
  const addressAt = header ? first.indexOf('address') : 0;
  const assetAt = header ? first.indexOf('asset') : 1;
  const rows: ScreenRow[] = [];
  lines.forEach((line, i) => {
    if ((header && i === 0) || line.trim() === '') return;
    const cells = splitCsv(line);
    const asset = assetAt < 0 ? '' : (cells[assetAt] ?? '');
    rows.push({ row: i + 1, address: cells[addressAt] ?? '', asset: asset === '' ? null : asset });
  });
  return rows;
}

function splitCsv(line: string): string[] {
  return line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** The chain an address is valid on, or why it is valid on none (judged on its likeliest chain). */
export function classifyAddress(
  address: string,
): { ok: true; chain: string; normalized: string } | { ok: false; code: AddressReason } {
  for (const chain of CHAINS) {
    const r = validateAddress(chain, address);
    if (r.ok) return { ok: true, chain: r.value.chain, normalized: r.value.normalized };
  }
  const r = validateAddress(likelyChain(address), address);
  return { ok: false, code: r.ok ? 'unknown_format' : r.code };
}

function likelyChain(address: string): string {
  if (/^0x/i.test(address)) return 'EVM';
  if (address.startsWith('T')) return 'TRON';
  if (/^(ltc1|[LM])/i.test(address)) return 'LTC';
  return 'BTC';
}
