import type { Action } from '../../../src/core/identity.ts';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import type { Me } from './LoginSession.ts';

/**
 * What only the seizures and custody pages share: the states the server sends (legal statuses,
 * hand-off, claim and custody-move states, registry statuses) as badges in the console's language,
 * custody kinds by name, paging over the API's cursor, and a CSV download built in the browser.
 * Problems, empty states, ids and names come from `web/src/ui/`.
 */
const STATES = [
  'seized',
  'frozen',
  'forfeiture_pending',
  'forfeited',
  'returned_to_owner',
  'restitution_to_victims',
  'released',
  'emergency_sold',
  'split',
  'pending',
  'completed',
  'cancelled',
  'registered',
  'approved',
  'paid',
  'unknown',
  'licensed',
  'illegal',
  'shut_down',
  'prepared',
  'signed',
  'broadcast',
  'confirmed',
] as const;
type State = (typeof STATES)[number];

const STATUS_TONE: Readonly<Partial<Record<State, string>>> = {
  forfeited: 'ok',
  returned_to_owner: 'ok',
  released: 'ok',
  restitution_to_victims: 'warn',
  emergency_sold: 'warn',
  forfeiture_pending: 'warn',
  pending: 'warn',
  completed: 'ok',
  approved: 'warn',
  paid: 'ok',
  shut_down: 'bad',
  illegal: 'bad',
  licensed: 'ok',
  confirmed: 'ok',
};

const isState = (v: string): v is State => (STATES as readonly string[]).includes(v);

/** A state the server sent, as a word in the console's language (an unknown one as it came). */
export function useStateName(): (value: string) => string {
  const { t } = useI18n();
  return (v) => (isState(v) ? t(`seizures.state.${v}`) : v.replaceAll('_', ' '));
}

export function Badge({ value }: { value: string }) {
  const name = useStateName();
  const tone = isState(value) ? (STATUS_TONE[value] ?? '') : '';
  return (
    <span className={`badge ${tone}`.trim()} data-value={value}>
      {name(value)}
    </span>
  );
}

const CUSTODY_KINDS = ['seizure_wallet', 'custodian_account', 'exchange_freeze'] as const;

/** Where a lot is kept (a seizure wallet, an account at a custodian, a freeze at an exchange). */
export function useCustodyKindName(): (kind: string) => string {
  const { t } = useI18n();
  return (k) =>
    (CUSTODY_KINDS as readonly string[]).includes(k)
      ? t(`seizures.custodyKind.${k as (typeof CUSTODY_KINDS)[number]}`)
      : k.replaceAll('_', ' ');
}

function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Downloads rows as a CSV file, quoting cells the way RFC 4180 asks. */
export function downloadCsv(name: string, header: readonly string[], rows: readonly string[][]) {
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Paging over the API's `after` cursor: the cursors seen so far let "Previous" go back. */
export function CursorPager(p: {
  cursors: readonly string[];
  next: string | null | undefined;
  onChange: (cursors: readonly string[]) => void;
}) {
  const { t } = useI18n();
  const next = p.next;
  // One page and nothing before it: buttons that can never be pressed are clutter.
  if (p.cursors.length === 0 && (next === null || next === undefined)) return null;
  return (
    <div className="actions pager">
      <button
        type="button"
        className="secondary"
        disabled={p.cursors.length === 0}
        onClick={() => {
          p.onChange(p.cursors.slice(0, -1));
        }}
      >
        {t('table.previous')}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={next === null || next === undefined}
        onClick={() => {
          if (next !== null && next !== undefined) p.onChange([...p.cursors, next]);
        }}
      >
        {t('table.next')}
      </button>
    </div>
  );
}

/**
 * Kept for the Market page, which still imports them from here; new code takes `Empty` and
 * `ProblemNote` from `ui/common.tsx` and permissions from `useSession().can`.
 */
export { Empty, ProblemNote as ProblemLine } from '../ui/common.tsx';

export function useMe(): Me | null {
  return useSession().me ?? null;
}

export function can(me: Me | null, action: Action): boolean {
  return me?.permissions.includes(action) === true;
}
