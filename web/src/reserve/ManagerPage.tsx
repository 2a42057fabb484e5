import { useState } from 'react';
import { useApi } from '../useApi.ts';
import { Badge, Empty, Link, Loading, ProblemNote, usePermissions } from './common.tsx';
import { pct, shareBps, usd } from './format.ts';
import { CommitteeActions, History, Scorecard } from './ManagerDd.tsx';
import { FlowForms } from './FlowForms.tsx';
import { FlowsTable, QueuedRedemptions } from './ManagerFlows.tsx';
import { Attribution, FeeCheck, NavChart, PerformancePanel } from './ManagerMetrics.tsx';
import { KIND_LABELS, STATUS_TONE } from './Managers.tsx';
import type { Allocation, ManagerView, Performance } from './types.ts';

/**
 * One manager: state and holding, terms and mandate, performance and funding-source attribution,
 * the NAV chart, the fee check, flows, and the due-diligence scorecard with its history.
 */
function fmtTerm(k: string, v: unknown): string {
  if (v === null) return 'none';
  if (typeof v !== 'object') {
    if (typeof v === 'number' && k.includes('Bps')) return pct(v, 2);
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : '';
  }
  return Object.entries(v as Record<string, unknown>)
    .map(([kk, vv]) => `${kk}: ${fmtTerm(kk, vv)}`)
    .join(', ');
}

function Terms({ view }: { view: ManagerView }) {
  const m = view.mandate;
  return (
    <div className="grid2">
      <div>
        <h3>Terms</h3>
        <dl className="kv">
          {Object.entries(view.terms)
            .filter(([k]) => k !== 'kind')
            .map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{fmtTerm(k, v)}</dd>
              </div>
            ))}
        </dl>
      </div>
      <div>
        <h3>Mandate</h3>
        <dl className="kv">
          <dt>Permitted assets</dt>
          <dd>{m.permittedAssets.join(', ')}</dd>
          <dt>Max leverage</dt>
          <dd>{(m.maxLeverageBps / 10_000).toFixed(2)}×</dd>
          <dt>Max drawdown</dt>
          <dd>{pct(m.maxDrawdownBps)}</dd>
          <dt>Concentration limit</dt>
          <dd>{pct(m.concentrationLimitBps)}</dd>
          <dt>Whitelisted addresses</dt>
          <dd>
            {Object.keys(view.manager.addresses).length === 0
              ? 'none'
              : Object.entries(view.manager.addresses).map(([a, addr]) => (
                  <div key={a}>
                    {a}: <span className="hash">{addr}</span>
                  </div>
                ))}
          </dd>
        </dl>
      </div>
    </div>
  );
}

function Header({ view, total }: { view: ManagerView; total: string | undefined }) {
  const p = view.position;
  return (
    <section className="card">
      <h2>
        {view.manager.name}{' '}
        <Badge tone={STATUS_TONE[view.manager.status]}>{view.manager.status}</Badge>
      </h2>
      <p className="muted">
        {KIND_LABELS[view.manager.kind]} · DD score {view.manager.ddScore ?? 'incomplete'} ·{' '}
        <Link to="/managers">all managers</Link>
      </p>
      {p === null ? (
        <Empty>The reserve holds nothing with this manager yet.</Empty>
      ) : (
        <div className="tiles">
          <div className="tile">
            <div className="label">Value held</div>
            <div className="value">{usd(p.value)}</div>
          </div>
          <div className="tile">
            <div className="label">Share of reserve</div>
            <div className="value">
              {total === undefined ? '—' : pct(shareBps(p.value, total), 2)}
            </div>
          </div>
          <div className="tile">
            <div className="label">NAV as of</div>
            <div className="value">
              {p.navDay ?? '—'} {p.stale ? <Badge tone="warn">stale</Badge> : null}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

export function ManagerPage({ id }: { id: string }) {
  const { data: view, problem, reload } = useApi<ManagerView>(`/reserve/managers/${id}`);
  const alloc = useApi<Allocation>('/reserve/allocation');
  const perf = useApi<Performance>('/reserve/performance');
  const can = usePermissions();
  const [flowsVersion, setFlowsVersion] = useState(0);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (view === null) return <Loading />;
  const hedge = view.manager.kind === 'hedge_fund';
  const row = perf.data?.managers.find((m) => m.managerId === id);
  return (
    <>
      <Header view={view} total={alloc.data?.total} />
      <section className="card">
        <Terms view={view} />
      </section>
      <section className="card">
        <h2>Performance</h2>
        <PerformancePanel view={view} row={row} />
        <h3>Where this NAV came from, and how each source has done</h3>
        <Attribution view={view} row={row} />
      </section>
      <section className="card">
        <h2>NAV</h2>
        <NavChart id={id} kind={view.manager.kind} />
      </section>
      {hedge ? (
        <section className="card">
          <h2>Fee check</h2>
          <FeeCheck id={id} />
        </section>
      ) : null}
      <section className="card">
        <h2>Flows</h2>
        <FlowsTable key={flowsVersion} managerId={id} kind={view.manager.kind} />
        {can.has('reserve.manage') ? (
          <>
            <h3>Record a flow</h3>
            <FlowForms
              managerId={id}
              kind={view.manager.kind}
              onDone={() => {
                setFlowsVersion((v) => v + 1);
                reload();
              }}
            />
          </>
        ) : null}
        {hedge ? (
          <>
            <h3>Queued redemption remainders</h3>
            <QueuedRedemptions rows={view.queuedRedemptions} />
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>Due diligence</h2>
        <Scorecard view={view} />
        <h3>State history</h3>
        <History view={view} />
        {can.has('reserve.managers.manage') ? (
          <>
            <h3>Committee actions</h3>
            <CommitteeActions view={view} onDone={reload} />
          </>
        ) : null}
      </section>
    </>
  );
}
