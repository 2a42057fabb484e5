import { ReservePositionsJson } from '../../../src/reserve/answers.ts';
import { useState } from 'react';
import { ShareBar } from '../pages/charts.tsx';
import { useApi } from '../useApi.ts';
import { Badge, Empty, Link, Loading, ProblemNote } from './common.tsx';
import { pct, percentOf, ratio, shareBps, usd } from './format.ts';
import type { Allocation, ManagerSummary, Performance, PerformanceRow, Position } from './types.ts';

/**
 * The external managers: kind, state, due-diligence score, NAV held and its share of the reserve
 * (against the per-manager cap), and how much of it came from forfeited crypto.
 */
export const STATUS_TONE: Readonly<Record<string, 'ok' | 'warn' | 'bad' | undefined>> = {
  active: 'ok',
  approved: 'ok',
  on_watch: 'warn',
  under_review: 'warn',
  terminated: 'bad',
};

export const KIND_LABELS: Readonly<Record<string, string>> = {
  hedge_fund: 'Hedge fund',
  venture_fund: 'Venture fund',
};

function Filters(props: {
  kind: string;
  status: string;
  statuses: readonly string[];
  onKind: (v: string) => void;
  onStatus: (v: string) => void;
}) {
  return (
    <div className="filters">
      <label>
        Kind
        <select
          value={props.kind}
          onChange={(e) => {
            props.onKind(e.target.value);
          }}
        >
          <option value="">all</option>
          <option value="hedge_fund">hedge funds</option>
          <option value="venture_fund">venture funds</option>
        </select>
      </label>
      <label>
        State
        <select
          value={props.status}
          onChange={(e) => {
            props.onStatus(e.target.value);
          }}
        >
          <option value="">all</option>
          {props.statuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

const STATUSES = ['candidate', 'under_review', 'approved', 'active', 'on_watch', 'terminated'];

function seizedOf(p: PerformanceRow | undefined): string {
  return p?.bySource.find((s) => s.source === 'forfeited_crypto')?.value ?? '0';
}

/** A hedge fund's time-weighted return, a venture fund's TVPI. */
function returnOf(p: PerformanceRow | undefined): string {
  if (p?.venture != null) return `TVPI ${ratio(p.venture.tvpi)}`;
  if (p?.hedge != null) return `TWR ${percentOf(p.hedge.total.twr, 2)}`;
  return '—';
}

function ManagerTable(props: {
  rows: readonly ManagerSummary[];
  all: number;
  cap: number | undefined;
  value: ReadonlyMap<string, Position>;
  perf: ReadonlyMap<string, PerformanceRow>;
  total: string;
}) {
  const { rows, cap, value, perf, total } = props;
  return (
    <table className="manager-table">
      <caption className="muted" style={{ textAlign: 'left' }}>
        {rows.length} of {props.all} managers
        {cap === undefined ? '' : ` · cap per manager ${pct(cap)} of the reserve`}
      </caption>
      <thead>
        <tr>
          <th>Manager</th>
          <th>Kind</th>
          <th>State</th>
          <th className="num">DD score</th>
          <th className="num">NAV held</th>
          <th>NAV day</th>
          <th className="num">Share of reserve</th>
          <th style={{ width: '12%' }}>
            <span className="sr-only">share bar</span>
          </th>
          <th className="num">From forfeited crypto</th>
          <th className="num">Return</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => {
          const p = value.get(m.id);
          const share = p === undefined ? 0 : shareBps(p.value, total);
          const over = cap !== undefined && share > cap;
          return (
            <tr key={m.id} className={over ? 'breach' : ''}>
              <td>
                <Link to={`/managers/${m.id}`}>{m.name}</Link>
              </td>
              <td>{KIND_LABELS[m.kind] ?? m.kind}</td>
              <td>
                <Badge tone={STATUS_TONE[m.status]}>{m.status}</Badge>
              </td>
              <td className="num">{m.ddScore ?? <span className="muted">incomplete</span>}</td>
              <td className="num">{p === undefined ? '—' : usd(p.value)}</td>
              <td>{p?.navDay ?? '—'}</td>
              <td className="num">
                {pct(share, 2)} {over ? <Badge tone="bad">over cap</Badge> : null}
              </td>
              <td>
                <ShareBar share={cap === undefined ? share / 10_000 : share / cap} />
              </td>
              <td className="num">{usd(seizedOf(perf.get(m.id)))}</td>
              <td className="num">{returnOf(perf.get(m.id))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ManagerList() {
  const managers = useApi<{ managers: ManagerSummary[] }>('/reserve/managers');
  const positions = useApi('/reserve/positions', ReservePositionsJson);
  const alloc = useApi<Allocation>('/reserve/allocation');
  const perf = useApi<Performance>('/reserve/performance');
  const policies = useApi<{ policies: { version: number; policy: { managerCapBps: number } }[] }>(
    '/reserve/policies',
  );
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [minDd, setMinDd] = useState(0);
  if (managers.problem !== null) return <ProblemNote problem={managers.problem} />;
  if (managers.data === null) return <Loading />;
  const value = new Map((positions.data?.positions ?? []).map((p) => [p.managerId, p]));
  const perfRows = new Map((perf.data?.managers ?? []).map((m) => [m.managerId, m]));
  const total = alloc.data?.total ?? '0';
  const cap = policies.data?.policies.find((p) => p.version === alloc.data?.policyVersion)?.policy
    .managerCapBps;
  const rows = managers.data.managers.filter(
    (m) =>
      (kind === '' || m.kind === kind) &&
      (status === '' || m.status === status) &&
      (minDd === 0 || (m.ddScore ?? 0) >= minDd),
  );
  return (
    <section className="card">
      <Filters
        kind={kind}
        status={status}
        statuses={STATUSES}
        onKind={setKind}
        onStatus={setStatus}
      />
      <div className="filters">
        <label>
          Minimum DD score
          <input
            type="number"
            min={0}
            max={100}
            value={minDd}
            onChange={(e) => {
              setMinDd(Number(e.target.value));
            }}
          />
        </label>
      </div>
      {managers.data.managers.length === 0 ? (
        <Empty>
          No manager yet. A manager starts as a candidate, goes through due diligence and needs a
          committee quorum before any money moves.
        </Empty>
      ) : rows.length === 0 ? (
        <Empty>No manager matches these filters.</Empty>
      ) : (
        <ManagerTable
          rows={rows}
          all={managers.data.managers.length}
          cap={cap}
          value={value}
          perf={perfRows}
          total={total}
        />
      )}
      <p className="muted">
        The bar shows each share against the per-manager cap (full bar = at the cap).
      </p>
    </section>
  );
}
