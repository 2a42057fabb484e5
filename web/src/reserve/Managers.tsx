import { useState } from 'react';
import {
  ReserveAllocationJson,
  ReserveManagersJson,
  ReservePerformanceJson,
  ReservePoliciesJson,
  ReservePositionsJson,
} from '../../../src/reserve/answers.ts';
import { MANAGER_STATUSES } from '../../../src/reserve/model.ts';
import { ShareBar } from '../pages/charts.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { FormField, SelectField } from '../ui/form.tsx';
import { useApi } from '../useApi.ts';
import { Badge, codeKey, Empty, Link, Loading, ProblemNote, useFmt, type Fmt } from './common.tsx';
import { shareBps } from './format.ts';
import type { PerformanceRow } from './types.ts';
import type { z } from 'zod';

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

type ManagerRow = z.output<typeof ReserveManagersJson>['managers'][number];
type Position = z.output<typeof ReservePositionsJson>['positions'][number];

function seizedOf(p: PerformanceRow | undefined): string {
  return p?.bySource.find((s) => s.source === 'forfeited_crypto')?.value ?? '0';
}

/** A hedge fund's time-weighted return, a venture fund's TVPI. */
function returnOf(f: Fmt, p: PerformanceRow | undefined): string {
  if (p?.venture != null) return f.t('reserve.return.tvpi', { x: f.ratio(p.venture.tvpi) });
  if (p?.hedge != null) return f.t('reserve.return.twr', { x: f.percentOf(p.hedge.total.twr, 2) });
  return '—';
}

interface Measured {
  readonly value: ReadonlyMap<string, Position>;
  readonly perf: ReadonlyMap<string, PerformanceRow>;
  readonly total: string;
  readonly cap: number | undefined;
}

function columns(f: Fmt, m: Measured): Column<ManagerRow>[] {
  const { t } = f;
  const share = (r: ManagerRow): number => {
    const p = m.value.get(r.id);
    return p === undefined ? 0 : shareBps(p.value, m.total);
  };
  return [
    {
      header: t('reserve.col.manager'),
      cell: (r) => <Link to={`/managers/${r.id}`}>{r.name}</Link>,
      sort: (r) => r.name,
    },
    { header: t('reserve.col.kind'), cell: (r) => t(codeKey('reserve.kind', r.kind)) },
    {
      header: t('reserve.col.state'),
      cell: (r) => (
        <Badge tone={STATUS_TONE[r.status]}>{t(codeKey('reserve.status', r.status))}</Badge>
      ),
      sort: (r) => r.status,
    },
    {
      header: t('reserve.col.dd'),
      numeric: true,
      cell: (r) => r.ddScore ?? <span className="muted">{t('reserve.dd.incomplete')}</span>,
      sort: (r) => r.ddScore ?? -1,
    },
    {
      header: t('reserve.col.navHeld'),
      numeric: true,
      cell: (r) => {
        const p = m.value.get(r.id);
        return p === undefined ? '—' : f.usd(p.value);
      },
      sort: (r) => BigInt(m.value.get(r.id)?.value ?? '0'),
    },
    {
      header: t('reserve.col.navDay'),
      cell: (r) => {
        const d = m.value.get(r.id)?.navDay;
        return d == null ? '—' : f.day(d);
      },
    },
    {
      header: t('reserve.col.shareOfReserve'),
      numeric: true,
      cell: (r) => (
        <span data-testid="manager-share">
          {f.pct(share(r), 2)}{' '}
          {m.cap !== undefined && share(r) > m.cap ? (
            <Badge tone="bad">{t('reserve.overCap')}</Badge>
          ) : null}
        </span>
      ),
      sort: share,
    },
    {
      header: t('reserve.col.shareBar'),
      cell: (r) => <ShareBar share={m.cap === undefined ? share(r) / 10_000 : share(r) / m.cap} />,
    },
    {
      header: t('reserve.col.fromForfeited'),
      numeric: true,
      cell: (r) => f.usd(seizedOf(m.perf.get(r.id))),
    },
    {
      header: t('reserve.col.return'),
      numeric: true,
      cell: (r) => returnOf(f, m.perf.get(r.id)),
    },
  ];
}

function Filters(p: {
  kind: string;
  status: string;
  minDd: string;
  set: (k: 'kind' | 'status' | 'minDd', v: string) => void;
}) {
  const { t } = useFmt();
  return (
    <div className="filters">
      <SelectField
        label={t('reserve.col.kind')}
        name="kind"
        value={p.kind}
        options={[
          ['', t('reserve.all')],
          ['hedge_fund', t('reserve.kinds.hedge_fund')],
          ['venture_fund', t('reserve.kinds.venture_fund')],
        ]}
        onChange={(v) => {
          p.set('kind', v);
        }}
      />
      <SelectField
        label={t('reserve.col.state')}
        name="status"
        value={p.status}
        options={[
          ['', t('reserve.all')],
          ...MANAGER_STATUSES.map((s): [string, string] => [s, t(codeKey('reserve.status', s))]),
        ]}
        onChange={(v) => {
          p.set('status', v);
        }}
      />
      <FormField
        label={t('reserve.minDd')}
        name="minDd"
        type="number"
        value={p.minDd}
        onChange={(v) => {
          p.set('minDd', v);
        }}
      />
    </div>
  );
}

function useMeasures(): Measured {
  const positions = useApi('/reserve/positions', ReservePositionsJson);
  const alloc = useApi('/reserve/allocation', ReserveAllocationJson);
  const perf = useApi('/reserve/performance', ReservePerformanceJson);
  const policies = useApi('/reserve/policies', ReservePoliciesJson);
  return {
    value: new Map((positions.data?.positions ?? []).map((p) => [p.managerId, p])),
    perf: new Map((perf.data?.managers ?? []).map((m) => [m.managerId, m])),
    total: alloc.data?.total ?? '0',
    cap: policies.data?.policies.find((p) => p.version === alloc.data?.policyVersion)?.policy
      .managerCapBps,
  };
}

export function ManagerList() {
  const f = useFmt();
  const { t } = f;
  const managers = useApi('/reserve/managers', ReserveManagersJson);
  const measured = useMeasures();
  const [filter, setFilter] = useState({ kind: '', status: '', minDd: '0' });
  if (managers.problem !== null) return <ProblemNote problem={managers.problem} />;
  if (managers.data === null) return <Loading />;
  const minDd = Number(filter.minDd) || 0;
  const all = managers.data.managers;
  const rows = all.filter(
    (m) =>
      (filter.kind === '' || m.kind === filter.kind) &&
      (filter.status === '' || m.status === filter.status) &&
      (minDd === 0 || (m.ddScore ?? 0) >= minDd),
  );
  return (
    <section className="card">
      <Filters
        {...filter}
        set={(k, v) => {
          setFilter({ ...filter, [k]: v });
        }}
      />
      {all.length === 0 ? (
        <Empty>{t('reserve.managers.none')}</Empty>
      ) : (
        <DataTable
          rows={rows}
          columns={columns(f, measured)}
          rowKey={(r) => r.id}
          filterText={(r) => `${r.name} ${t(codeKey('reserve.status', r.status))}`}
          caption={`${t('reserve.managers.count', {
            shown: String(rows.length),
            all: String(all.length),
          })}${
            measured.cap === undefined
              ? ''
              : ` · ${t('reserve.managers.cap', { cap: f.pct(measured.cap) })}`
          }`}
          empty={<Empty>{t('reserve.managers.noMatch')}</Empty>}
        />
      )}
      <p className="muted">{t('reserve.managers.barNote')}</p>
    </section>
  );
}
