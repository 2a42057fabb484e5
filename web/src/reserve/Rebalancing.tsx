import { ReserveAlertsJson } from '../../../src/reserve/answers.ts';
import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import {
  Badge,
  BandBar,
  bandText,
  Empty,
  Link,
  Loading,
  ProblemNote,
  usePermissions,
} from './common.tsx';
import { BUCKET_LABELS, bucketRows, pct, usd } from './format.ts';
import { AlertsTable } from './Overview.tsx';
import type { Allocation, ManagerSummary, Rebalancing } from './types.ts';

/**
 * The rebalancing proposals: each bucket's current share against its target, the gap in money,
 * the moves proposed within each manager's liquidity terms (with the earliest day they allow),
 * the policy breaches found now and the alerts recorded before.
 */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  subscribe: 'Subscribe',
  redeem: 'Redeem',
  commit: 'Commit / call',
  buy_gold: 'Buy gold',
  sell_gold: 'Sell gold',
  hold: 'Hold',
};

function Gaps({ a, r }: { a: Allocation; r: Rebalancing }) {
  const rows = bucketRows(a.lines, a.total);
  return (
    <table>
      <thead>
        <tr>
          <th>Bucket</th>
          <th className="num">Current</th>
          <th className="num">Target ± band</th>
          <th style={{ width: '30%' }}>Against the band</th>
          <th className="num">Gap to target</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const gap = r.gaps[b.bucket];
          return (
            <tr key={b.bucket} className={b.state === 'within' ? '' : 'breach'}>
              <td>{BUCKET_LABELS[b.bucket]}</td>
              <td className="num">
                {pct(b.shareBps)} · {usd(b.value)}
              </td>
              <td className="num">{bandText(b.targetBps, b.bandBps)}</td>
              <td>
                <BandBar {...b} />
              </td>
              <td className="num">
                {BigInt(gap) > 0n ? '+' : ''}
                {usd(gap)}{' '}
                <span className="muted">{BigInt(gap) > 0n ? 'to add' : 'to take out'}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Proposals({ r, names }: { r: Rebalancing; names: ReadonlyMap<string, string> }) {
  if (r.proposals.length === 0)
    return (
      <Empty>
        No move proposed: every bucket is within its band, so the policy asks for nothing. Gaps
        inside a band are left to new money.
      </Empty>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Action</th>
          <th>Bucket</th>
          <th>Manager</th>
          <th className="num">Value</th>
          <th>Earliest day the terms allow</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {r.proposals.map((p, i) => (
          <tr key={`${p.action}-${p.managerId ?? p.bucket}-${i}`}>
            <td>
              <Badge tone={p.action === 'hold' ? undefined : 'warn'}>
                {ACTION_LABELS[p.action] ?? p.action}
              </Badge>
            </td>
            <td>{(BUCKET_LABELS as Readonly<Record<string, string>>)[p.bucket] ?? p.bucket}</td>
            <td>
              {p.managerId === null ? (
                '—'
              ) : (
                <Link to={`/managers/${p.managerId}`}>{names.get(p.managerId) ?? p.managerId}</Link>
              )}
            </td>
            <td className="num">{usd(p.value)}</td>
            <td>{p.earliest ?? 'now'}</td>
            <td>{p.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Records today's breaches as alerts (reserve.manage): the check the scheduler also runs. */
function CheckButton({ onDone }: { onDone: () => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    const r = await api('/reserve/checks', { method: 'POST', body: '{}' });
    setBusy(false);
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <div className="actions">
      <button type="button" disabled={busy} onClick={() => void run()}>
        Check now and record breaches as alerts
      </button>
      {problem === null ? null : <ProblemNote problem={problem} />}
    </div>
  );
}

export function RebalancingView() {
  const reb = useApi<Rebalancing>('/reserve/rebalancing');
  const alloc = useApi<Allocation>('/reserve/allocation');
  const managers = useApi<{ managers: ManagerSummary[] }>('/reserve/managers');
  const alerts = useApi('/reserve/alerts?limit=50', ReserveAlertsJson);
  const can = usePermissions();
  const problem = reb.problem ?? alloc.problem;
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (reb.data === null || alloc.data === null) return <Loading />;
  const r = reb.data;
  const names = new Map((managers.data?.managers ?? []).map((m) => [m.id, m.name]));
  return (
    <>
      <section className="card">
        <h2>
          Current against target on {r.day} (policy v{r.policyVersion})
        </h2>
        {r.stale ? <Badge tone="warn">a price or NAV is stale</Badge> : null}
        <Gaps a={alloc.data} r={r} />
      </section>
      <section className="card">
        <h2>Proposed moves</h2>
        <Proposals r={r} names={names} />
      </section>
      <section className="card">
        <h2>Breaches now</h2>
        {r.breaches.length === 0 ? (
          <Empty>
            No breach of the bands, the caps or the liquidity minimum at today’s values.
          </Empty>
        ) : (
          <ul>
            {r.breaches.map((b) => (
              <li key={`${b.kind}-${b.subject}`} className="error">
                <Badge tone="bad">{b.kind}</Badge> {b.message} (measured {pct(b.measuredBps)},
                threshold {pct(b.thresholdBps)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>Recorded alerts</h2>
        {can.has('reserve.manage') ? <CheckButton onDone={alerts.reload} /> : null}
        {alerts.problem !== null ? (
          <ProblemNote problem={alerts.problem} />
        ) : (
          <AlertsTable alerts={alerts.data?.alerts ?? []} />
        )}
      </section>
    </>
  );
}
