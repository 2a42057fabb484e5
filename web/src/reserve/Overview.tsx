import {
  ReserveAlertsJson,
  ReservePoliciesJson,
  ReserveValueSeriesJson,
} from '../../../src/reserve/answers.ts';
import { LineChart } from '../pages/charts.tsx';
import { Pie } from '../portal/charts/Pie.tsx';
import { useApi } from '../useApi.ts';
import {
  Badge,
  BandBar,
  bandText,
  ChartData,
  Empty,
  LimitBar,
  Link,
  Loading,
  ProblemNote,
} from './common.tsx';
import {
  BUCKET_COLOURS,
  BUCKET_LABELS,
  bucketRows,
  capUsage,
  pct,
  toDollars,
  usd,
  usdShort,
} from './format.ts';
import { BUCKETS, type Allocation, type PolicyVersion, type ReserveAlert } from './types.ts';

/**
 * The reserve at a glance: the allocation pie beside each bucket's share against its target and
 * band, the crypto cap and liquidity minimum, the recorded alerts, the policy in force and the
 * value over the last year.
 */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function AllocationCard({ a, policy }: { a: Allocation; policy: PolicyVersion | undefined }) {
  const rows = bucketRows(a.lines, a.total);
  const slices = rows.map((r) => ({
    key: r.bucket,
    label: `${BUCKET_LABELS[r.bucket]} ${pct(r.shareBps)}`,
    shareBps: r.shareBps,
    color: BUCKET_COLOURS[r.bucket],
  }));
  const out = rows.filter((r) => r.state !== 'within');
  return (
    <section className="card">
      <h2>Allocation on {a.day}</h2>
      {a.stale ? (
        <p>
          <Badge tone="warn">stale</Badge> a price or NAV used here is older than the policy allows.
        </p>
      ) : null}
      <div className="reserve-split">
        <Pie
          slices={slices}
          label={`Allocation of the reserve: ${slices.map((s) => s.label).join(', ')}`}
          centre={usdShort(a.total)}
        />
        <table>
          <caption className="muted" style={{ textAlign: 'left' }}>
            Share of {usd(a.total)} against policy v{a.policyVersion}: bar is the share, shaded area
            the band, tick the target.
          </caption>
          <thead>
            <tr>
              <th>Bucket</th>
              <th className="num">Value</th>
              <th className="num">Share</th>
              <th className="num">Target ± band</th>
              <th style={{ width: '35%' }}>Against the band</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.bucket} className={r.state === 'within' ? '' : 'breach'}>
                <td>
                  <i className="swatch" style={{ background: BUCKET_COLOURS[r.bucket] }} />
                  {BUCKET_LABELS[r.bucket]}
                </td>
                <td className="num">{usd(r.value)}</td>
                <td className="num">
                  {pct(r.shareBps)}{' '}
                  {r.state === 'within' ? null : <Badge tone="bad">{r.state} band</Badge>}
                </td>
                <td className="num">{bandText(r.targetBps, r.bandBps)}</td>
                <td>
                  <BandBar {...r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {policy === undefined ? null : <Limits a={a} policy={policy} />}
      {out.length === 0 ? (
        <p className="muted">Every bucket is within its band.</p>
      ) : (
        <p className="error" role="alert">
          {out.length} bucket{out.length === 1 ? ' is' : 's are'} outside the band:{' '}
          {out.map((r) => BUCKET_LABELS[r.bucket]).join(', ')}.{' '}
          <Link to="/reserve/rebalancing">See the rebalancing proposals.</Link>
        </p>
      )}
    </section>
  );
}

function Limits({ a, policy }: { a: Allocation; policy: PolicyVersion }) {
  const caps = capUsage(a.lines, a.total, policy.policy);
  return (
    <table>
      <thead>
        <tr>
          <th>Limit</th>
          <th className="num">Measured</th>
          <th className="num">Limit</th>
          <th style={{ width: '35%' }}>Usage</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c) => (
          <tr key={c.label} className={c.breached ? 'breach' : ''}>
            <td>
              {c.label}{' '}
              {c.breached ? <Badge tone="bad">breached</Badge> : <Badge tone="ok">ok</Badge>}
            </td>
            <td className="num">{pct(c.measuredBps)}</td>
            <td className="num">
              {c.sense === 'max' ? '≤ ' : '≥ '}
              {pct(c.limitBps)}
            </td>
            <td>
              <LimitBar {...c} />
            </td>
          </tr>
        ))}
        <tr>
          <td>Per manager (cap)</td>
          <td className="num">
            <Link to="/managers">by manager</Link>
          </td>
          <td className="num">≤ {pct(policy.policy.managerCapBps)}</td>
          <td className="muted">
            a subscription over a cap is{' '}
            {policy.policy.onCapBreach === 'block' ? 'refused' : 'sent for approval'}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function ValueOverTime({ day }: { day: string }) {
  const path = `/reserve/value-series?from=${addDays(day, -365)}&to=${day}`;
  const { data, problem } = useApi(path, ReserveValueSeriesJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  if (data.points.length === 0) return <Empty>No valuations were recorded in the last year.</Empty>;
  const labels = data.points.map((p) => p.day);
  const series = [
    { name: 'Total', values: data.points.map((p) => toDollars(p.total)) },
    ...(['gold', 'fx', 'hedge_funds', 'venture_funds'] as const).map((b) => ({
      name: BUCKET_LABELS[b],
      values: data.points.map((p) => toDollars(p.byBucket[b])),
    })),
  ];
  return (
    <>
      <LineChart
        labels={labels}
        series={series}
        colours={['#1c2733', ...BUCKETS.map((b) => BUCKET_COLOURS[b])]}
        title="Reserve value by bucket, USD"
      />
      <ChartData summary={`The ${data.points.length} points as a table`}>
        <table>
          <thead>
            <tr>
              <th>Day</th>
              <th className="num">Total</th>
              {(['gold', 'fx', 'hedge_funds', 'venture_funds'] as const).map((b) => (
                <th key={b} className="num">
                  {BUCKET_LABELS[b]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.points.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td className="num">{usd(p.total)}</td>
                {(['gold', 'fx', 'hedge_funds', 'venture_funds'] as const).map((b) => (
                  <td key={b} className="num">
                    {usd(p.byBucket[b])}
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

export function AlertsTable({ alerts }: { alerts: readonly ReserveAlert[] }) {
  if (alerts.length === 0)
    return <Empty>No alerts: no check has found a breach of the allocation policy.</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>Day</th>
          <th>Kind</th>
          <th>Subject</th>
          <th className="num">Measured</th>
          <th className="num">Threshold</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((x) => (
          <tr key={x.id} className="breach">
            <td>{x.day}</td>
            <td>
              <Badge tone="bad">{x.kind}</Badge>
            </td>
            <td>{x.subject}</td>
            <td className="num">{pct(x.measuredBps)}</td>
            <td className="num">{pct(x.thresholdBps)}</td>
            <td>{x.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Overview() {
  const alloc = useApi<Allocation>('/reserve/allocation');
  const policies = useApi('/reserve/policies', ReservePoliciesJson);
  const alerts = useApi('/reserve/alerts?limit=20', ReserveAlertsJson);
  if (alloc.problem !== null) return <ProblemNote problem={alloc.problem} />;
  if (alloc.data === null) return <Loading />;
  const a = alloc.data;
  const current = policies.data?.policies.find((p) => p.version === a.policyVersion);
  return (
    <>
      {a.lines.length === 0 || BigInt(a.total) === 0n ? (
        <Empty>
          The reserve holds nothing yet. The first allocation of gold and foreign currency appears
          here once it is recorded in the ledger.
        </Empty>
      ) : (
        <AllocationCard a={a} policy={current} />
      )}
      <section className="card">
        <h2>Policy</h2>
        {policies.problem !== null ? <ProblemNote problem={policies.problem} /> : null}
        <p>
          Version {a.policyVersion}
          {current === undefined ? null : (
            <>
              {' '}
              in force since {current.effectiveFrom} · document{' '}
              <span className="hash">{current.documentHash.slice(0, 16)}…</span>
            </>
          )}{' '}
          · <Link to="/reserve/policies">history and changes</Link>
        </p>
      </section>
      <section className="card">
        <h2>Alerts</h2>
        {alerts.problem !== null ? (
          <ProblemNote problem={alerts.problem} />
        ) : alerts.data === null ? (
          <Loading />
        ) : (
          <AlertsTable alerts={alerts.data.alerts} />
        )}
      </section>
      <section className="card">
        <h2>Value over the last year</h2>
        <ValueOverTime day={a.day} />
      </section>
    </>
  );
}
