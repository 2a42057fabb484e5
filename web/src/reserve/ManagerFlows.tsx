import { useState } from 'react';
import { ReserveFlowsJson } from '../../../src/reserve/answers.ts';
import { Money } from '../ui/money.tsx';
import { ShortId } from '../ui/entity.tsx';
import { SelectField } from '../ui/form.tsx';
import { useApi } from '../useApi.ts';
import { Badge, codeKey, Empty, Loading, ProblemNote, useFmt, type Fmt } from './common.tsx';
import type { Flow, ManagerKind, ManagerView } from './types.ts';

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

function record(v: unknown): Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

function IlpaNotice({ d, f }: { d: Readonly<Record<string, unknown>>; f: Fmt }) {
  const { t } = f;
  const purpose = record(d['purpose']);
  const usd = (v: unknown): string => f.usd(str(v) || '0');
  const day = (v: unknown): string => (str(v) === '' ? '—' : f.day(str(v)));
  return (
    <dl className="kv">
      <dt>{t('reserve.call.number')}</dt>
      <dd>{str(d['callNumber'])}</dd>
      <dt>{t('reserve.call.noticeDue')}</dt>
      <dd>
        {day(d['noticeDay'])} → {day(d['dueDate'])}
      </dd>
      <dt>{t('reserve.call.purpose')}</dt>
      <dd>
        {usd(purpose['investments'])} · {usd(purpose['fees'])} · {usd(purpose['expenses'])}
      </dd>
      <dt>{t('reserve.call.toDate')}</dt>
      <dd>
        {usd(d['cumulativeCalled'])} / {usd(d['commitment'])}
      </dd>
      <dt>{t('reserve.call.unfunded')}</dt>
      <dd>{usd(d['remainingUnfunded'])}</dd>
    </dl>
  );
}

function Detail({ flow }: { flow: Flow }) {
  const f = useFmt();
  const { t } = f;
  const d = record(flow.details);
  if (flow.kind === 'capital_call' && 'callNumber' in d) return <IlpaNotice d={d} f={f} />;
  const penalty = str(d['penalty']);
  return (
    <span className="muted">
      {flow.lotId === null ? null : (
        <>
          {t('reserve.flow.lot')} <ShortId id={flow.lotId} />{' '}
        </>
      )}
      {flow.assetUnits !== null && flow.asset !== null && flow.asset !== 'USD' ? (
        <>
          <Money baseUnits={flow.assetUnits} asset={flow.asset} />{' '}
        </>
      ) : null}
      {flow.chainTxid === null ? null : (
        <>
          {t('reserve.flow.tx')} <span className="hash">{flow.chainTxid.slice(0, 14)}…</span>{' '}
        </>
      )}
      {d['capException'] === true ? `${t('reserve.flow.capException')} ` : null}
      {penalty !== '' && penalty !== '0'
        ? t('reserve.flow.penalty', { amount: f.usd(penalty) })
        : null}
    </span>
  );
}

function FlowRows({ flows }: { flows: readonly Flow[] }) {
  const f = useFmt();
  const { t } = f;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.day')}</th>
          <th>{t('reserve.col.kind')}</th>
          <th>{t('reserve.col.method')}</th>
          <th className="num">{t('reserve.col.value')}</th>
          <th className="num">{t('reserve.col.units')}</th>
          <th>{t('reserve.col.source')}</th>
          <th>{t('reserve.col.details')}</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((x) => (
          <tr key={x.id}>
            <td className="day">{f.day(x.day)}</td>
            <td>{t(codeKey('reserve.flowKind', x.kind))}</td>
            <td>
              {x.method === 'in_kind' ? (
                <Badge tone="warn">{t('reserve.method.in_kind')}</Badge>
              ) : (
                t('reserve.method.cash')
              )}
            </td>
            <td className="num">{f.usd(x.value)}</td>
            <td className="num">{x.units === '0' ? '—' : f.num(x.units)}</td>
            <td>{t(codeKey('reserve.source', x.fundingSource))}</td>
            <td>
              <Detail flow={x} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FlowsTable({ managerId, kind }: { managerId: string; kind: ManagerKind }) {
  const { t } = useFmt();
  const [filter, setFilter] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const q = `managerId=${managerId}${filter === '' ? '' : `&kind=${filter}`}`;
  const { data, problem } = useApi(
    `/reserve/flows?${q}&limit=${String(PAGE)}${after === undefined ? '' : `&after=${after}`}`,
    ReserveFlowsJson,
  );
  return (
    <>
      <div className="filters">
        <SelectField
          label={t('reserve.col.kind')}
          name="flowKind"
          value={filter}
          options={[
            ['', t('reserve.all')],
            ...KINDS[kind].map((k): [string, string] => [k, t(codeKey('reserve.flowKind', k))]),
          ]}
          onChange={(v) => {
            setFilter(v);
            setCursors([]);
          }}
        />
        <a href={`/api/v1/reserve/flows?${q}&limit=1000&format=csv`}>{t('reserve.csvExport')}</a>
      </div>
      {problem !== null ? (
        <ProblemNote problem={problem} />
      ) : data === null ? (
        <Loading />
      ) : data.flows.length === 0 ? (
        <Empty>{filter === '' ? t('reserve.flows.none') : t('reserve.flows.noneOfKind')}</Empty>
      ) : (
        <FlowRows flows={data.flows} />
      )}
      {cursors.length === 0 && data?.next == null ? null : (
        <div className="actions pager">
          <button
            type="button"
            className="secondary"
            disabled={cursors.length === 0}
            onClick={() => {
              setCursors(cursors.slice(0, -1));
            }}
          >
            {t('table.previous')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={data?.next == null}
            onClick={() => {
              if (data?.next != null) setCursors([...cursors, data.next]);
            }}
          >
            {t('table.next')}
          </button>
        </div>
      )}
    </>
  );
}

export function QueuedRedemptions({ rows }: { rows: ManagerView['queuedRedemptions'] }) {
  const f = useFmt();
  const { t } = f;
  if (rows.length === 0) return <Empty>{t('reserve.queued.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.requested')}</th>
          <th>{t('reserve.col.dealingDay')}</th>
          <th className="num">{t('reserve.col.unitsAsked')}</th>
          <th className="num">{t('reserve.col.paid')}</th>
          <th className="num">{t('reserve.col.queued')}</th>
          <th className="num">{t('reserve.col.penalty')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{f.day(r.requestedOn)}</td>
            <td>{f.day(r.dealingDay)}</td>
            <td className="num">{f.num(r.requestedUnits)}</td>
            <td className="num">{f.num(r.paidUnits)}</td>
            <td className="num">
              <Badge tone="warn">{f.num(r.queuedUnits)}</Badge>
            </td>
            <td className="num">{f.usd(r.penalty)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
