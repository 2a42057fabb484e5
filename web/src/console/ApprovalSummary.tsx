import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { useRequestNames } from './approval-names.ts';
import { assetAmount, wholeAmount } from './money.ts';
import { shortId } from './names.tsx';

/**
 * What an approval request will do, in words: each field of its content with a readable label,
 * people by name, ids shortened (the full id on hover), amounts in the asset's units with its
 * symbol. The exact content that is signed stays one click away, folded under the summary.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A field's label: the console's word for it where there is one, else its name spelled out. */
function label(field: string, t: (key: Key) => string): string {
  const key = `approval.field.${field}`;
  return Object.hasOwn(DICTIONARIES.en, key) ? t(key as Key) : words(field);
}

function words(field: string): string {
  const spaced = field
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

type Row = readonly [label: string, value: string, title?: string];

function rowsOf(
  content: Record<string, unknown>,
  name: (id: string) => string,
  amount: (text: string, asset: string) => string,
  t: (key: Key) => string,
): Row[] {
  const words = (field: string): string => label(field, t);
  const item = (v: unknown): string => {
    if (typeof v !== 'string') return '…';
    if (UUID.test(v)) return shortId(v);
    return Object.hasOwn(DICTIONARIES.en, `role.${v}`) ? t(`role.${v}` as Key) : v;
  };
  const asset = typeof content['asset'] === 'string' ? content['asset'] : '';
  const rows: Row[] = [];
  for (const [field, value] of Object.entries(content)) {
    if (field === 'asset' && typeof content['amount'] === 'string') continue;
    if (field === 'amount' && typeof value === 'string' && asset !== '')
      rows.push([words(field), amount(value, asset)]);
    else if (typeof value === 'string' && UUID.test(value))
      rows.push([words(field), name(value), value]);
    else if (Array.isArray(value)) rows.push([words(field), value.map(item).join(', ')]);
    else if (typeof value === 'object' && value !== null) rows.push([words(field), '…']);
    else rows.push([words(field), String(value)]);
  }
  return rows;
}

/** A ledger transfer's legs: from which account, to which, how much of what. */
function transferRows(content: unknown, locale: string): Row[] {
  const transfers = (content as { transfers?: unknown }).transfers;
  if (!Array.isArray(transfers)) return [];
  return transfers.map((t: Record<string, unknown>, i) => {
    const from = typeof t['debitAccountId'] === 'string' ? t['debitAccountId'] : '';
    const to = typeof t['creditAccountId'] === 'string' ? t['creditAccountId'] : '';
    const units = typeof t['amount'] === 'string' ? t['amount'] : '0';
    const asset = typeof t['asset'] === 'string' ? t['asset'] : '';
    return [
      `${String(i + 1)}. ${shortId(from)} → ${shortId(to)}`,
      assetAmount(locale, units, asset),
      `${from} → ${to}`,
    ] as const;
  });
}

export function ApprovalSummary(p: {
  kind: string;
  content: unknown;
  /** The request's value in the reporting currency, as the server valued it when it was asked. */
  value?: { currency: string; units: string } | null;
}) {
  const { kind, content } = p;
  const { t, locale } = useI18n();
  const name = useRequestNames();
  const rows =
    kind === 'ledger.transfer'
      ? transferRows(content, locale)
      : typeof content === 'object' && content !== null && !Array.isArray(content)
        ? rowsOf(
            content as Record<string, unknown>,
            name,
            (v, a) =>
              // Ledger amounts are base units; the other kinds carry whole units as decimals.
              /^\d+$/.test(v) && v.length > 8
                ? assetAmount(locale, v, a)
                : wholeAmount(locale, v, a),
            t,
          )
        : [];
  if (p.value !== undefined && p.value !== null)
    rows.push([
      t('approval.valueReporting', { currency: p.value.currency }),
      assetAmount(locale, p.value.units, p.value.currency),
    ]);
  const kindKey = `kind.${kind}`;
  const title = Object.hasOwn(DICTIONARIES.en, kindKey) ? t(kindKey as Key) : kind;
  return (
    <section className="card approval-summary" aria-label={t('approval.summary')}>
      <h2>{title}</h2>
      <dl>
        {rows.map(([label, value, title]) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd title={title}>{value}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>{t('approval.exact')}</summary>
        <pre>{JSON.stringify(content, null, 2)}</pre>
      </details>
    </section>
  );
}
