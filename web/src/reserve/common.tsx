import type { ReactNode } from 'react';
import { z } from 'zod';
import { GovernanceApprovals2Json } from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n, type Key } from '../portal/i18n.ts';
import { navigate } from '../router.ts';
import { Link } from '../ui/common.tsx';
import { PersonName } from '../ui/entity.tsx';
import { useApi } from '../useApi.ts';
import { decimalIn, fixedIn, pctIn, usdIn, usdShortIn, type BandState } from './format.ts';
import './reserve.css';

/**
 * The pieces only the reserve pages use: badges, the band and limit bars, the approval link with
 * its state, and the page's formatters bound to the console's language. Links, notes, tables,
 * money and names come from ../ui.
 */
export { Empty, Link, Loading, ProblemNote } from '../ui/common.tsx';

export function Badge({
  tone,
  children,
}: {
  tone?: 'ok' | 'warn' | 'bad' | undefined;
  children: ReactNode;
}) {
  return <span className={`badge${tone === undefined ? '' : ` ${tone}`}`}>{children}</span>;
}

/** A translation key built from a code the server sends (a status, a kind); the dictionary has them all. */
export function codeKey(prefix: string, code: string): Key {
  return `${prefix}.${code}` as Key;
}

/** The reserve pages' figures in the console's language. */
export function useFmt() {
  const { locale, t } = useI18n();
  const dates = useDates();
  return {
    t,
    locale,
    usd: (cents: string, withCents = false) => usdIn(locale, cents, withCents),
    usdShort: (cents: string) => usdShortIn(locale, cents),
    pct: (bps: number, digits = 1) => pctIn(locale, bps, digits),
    /** A multiple (TVPI 1.23×), or a dash when there is none. */
    ratio: (x: number | null) => (x === null ? '—' : `${fixedIn(locale, x, 2)}×`),
    /** A fraction (0.0123) as a percentage, or a dash. */
    percentOf: (x: number | null, digits = 1) =>
      x === null ? '—' : pctIn(locale, Math.round(x * 1_000_000) / 100, digits),
    num: (text: string) => decimalIn(locale, text),
    day: (iso: string) => dates.day(iso.length === 10 ? `${iso}T00:00:00Z` : iso),
    time: dates.time,
  };
}

export type Fmt = ReturnType<typeof useFmt>;

/** A tab strip of links between a page's sub-views. */
export function SubNav({ items, at }: { items: readonly [string, string][]; at: string }) {
  const { t } = useI18n();
  return (
    <nav className="subnav" aria-label={t('reserve.sections')}>
      {items.map(([to, label]) => (
        <a
          key={to}
          href={to}
          aria-current={to === at ? 'page' : undefined}
          className={to === at ? 'active' : ''}
          onClick={(e) => {
            e.preventDefault();
            navigate(to);
          }}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

const SPAN = 10_000;

/**
 * One bucket's share on a 0–100% track: the shaded band around the target, the target as a tick
 * and the measured share as a bar, red when it is outside the band. Decorative: the table beside
 * it carries the same figures as text.
 */
export function BandBar(props: {
  shareBps: number;
  targetBps: number;
  bandBps: number;
  state: BandState;
  max?: number;
}) {
  const max = props.max ?? SPAN;
  const x = (bps: number): number => (Math.max(0, Math.min(max, bps)) / max) * 100;
  const lo = x(props.targetBps - props.bandBps);
  const hi = x(props.targetBps + props.bandBps);
  return (
    <svg className="bandbar" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
      <rect x="0" y="3" width="100" height="8" fill="#eef1f4" />
      <rect x={lo} y="1" width={Math.max(0.5, hi - lo)} height="12" fill="#d6e9de" />
      <rect
        x="0"
        y="4.5"
        width={x(props.shareBps)}
        height="5"
        fill={props.state === 'within' ? '#0b6e4f' : '#b42318'}
      />
      <rect x={x(props.targetBps) - 0.4} y="0" width="0.8" height="14" fill="#1c2733" />
    </svg>
  );
}

/** A cap or minimum: the measured share against its limit, with the limit as a tick. */
export function LimitBar(props: { measuredBps: number; limitBps: number; breached: boolean }) {
  const x = (bps: number): number => (Math.max(0, Math.min(SPAN, bps)) / SPAN) * 100;
  return (
    <svg className="bandbar" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
      <rect x="0" y="3" width="100" height="8" fill="#eef1f4" />
      <rect
        x="0"
        y="4.5"
        width={x(props.measuredBps)}
        height="5"
        fill={props.breached ? '#b42318' : '#1f5fbf'}
      />
      <rect x={x(props.limitBps) - 0.4} y="0" width="0.8" height="14" fill="#1c2733" />
    </svg>
  );
}

/** A link to the approval request of a step, or a dash when the step needed none. */
export function ApprovalLink({ requestId, state }: { requestId: string | null; state?: string }) {
  const { t } = useI18n();
  if (requestId === null) return <span className="muted">—</span>;
  return (
    <span>
      <Link to={`/approvals/${requestId}`}>
        {t('reserve.request', { id: `…${requestId.slice(-8)}` })}
      </Link>{' '}
      {state === undefined ? <RequestStatus id={requestId} /> : <StateBadge state={state} />}
    </span>
  );
}

const STATES = [
  'applied',
  'executed',
  'approved',
  'rejected',
  'expired',
  'cancelled',
  'pending',
  'pending_approval',
] as const;

function StateBadge({ state }: { state: string }) {
  const { t } = useI18n();
  const tone = ['applied', 'executed', 'approved'].includes(state)
    ? 'ok'
    : ['rejected', 'expired', 'cancelled'].includes(state)
      ? 'bad'
      : 'warn';
  const known = (STATES as readonly string[]).includes(state);
  return (
    <Badge tone={tone}>
      {known ? t(codeKey('reserve.state', state)) : t('reserve.state.other')}
    </Badge>
  );
}

const RequestStatusJson = GovernanceApprovals2Json.pipe(z.object({ status: z.string() }).loose());

/** The request's current status from governance (nothing when the role cannot read requests). */
function RequestStatus({ id }: { id: string }) {
  const { data } = useApi(`/governance/approvals/${id}`, RequestStatusJson);
  return data === null ? null : <StateBadge state={data.status} />;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who did a step: a person by name, or the system (a scheduler, the initial data load) in words. */
export function ActorName({ id }: { id: string }) {
  const { t } = useI18n();
  if (UUID.test(id)) return <PersonName id={id} />;
  return (
    <span className="entity" title={id}>
      {t('reserve.actor.system')}
    </span>
  );
}

/** The logged-in user's permissions, so forms show only for the roles that may act. */
export function usePermissions(): ReadonlySet<string> {
  const { me } = useSession();
  return new Set(me?.permissions ?? []);
}

/** A table for a chart's figures, folded under the chart for screen readers and the curious. */
export function ChartData({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="chart-data">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** What a reserve command answered: its approval request (and state) if it made one, or a problem. */
export type Sent = { requestId?: string; state?: string } | Problem;

const SentJson = z
  .object({ requestId: z.string().optional(), state: z.string().optional() })
  .loose();

/** POSTs a reserve command; its request and state (if any) or the problem comes back as a value. */
export async function send(path: string, body: unknown): Promise<Sent> {
  const r = await fetchAnswer(path, SentJson, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) return r.problem;
  const { requestId, state } = r.value;
  return {
    ...(requestId === undefined ? {} : { requestId }),
    ...(state === undefined ? {} : { state }),
  };
}
