import type { z } from 'zod';
import {
  ReserveAlertsJson,
  ReserveAllocationJson,
  ReserveManagersJson,
  ReservePoliciesJson,
  ReserveValueSeriesJson,
  type AlertRowJson,
} from '../../../src/reserve/answers.ts';
import { LineChart } from '../pages/charts.tsx';
import { Pie } from '../portal/charts/Pie.tsx';
import { EntityLabel } from '../ui/entity.tsx';
import { useApi } from '../useApi.ts';
import {
  Badge,
  BandBar,
  ChartData,
  codeKey,
  Empty,
  LimitBar,
  Link,
  Loading,
  ProblemNote,
  useFmt,
  type Fmt,
} from './common.tsx';
import { BUCKET_COLOURS, bucketRows, capUsage, toDollars } from './format.ts';
import { BUCKETS, type Allocation, type PolicyVersion } from './types.ts';

/**
 * The reserve at a glance: the allocation pie beside each bucket's share against its target and
 * band, the crypto cap and liquidity minimum, the recorded alerts, the policy in force and the
 * value over the last year.
 */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function bandText(f: Fmt, targetBps: number, bandBps: number): string {
  return `${f.pct(targetBps)} ± ${f.pct(bandBps)}`;
}

function AllocationTable({ a, f }: { a: Allocation; f: Fmt }) {
  const { t } = f;
  const rows = bucketRows(a.lines, a.total);
  return (
    <table>
      <caption className="muted" style={{ textAlign: 'left' }}>
        {t('reserve.alloc.caption', {
          total: f.usd(a.total),
          version: String(a.policyVersion ?? '—'),
        })}
      </caption>
      <thead>
        <tr>
          <th>{t('reserve.col.bucket')}</th>
          <th className="num">{t('reserve.col.value')}</th>
          <th className="num">{t('reserve.col.share')}</th>
          <th className="num">{t('reserve.col.targetBand')}</th>
          <th style={{ width: '35%' }}>{t('reserve.col.againstBand')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.bucket} className={r.state === 'within' ? '' : 'breach'}>
            <td>
              <i className="swatch" style={{ background: BUCKET_COLOURS[r.bucket] }} />
              {t(codeKey('bucket', r.bucket))}
            </td>
            <td className="num" data-testid={`bucket-value-${r.bucket}`}>
              {f.usd(r.value)}
            </td>
            <td className="num">
              {f.pct(r.shareBps)}{' '}
              {r.state === 'within' ? null : (
                <Badge tone="bad">{t(codeKey('reserve.band', r.state))}</Badge>
              )}
            </td>
            <td className="num">{bandText(f, r.targetBps, r.bandBps)}</td>
            <td>
              <BandBar {...r} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AllocationCard({ a, policy }: { a: Allocation; policy: PolicyVersion | undefined }) {
  const f = useFmt();
  const { t } = f;
  const rows = bucketRows(a.lines, a.total);
  const slices = rows.map((r) => ({
    key: r.bucket,
    label: `${t(codeKey('bucket', r.bucket))} ${f.pct(r.shareBps)}`,
    shareBps: r.shareBps,
    color: BUCKET_COLOURS[r.bucket],
  }));
  const out = rows.filter((r) => r.state !== 'within');
  return (
    <section className="card">
      <h2>{t('reserve.alloc.title', { day: f.day(a.day) })}</h2>
      {a.stale ? (
        <p>
          <Badge tone="warn">{t('reserve.stale')}</Badge> {t('reserve.alloc.stale')}
        </p>
      ) : null}
      <div className="reserve-split">
        <Pie
          slices={slices}
          label={t('reserve.alloc.pie', { slices: slices.map((s) => s.label).join(', ') })}
          centre={f.usdShort(a.total)}
        />
        <AllocationTable a={a} f={f} />
      </div>
      {policy === undefined ? null : <Limits a={a} policy={policy} f={f} />}
      {out.length === 0 ? (
        <p className="muted">{t('reserve.alloc.allWithin')}</p>
      ) : (
        <p className="error" role="alert">
          {t('reserve.alloc.outside', {
            buckets: out.map((r) => t(codeKey('bucket', r.bucket))).join(', '),
          })}{' '}
          <Link to="/reserve/rebalancing">{t('reserve.alloc.seeProposals')}</Link>
        </p>
      )}
    </section>
  );
}

function Limits({ a, policy, f }: { a: Allocation; policy: PolicyVersion; f: Fmt }) {
  const { t } = f;
  const caps = capUsage(a.lines, a.total, policy.policy);
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.limit')}</th>
          <th className="num">{t('reserve.col.measured')}</th>
          <th className="num">{t('reserve.col.limitValue')}</th>
          <th style={{ width: '35%' }}>{t('reserve.col.usage')}</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c) => (
          <tr key={c.label} className={c.breached ? 'breach' : ''}>
            <td>
              {t(codeKey('reserve.cap', c.label))}{' '}
              {c.breached ? (
                <Badge tone="bad">{t('reserve.cap.breached')}</Badge>
              ) : (
                <Badge tone="ok">{t('reserve.cap.ok')}</Badge>
              )}
            </td>
            <td className="num" data-testid={`cap-${c.label}`}>
              {f.pct(c.measuredBps)}
            </td>
            <td className="num">
              {c.sense === 'max' ? '≤ ' : '≥ '}
              {f.pct(c.limitBps)}
            </td>
            <td>
              <LimitBar {...c} />
            </td>
          </tr>
        ))}
        <tr>
          <td>{t('reserve.cap.manager')}</td>
          <td className="num">
            <Link to="/managers">{t('reserve.cap.byManager')}</Link>
          </td>
          <td className="num">≤ {f.pct(policy.policy.managerCapBps)}</td>
          <td className="muted">
            {policy.policy.onCapBreach === 'block'
              ? t('reserve.cap.onBreach.block')
              : t('reserve.cap.onBreach.approval')}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function ValueOverTime({ day }: { day: string }) {
  const f = useFmt();
  const { t } = f;
  const path = `/reserve/value-series?from=${addDays(day, -365)}&to=${day}`;
  const { data, problem } = useApi(path, ReserveValueSeriesJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  if (data.points.length === 0) return <Empty>{t('reserve.value.none')}</Empty>;
  const series = [
    { name: t('reserve.col.total'), values: data.points.map((p) => toDollars(p.total)) },
    ...BUCKETS.map((b) => ({
      name: t(codeKey('bucket', b)),
      values: data.points.map((p) => toDollars(p.byBucket[b])),
    })),
  ];
  return (
    <>
      <LineChart
        labels={data.points.map((p) => f.day(p.day))}
        series={series}
        colours={['#1c2733', ...BUCKETS.map((b) => BUCKET_COLOURS[b])]}
        title={t('reserve.value.chart')}
      />
      <ChartData summary={t('reserve.value.asTable', { count: String(data.points.length) })}>
        <table>
          <thead>
            <tr>
              <th>{t('reserve.col.day')}</th>
              <th className="num">{t('reserve.col.total')}</th>
              {BUCKETS.map((b) => (
                <th key={b} className="num">
                  {t(codeKey('bucket', b))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.points.map((p) => (
              <tr key={p.day}>
                <td>{f.day(p.day)}</td>
                <td className="num">{f.usd(p.total)}</td>
                {BUCKETS.map((b) => (
                  <td key={b} className="num">
                    {f.usd(p.byBucket[b])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ChartData>
      <p className="muted">
        <a href={`/api/v1${path.replace('value-series?', 'value-series?format=csv&')}`}>CSV</a>
      </p>
    </>
  );
}

const ALERT_KINDS = ['crypto_cap', 'liquidity_min', 'bucket_band', 'manager_cap'];

/** What an alert or breach is about, by name: a bucket, the crypto cap, liquidity or a manager. */
export function AlertSubject(p: { subject: string; names: ReadonlyMap<string, string> }) {
  const { t } = useFmt();
  if ((BUCKETS as readonly string[]).includes(p.subject))
    return <>{t(codeKey('bucket', p.subject))}</>;
  if (p.subject === 'crypto' || p.subject === 'liquidity')
    return <>{t(codeKey('reserve.subject', p.subject))}</>;
  return <EntityLabel id={p.subject} name={p.names.get(p.subject) ?? null} />;
}

/** A breach in words, from its kind and figures (the server's note is English). */
export function alertText(f: Fmt, x: { kind: string; measuredBps: number; thresholdBps: number }) {
  const kind = ALERT_KINDS.includes(x.kind) ? x.kind : 'other';
  return f.t(codeKey('reserve.alert', kind), {
    measured: f.pct(x.measuredBps),
    threshold: f.pct(x.thresholdBps),
  });
}

export function alertKind(f: Fmt, kind: string): string {
  return f.t(codeKey('reserve.alertKind', ALERT_KINDS.includes(kind) ? kind : 'other'));
}

export function useManagerNames(): ReadonlyMap<string, string> {
  const { data } = useApi('/reserve/managers', ReserveManagersJson);
  return new Map((data?.managers ?? []).map((m) => [m.id, m.name]));
}

export function AlertsTable({ alerts }: { alerts: readonly z.output<typeof AlertRowJson>[] }) {
  const f = useFmt();
  const { t } = f;
  const names = useManagerNames();
  if (alerts.length === 0) return <Empty>{t('reserve.alerts.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.day')}</th>
          <th>{t('reserve.col.kind')}</th>
          <th>{t('reserve.col.subject')}</th>
          <th className="num">{t('reserve.col.measured')}</th>
          <th className="num">{t('reserve.col.threshold')}</th>
          <th>{t('reserve.col.message')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((x) => (
          <tr key={x.id} className="breach">
            <td>{f.day(x.day)}</td>
            <td>
              <Badge tone="bad">{alertKind(f, x.kind)}</Badge>
            </td>
            <td>
              <AlertSubject subject={x.subject} names={names} />
            </td>
            <td className="num">{f.pct(x.measuredBps)}</td>
            <td className="num">{f.pct(x.thresholdBps)}</td>
            <td>{alertText(f, x)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PolicyCard({ a, current }: { a: Allocation; current: PolicyVersion | undefined }) {
  const f = useFmt();
  const { t } = f;
  return (
    <p>
      {t('reserve.policy.version', { version: String(a.policyVersion ?? '—') })}
      {current === undefined ? null : (
        <>
          {' '}
          {t('reserve.policy.since', { day: f.day(current.effectiveFrom) })} ·{' '}
          {t('reserve.policy.document')}{' '}
          <span className="hash">{current.documentHash.slice(0, 16)}…</span>
        </>
      )}{' '}
      · <Link to="/reserve/policies">{t('reserve.policy.history')}</Link>
    </p>
  );
}

export function Overview() {
  const { t } = useFmt();
  const alloc = useApi('/reserve/allocation', ReserveAllocationJson);
  const policies = useApi('/reserve/policies', ReservePoliciesJson);
  const alerts = useApi('/reserve/alerts?limit=20', ReserveAlertsJson);
  if (alloc.problem !== null) return <ProblemNote problem={alloc.problem} />;
  if (alloc.data === null) return <Loading />;
  const a = alloc.data;
  const current = policies.data?.policies.find((p) => p.version === a.policyVersion);
  return (
    <>
      {a.lines.length === 0 || BigInt(a.total) === 0n ? (
        <Empty>{t('reserve.alloc.empty')}</Empty>
      ) : (
        <AllocationCard a={a} policy={current} />
      )}
      <section className="card">
        <h2>{t('reserve.policy.title')}</h2>
        {policies.problem !== null ? <ProblemNote problem={policies.problem} /> : null}
        <PolicyCard a={a} current={current} />
      </section>
      <section className="card">
        <h2>{t('reserve.alerts.title')}</h2>
        {alerts.problem !== null ? (
          <ProblemNote problem={alerts.problem} />
        ) : alerts.data === null ? (
          <Loading />
        ) : (
          <AlertsTable alerts={alerts.data.alerts} />
        )}
      </section>
      <section className="card">
        <h2>{t('reserve.value.title')}</h2>
        <ValueOverTime day={a.day} />
      </section>
    </>
  );
}
