import { useEffect, useState } from 'react';
import type { Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { whoAmI, type Me } from './LoginSession.ts';

/**
 * Small pieces the seizures pages share: problems shown as the API sent them, legal-status badges,
 * organisation names, the caller's permissions, and a CSV download built in the browser.
 */
export function ProblemLine({ problem }: { problem: Problem | null }) {
  if (problem === null) return null;
  return (
    <p className="error" role="alert">
      <strong>{problem.code.replaceAll('_', ' ')}</strong>
      {problem.detail === undefined ? '' : `: ${problem.detail}`}
    </p>
  );
}

const STATUS_TONE: Readonly<Record<string, string>> = {
  forfeited: 'ok',
  returned_to_owner: 'ok',
  released: 'ok',
  restitution_to_victims: 'warn',
  emergency_sold: 'warn',
  forfeiture_pending: 'warn',
  frozen: '',
  seized: '',
  split: '',
  pending: 'warn',
  completed: 'ok',
  registered: '',
  approved: 'warn',
  paid: 'ok',
  shut_down: 'bad',
  illegal: 'bad',
  licensed: 'ok',
};

export function Badge({ value }: { value: string }) {
  const tone = STATUS_TONE[value] ?? '';
  return <span className={`badge ${tone}`.trim()}>{value.replaceAll('_', ' ')}</span>;
}

/** Ids are time-ordered (UUIDv7): their head is the time, so the tail tells them apart. */
export function shortId(id: string): string {
  return id.slice(-8);
}

/** Organisation id -> name (the list is public: it names agencies, never people). */
export function useOrganisations(): (id: string | null) => string {
  const { data } = useApi<{ id: string; name: string }[]>('/governance/organisations');
  return (id) => {
    if (id === null) return '—';
    return data?.find((o) => o.id === id)?.name ?? shortId(id);
  };
}

export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    void whoAmI().then((r) => {
      if (r.ok) setMe(r.value);
    });
  }, []);
  return me;
}

export function can(me: Me | null, action: string): boolean {
  return me?.permissions.includes(action) === true;
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

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty muted">{children}</div>;
}

/** Dates as the API sends them (ISO), shown without seconds' fractions. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

/** Client-side paging for lists the API returns whole (small registries). */
export function Pager(props: { page: number; pages: number; onPage: (p: number) => void }) {
  if (props.pages <= 1) return null;
  return (
    <div className="actions">
      <button
        className="secondary"
        disabled={props.page === 0}
        onClick={() => {
          props.onPage(props.page - 1);
        }}
      >
        Previous
      </button>
      <span className="muted">
        Page {props.page + 1} of {props.pages}
      </span>
      <button
        className="secondary"
        disabled={props.page + 1 >= props.pages}
        onClick={() => {
          props.onPage(props.page + 1);
        }}
      >
        Next
      </button>
    </div>
  );
}

/** Paging over the API's `after` cursor: the cursors seen so far let "Previous" go back. */
export function CursorPager(p: {
  cursors: readonly string[];
  next: string | null | undefined;
  onChange: (cursors: readonly string[]) => void;
}) {
  const next = p.next;
  // One page and nothing before it: buttons that can never be pressed are clutter.
  if (p.cursors.length === 0 && (next === null || next === undefined)) return null;
  return (
    <div className="actions">
      <button
        className="secondary"
        disabled={p.cursors.length === 0}
        onClick={() => {
          p.onChange(p.cursors.slice(0, -1));
        }}
      >
        Previous
      </button>
      <button
        className="secondary"
        disabled={next === null || next === undefined}
        onClick={() => {
          if (next !== null && next !== undefined) p.onChange([...p.cursors, next]);
        }}
      >
        Next
      </button>
    </div>
  );
}
