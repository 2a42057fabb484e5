import type { ReactNode } from 'react';
import { api, type Problem } from '../api.ts';
import type { Me } from '../pages/LoginSession.ts';
import { navigate } from '../router.ts';
import { useApi } from '../useApi.ts';
import { pct, type BandState } from './format.ts';
import './reserve.css';

/** Small pieces the reserve pages share: the band bars; links and notes come from ../ui. */
import { Link } from '../ui/common.tsx';

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

/** A tab strip of links between a page's sub-views. */
export function SubNav({ items, at }: { items: readonly [string, string][]; at: string }) {
  return (
    <nav className="subnav" aria-label="Sections">
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

export function bandText(targetBps: number, bandBps: number): string {
  return `${pct(targetBps)} ± ${pct(bandBps)}`;
}

/** A link to the approval request of a step, or a dash when the step needed none. */
export function ApprovalLink({ requestId, state }: { requestId: string | null; state?: string }) {
  if (requestId === null) return <span className="muted">—</span>;
  return (
    <span>
      <Link to={`/approvals/${requestId}`}>request …{requestId.slice(-8)}</Link>{' '}
      {state === undefined ? <RequestStatus id={requestId} /> : <StateBadge state={state} />}
    </span>
  );
}

function StateBadge({ state }: { state: string }) {
  const tone = ['applied', 'executed', 'approved'].includes(state)
    ? 'ok'
    : ['rejected', 'expired', 'cancelled'].includes(state)
      ? 'bad'
      : 'warn';
  return <Badge tone={tone}>{state.replaceAll('_', ' ')}</Badge>;
}

/** The request's current status from governance (nothing when the role cannot read requests). */
function RequestStatus({ id }: { id: string }) {
  const { data } = useApi<{ status: string }>(`/governance/approvals/${id}`);
  return data === null ? null : <StateBadge state={data.status} />;
}

/** The logged-in user's permissions, so forms show only for the roles that may act. */
export function usePermissions(): ReadonlySet<string> {
  const { data } = useApi<Me>('/auth/me');
  return new Set(data?.permissions ?? []);
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

/** POSTs a reserve command; the reply or the problem comes back as a value. */
export async function send(path: string, body: unknown): Promise<Sent> {
  const r = await api<{ requestId?: string; state?: string }>(path, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return r.ok ? r.value : r.problem;
}
