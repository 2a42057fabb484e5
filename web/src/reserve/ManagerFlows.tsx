import { useState } from 'react';
import { useApi } from '../useApi.ts';
import { Badge, Empty, Loading, ProblemNote } from './common.tsx';
import { SOURCE_LABELS, usd } from './format.ts';
import type { Flow, ManagerKind } from './types.ts';

/**
 * A manager's flows, a page at a time with a cursor, filtered by kind, with the CSV of the same
 * selection; a capital call shows the fields of its ILPA-style notice and an in-kind subscription
 * its lot and chain transaction.
 */
const PAGE = 20;
const KINDS: Readonly<Record<ManagerKind, readonly string[]>> = {
  hedge_fund: ['subscription', 'redemption'],
  venture_fund: ['commitment', 'capital_call', 'distribution'],
};

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function IlpaNotice({ d }: { d: Readonly<Record<string, unknown>> }) {
  const purpose = (d['purpose'] ?? {}) as Record<string, unknown>;
  return (
    <dl className="kv">
      <dt>Call no.</dt>
      <dd>{str(d['callNumber'])}</dd>
      <dt>Notice / due</dt>
      <dd>
        {str(d['noticeDay'])} → {str(d['dueDate'])}
      </dd>
      <dt>Investments · fees · expenses</dt>
      <dd>
        {usd(str(purpose['investments']) || '0')} · {usd(str(purpose['fees']) || '0')} ·{' '}
        {usd(str(purpose['expenses']) || '0')}
      </dd>
      <dt>Called to date / commitment</dt>
      <dd>
        {usd(str(d['cumulativeCalled']) || '0')} / {usd(str(d['commitment']) || '0')}
      </dd>
      <dt>Remaining unfunded</dt>
      <dd>{usd(str(d['remainingUnfunded']) || '0')}</dd>
    </dl>
  );
}

function Detail({ f }: { f: Flow }) {
  if (f.kind === 'capital_call' && 'callNumber' in f.details) return <IlpaNotice d={f.details} />;
  const bits: string[] = [];
  if (f.lotId !== null) bits.push(`lot …${f.lotId.slice(-8)}`);
  if (f.assetUnits !== null && f.asset !== 'USD')
    bits.push(`${f.assetUnits} base units of ${f.asset}`);
  if (f.chainTxid !== null) bits.push(`tx ${f.chainTxid.slice(0, 14)}…`);
  if (f.details['capException'] === true) bits.push('cap exception');
  const penalty = str(f.details['penalty']);
  if (penalty !== '' && penalty !== '0') bits.push(`penalty ${usd(penalty)}`);
  return <span className="muted">{bits.join(' · ')}</span>;
}

function FlowRows({ flows }: { flows: readonly Flow[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Day</th>
          <th>Kind</th>
          <th>Method</th>
          <th className="num">Value</th>
          <th className="num">Units</th>
          <th>Funding source</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={f.id}>
            <td className="day">{f.day}</td>
            <td>{f.kind.replace('_', ' ')}</td>
            <td>{f.method === 'in_kind' ? <Badge tone="warn">in kind</Badge> : f.method}</td>
            <td className="num">{usd(f.value)}</td>
            <td className="num">{f.units === '0' ? '—' : f.units}</td>
            <td>{SOURCE_LABELS[f.fundingSource] ?? f.fundingSource}</td>
            <td>
              <Detail f={f} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FlowsTable({ managerId, kind }: { managerId: string; kind: ManagerKind }) {
  const [filter, setFilter] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const q = `managerId=${managerId}${filter === '' ? '' : `&kind=${filter}`}`;
  const { data, problem } = useApi<{ flows: Flow[]; next: string | null }>(
    `/reserve/flows?${q}&limit=${PAGE}${after === undefined ? '' : `&after=${after}`}`,
  );
  return (
    <>
      <div className="filters">
        <label>
          Kind
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setCursors([]);
            }}
          >
            <option value="">all</option>
            {KINDS[kind].map((k) => (
              <option key={k} value={k}>
                {k.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <a href={`/api/v1/reserve/flows?${q}&limit=1000&format=csv`}>CSV export</a>
      </div>
      {problem !== null ? (
        <ProblemNote problem={problem} />
      ) : data === null ? (
        <Loading />
      ) : data.flows.length === 0 ? (
        <Empty>No flow{filter === '' ? '' : ` of this kind`} with this manager yet.</Empty>
      ) : (
        <FlowRows flows={data.flows} />
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length === 0}
          onClick={() => {
            setCursors(cursors.slice(0, -1));
          }}
        >
          Previous
        </button>
        <button
          type="button"
          className="secondary"
          disabled={data?.next === null || data === null}
          onClick={() => {
            if (data?.next != null) setCursors([...cursors, data.next]);
          }}
        >
          Next
        </button>
      </div>
    </>
  );
}

interface QueuedRedemption {
  readonly id: string;
  readonly requestedOn: string;
  readonly dealingDay: string;
  readonly requestedUnits: string;
  readonly paidUnits: string;
  readonly queuedUnits: string;
  readonly penalty: string;
}

export function QueuedRedemptions({
  rows,
}: {
  rows: readonly Readonly<Record<string, unknown>>[];
}) {
  if (rows.length === 0) return <Empty>No redemption remainder is queued behind a gate.</Empty>;
  const list = rows as unknown as readonly QueuedRedemption[];
  return (
    <table>
      <thead>
        <tr>
          <th>Requested</th>
          <th>Dealing day</th>
          <th className="num">Units asked</th>
          <th className="num">Paid</th>
          <th className="num">Queued (gated)</th>
          <th className="num">Penalty</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.id}>
            <td>{r.requestedOn}</td>
            <td>{r.dealingDay}</td>
            <td className="num">{r.requestedUnits}</td>
            <td className="num">{r.paidUnits}</td>
            <td className="num">
              <Badge tone="warn">{r.queuedUnits}</Badge>
            </td>
            <td className="num">{usd(r.penalty)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
