import { useState } from 'react';
import {
  ReserveAllocationJson,
  ReserveManagers2Json,
  ReservePerformanceJson,
} from '../../../src/reserve/answers.ts';
import { fundTermsSchema, type FundTerms } from '../../../src/reserve/terms.ts';
import { useApi } from '../useApi.ts';
import {
  Badge,
  codeKey,
  Empty,
  Link,
  Loading,
  ProblemNote,
  useFmt,
  usePermissions,
  type Fmt,
} from './common.tsx';
import { shareBps } from './format.ts';
import { CommitteeActions, History, Scorecard } from './ManagerDd.tsx';
import { FlowForms } from './FlowForms.tsx';
import { FlowsTable, QueuedRedemptions } from './ManagerFlows.tsx';
import { Attribution, FeeCheck, NavChart, PerformancePanel } from './ManagerMetrics.tsx';
import { STATUS_TONE } from './Managers.tsx';
import type { ManagerView } from './types.ts';

/**
 * One manager: state and holding, terms and mandate, performance and funding-source attribution,
 * the NAV chart, the fee check, flows, and the due-diligence scorecard with its history.
 */
function termLines(f: Fmt, terms: FundTerms): [string, string][] {
  const { t, pct } = f;
  if (terms.kind === 'venture_fund')
    return [
      [t('reserve.terms.commitment'), f.usd(terms.commitment.toString())],
      [
        t('reserve.terms.mgmtFee'),
        t('reserve.terms.perYear', { rate: pct(terms.managementFeeBpsPerYear, 2) }),
      ],
      [t('reserve.terms.carry'), pct(terms.carryBps, 2)],
      [
        t('reserve.terms.hurdle'),
        terms.hurdleBpsPerYear === null
          ? t('reserve.terms.none')
          : t('reserve.terms.perYear', { rate: pct(terms.hurdleBpsPerYear, 2) }),
      ],
      [t('reserve.terms.life'), t('reserve.terms.years', { n: String(terms.termYears) })],
    ];
  const fee = terms.performanceFee;
  const lock = terms.lockUp;
  return [
    [
      t('reserve.terms.mgmtFee'),
      t('reserve.terms.perYear', { rate: pct(terms.managementFee.rateBpsPerYear, 2) }),
    ],
    [
      t('reserve.terms.perfFee'),
      t(codeKey('reserve.terms.perf', fee.crystallisation), { rate: pct(fee.rateBps, 2) }) +
        (fee.hurdle === null
          ? ''
          : ` ${t(codeKey('reserve.terms.hurdleKind', fee.hurdle.kind), { rate: pct(fee.hurdle.rateBpsPerYear, 2) })}`),
    ],
    [
      t('reserve.terms.lockUp'),
      lock.kind === 'none'
        ? t('reserve.terms.none')
        : lock.kind === 'hard'
          ? t('reserve.terms.lockHard', { months: String(lock.months) })
          : t('reserve.terms.lockSoft', {
              months: String(lock.months),
              penalty: pct(lock.penaltyBps, 2),
            }),
    ],
    [
      t('reserve.terms.redemption'),
      t(codeKey('reserve.terms.freq', terms.redemptionFrequency), {
        days: String(terms.noticeDays),
      }),
    ],
    [
      t('reserve.terms.gate'),
      terms.gate === null
        ? t('reserve.terms.none')
        : t(codeKey('reserve.terms.gateBasis', terms.gate.basis), { rate: pct(terms.gate.bps, 2) }),
    ],
    [t('reserve.terms.sidePockets'), terms.sidePocketsAllowed ? t('reserve.yes') : t('reserve.no')],
  ];
}

function Terms({ view }: { view: ManagerView }) {
  const f = useFmt();
  const { t } = f;
  const m = view.mandate;
  const terms = fundTermsSchema.safeParse(view.terms);
  return (
    <div className="grid2">
      <div>
        <h3>{t('reserve.terms.title')}</h3>
        {terms.success ? (
          <dl className="kv">
            {termLines(f, terms.data).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <Empty>{t('reserve.terms.unreadable')}</Empty>
        )}
      </div>
      <div>
        <h3>{t('reserve.mandate.title')}</h3>
        <dl className="kv">
          <dt>{t('reserve.mandate.assets')}</dt>
          <dd>{m.permittedAssets.join(', ')}</dd>
          <dt>{t('reserve.mandate.leverage')}</dt>
          <dd>{f.ratio(m.maxLeverageBps / 10_000)}</dd>
          <dt>{t('reserve.mandate.drawdown')}</dt>
          <dd>{f.pct(m.maxDrawdownBps)}</dd>
          <dt>{t('reserve.mandate.concentration')}</dt>
          <dd>{f.pct(m.concentrationLimitBps)}</dd>
          <dt>{t('reserve.mandate.addresses')}</dt>
          <dd>
            {Object.keys(view.manager.addresses).length === 0
              ? t('reserve.terms.none')
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
  const f = useFmt();
  const { t } = f;
  const p = view.position;
  return (
    <section className="card">
      <h2>
        {view.manager.name}{' '}
        <Badge tone={STATUS_TONE[view.manager.status]}>
          {t(codeKey('reserve.status', view.manager.status))}
        </Badge>
      </h2>
      <p className="muted">
        {t(codeKey('reserve.kind', view.manager.kind))} ·{' '}
        {t('reserve.ddScore', {
          score:
            view.manager.ddScore === null
              ? t('reserve.dd.incomplete')
              : String(view.manager.ddScore),
        })}{' '}
        · <Link to="/managers">{t('reserve.allManagers')}</Link>
      </p>
      {p === null ? (
        <Empty>{t('reserve.holdsNothing')}</Empty>
      ) : (
        <div className="tiles">
          <div className="tile">
            <div className="label">{t('reserve.valueHeld')}</div>
            <div className="value">{f.usd(p.value)}</div>
          </div>
          <div className="tile">
            <div className="label">{t('reserve.col.shareOfReserve')}</div>
            <div className="value">
              {total === undefined ? '—' : f.pct(shareBps(p.value, total), 2)}
            </div>
          </div>
          <div className="tile">
            <div className="label">{t('reserve.navAsOf')}</div>
            <div className="value">
              {p.navDay === null ? '—' : f.day(p.navDay)}{' '}
              {p.stale ? <Badge tone="warn">{t('reserve.stale')}</Badge> : null}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function FlowsCard({ view, reload }: { view: ManagerView; reload: () => void }) {
  const { t } = useFmt();
  const can = usePermissions();
  const [flowsVersion, setFlowsVersion] = useState(0);
  const id = view.manager.id;
  const hedge = view.manager.kind === 'hedge_fund';
  return (
    <section className="card">
      <h2>{t('reserve.flows.title')}</h2>
      <FlowsTable key={flowsVersion} managerId={id} kind={view.manager.kind} />
      {can.has('reserve.manage') ? (
        <>
          <h3>{t('reserve.flows.record')}</h3>
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
          <h3>{t('reserve.queued.title')}</h3>
          <QueuedRedemptions rows={view.queuedRedemptions} />
        </>
      ) : null}
    </section>
  );
}

export function ManagerPage({ id }: { id: string }) {
  const { t } = useFmt();
  const { data: view, problem, reload } = useApi(`/reserve/managers/${id}`, ReserveManagers2Json);
  const alloc = useApi('/reserve/allocation', ReserveAllocationJson);
  const perf = useApi('/reserve/performance', ReservePerformanceJson);
  const can = usePermissions();
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (view === null) return <Loading />;
  const row = perf.data?.managers.find((m) => m.managerId === id);
  return (
    <>
      <Header view={view} total={alloc.data?.total} />
      <section className="card">
        <Terms view={view} />
      </section>
      <section className="card">
        <h2>{t('reserve.perf.title')}</h2>
        <PerformancePanel view={view} row={row} />
        <h3>{t('reserve.attribution.title')}</h3>
        <Attribution view={view} row={row} />
      </section>
      <section className="card">
        <h2>{t('reserve.nav.title')}</h2>
        <NavChart id={id} kind={view.manager.kind} />
      </section>
      {view.manager.kind === 'hedge_fund' ? (
        <section className="card">
          <h2>{t('reserve.fees.title')}</h2>
          <FeeCheck id={id} />
        </section>
      ) : null}
      <FlowsCard view={view} reload={reload} />
      <section className="card">
        <h2>{t('reserve.dd.title')}</h2>
        <Scorecard view={view} />
        <h3>{t('reserve.history.title')}</h3>
        <History view={view} />
        {can.has('reserve.managers.manage') ? (
          <>
            <h3>{t('reserve.committee.title')}</h3>
            <CommitteeActions view={view} onDone={reload} />
          </>
        ) : null}
      </section>
    </>
  );
}
