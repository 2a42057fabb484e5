import { useState } from 'react';
import {
  RebalancingJson,
  ReserveAlertsJson,
  ReserveAllocationJson,
  ReserveChecksPostJson,
} from '../../../src/reserve/answers.ts';
import type { z } from 'zod';
import { fetchAnswer, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import {
  Badge,
  BandBar,
  codeKey,
  Empty,
  Link,
  Loading,
  ProblemNote,
  useFmt,
  usePermissions,
  type Fmt,
} from './common.tsx';
import { bucketRows } from './format.ts';
import {
  AlertsTable,
  AlertSubject,
  alertKind,
  alertText,
  bandText,
  useManagerNames,
} from './Overview.tsx';
import type { Allocation } from './types.ts';

/**
 * The rebalancing proposals: each bucket's current share against its target, the gap in money,
 * the moves proposed within each manager's liquidity terms (with the earliest day they allow),
 * the policy breaches found now and the alerts recorded before.
 */
type Rebalancing = z.output<typeof RebalancingJson>;
type Proposal = Rebalancing['proposals'][number];

function Gaps({ a, r }: { a: Allocation; r: Rebalancing }) {
  const f = useFmt();
  const { t } = f;
  const rows = bucketRows(a.lines, a.total);
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.bucket')}</th>
          <th className="num">{t('reserve.col.current')}</th>
          <th className="num">{t('reserve.col.targetBand')}</th>
          <th style={{ width: '30%' }}>{t('reserve.col.againstBand')}</th>
          <th className="num">{t('reserve.col.gap')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const gap = r.gaps[b.bucket] ?? '0';
          const add = BigInt(gap) > 0n;
          return (
            <tr key={b.bucket} className={b.state === 'within' ? '' : 'breach'}>
              <td>{t(codeKey('bucket', b.bucket))}</td>
              <td className="num">
                {f.pct(b.shareBps)} · {f.usd(b.value)}
              </td>
              <td className="num">{bandText(f, b.targetBps, b.bandBps)}</td>
              <td>
                <BandBar {...b} />
              </td>
              <td className="num">
                {add ? '+' : ''}
                {f.usd(gap)}{' '}
                <span className="muted">
                  {add ? t('reserve.gap.add') : t('reserve.gap.takeOut')}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Why a move is proposed, in words (the server's note is English). */
function proposalWhy(f: Fmt, p: Proposal): string {
  if (p.action === 'redeem' && p.earliest !== null)
    return f.t('reserve.why.redeem', { day: f.day(p.earliest) });
  if (p.action === 'buy_gold' || p.action === 'sell_gold') return f.t('reserve.why.gold');
  return f.t(codeKey('reserve.why', p.action));
}

function ProposalRow({ p, names }: { p: Proposal; names: ReadonlyMap<string, string> }) {
  const f = useFmt();
  const { t } = f;
  const known = ['gold', 'fx', 'hedge_funds', 'venture_funds'].includes(p.bucket);
  return (
    <tr>
      <td>
        <Badge tone={p.action === 'hold' ? undefined : 'warn'}>
          {t(codeKey('reserve.action', p.action))}
        </Badge>
      </td>
      <td>{known ? t(codeKey('bucket', p.bucket)) : p.bucket}</td>
      <td>
        {p.managerId === null ? (
          '—'
        ) : (
          <Link to={`/managers/${p.managerId}`}>{names.get(p.managerId) ?? p.managerId}</Link>
        )}
      </td>
      <td className="num">{f.usd(p.value)}</td>
      <td>{p.earliest === null ? t('reserve.now') : f.day(p.earliest)}</td>
      <td>{proposalWhy(f, p)}</td>
    </tr>
  );
}

function Proposals({ r, names }: { r: Rebalancing; names: ReadonlyMap<string, string> }) {
  const { t } = useFmt();
  if (r.proposals.length === 0) return <Empty>{t('reserve.proposals.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.action')}</th>
          <th>{t('reserve.col.bucket')}</th>
          <th>{t('reserve.col.manager')}</th>
          <th className="num">{t('reserve.col.value')}</th>
          <th>{t('reserve.col.earliest')}</th>
          <th>{t('reserve.col.why')}</th>
        </tr>
      </thead>
      <tbody>
        {r.proposals.map((p, i) => (
          <ProposalRow
            key={`${p.action}-${p.managerId ?? p.bucket}-${String(i)}`}
            p={p}
            names={names}
          />
        ))}
      </tbody>
    </table>
  );
}

/** Records today's breaches as alerts (reserve.manage): the check the scheduler also runs. */
function CheckButton({ onDone }: { onDone: () => void }) {
  const { t } = useFmt();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    const r = await fetchAnswer('/reserve/checks', ReserveChecksPostJson, {
      method: 'POST',
      body: '{}',
    });
    setBusy(false);
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <div className="actions">
      <button type="button" disabled={busy} onClick={() => void run()}>
        {t('reserve.checkNow')}
      </button>
      {problem === null ? null : <ProblemNote problem={problem} />}
    </div>
  );
}

function Breaches({ r, names }: { r: Rebalancing; names: ReadonlyMap<string, string> }) {
  const f = useFmt();
  if (r.breaches.length === 0) return <Empty>{f.t('reserve.breaches.none')}</Empty>;
  return (
    <ul>
      {r.breaches.map((b) => (
        <li key={`${b.kind}-${b.subject}`} className="error">
          <Badge tone="bad">{alertKind(f, b.kind)}</Badge>{' '}
          <AlertSubject subject={b.subject} names={names} />: {alertText(f, b)}
        </li>
      ))}
    </ul>
  );
}

export function RebalancingView() {
  const { t, day } = useFmt();
  const reb = useApi('/reserve/rebalancing', RebalancingJson);
  const alloc = useApi('/reserve/allocation', ReserveAllocationJson);
  const names = useManagerNames();
  const alerts = useApi('/reserve/alerts?limit=50', ReserveAlertsJson);
  const can = usePermissions();
  const problem = reb.problem ?? alloc.problem;
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (reb.data === null || alloc.data === null) return <Loading />;
  const r = reb.data;
  return (
    <>
      <section className="card">
        <h2>
          {t('reserve.rebalancing.title', { day: day(r.day), version: String(r.policyVersion) })}
        </h2>
        {r.stale ? <Badge tone="warn">{t('reserve.rebalancing.stale')}</Badge> : null}
        <Gaps a={alloc.data} r={r} />
      </section>
      <section className="card">
        <h2>{t('reserve.proposals.title')}</h2>
        <Proposals r={r} names={names} />
      </section>
      <section className="card">
        <h2>{t('reserve.breaches.title')}</h2>
        <Breaches r={r} names={names} />
      </section>
      <section className="card">
        <h2>{t('reserve.recordedAlerts')}</h2>
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
