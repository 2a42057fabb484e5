import { z } from 'zod';
import { SeizuresLots2Json } from '../../../src/seizures/answers.ts';
import { assetAmount, wholeAmount } from '../console/money.ts';
import { shortId, useDates, useOrganisationName } from '../console/names.tsx';
import { useI18n, type Key } from '../portal/i18n.ts';
import { Authored, Empty, Link, Loading, ProblemNote, WithAuthored } from '../ui/common.tsx';
import { EntityLabel, OrganisationName } from '../ui/entity.tsx';
import { Money, WholeMoney } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import CourtDecision from './CourtDecision.tsx';
import { Badge, useCustodyKindName } from './seizures-ui.tsx';

/**
 * One lot: its legal-status timeline (who decided, by role and organisation, under which court
 * order and why), custody hand-offs, the split tree it belongs to, its ledger balances, the sanctions
 * screening it passed at intake and its evidence hashes. Everything here comes from one request.
 */
interface Node {
  readonly lotId: string;
  readonly asset: string;
  readonly amount: string;
  readonly status: string;
  readonly heldAtSplit: string | null;
  readonly parts: readonly Node[];
}
/** The route declares the split tree as unknown; the page names the fields it reads, at every level. */
const NodeJson: z.ZodType<Node> = z.lazy(() =>
  z.object({
    lotId: z.string(),
    asset: z.string(),
    amount: z.string(),
    status: z.string(),
    heldAtSplit: z.string().nullable(),
    parts: z.array(NodeJson),
  }),
);
const LotPageJson = SeizuresLots2Json.extend({ tree: NodeJson.nullable() });
type LotPage = z.output<typeof LotPageJson>;
type Transition = LotPage['transitions'][number];

const ACTIONS = [
  'seizures.lot.recorded',
  'seizures.lot.transitioned',
  'seizures.lot.split',
  'seizures.lot.paid_out',
  'seizures.lot.handed_off',
  'seizures.lot.earmarked',
  'seizures.lot.disposed',
  'seizures.lot.disposal_committed',
  'seizures.lot.disposal_released',
] as const;

function actionKey(action: string): Key {
  return (ACTIONS as readonly string[]).includes(action)
    ? `lot.action.${action as (typeof ACTIONS)[number]}`
    : 'lot.action.other';
}

function Timeline({ rows }: { rows: readonly Transition[] }) {
  const { t } = useI18n();
  const dates = useDates();
  const columns: Column<Transition>[] = [
    { header: t('seizures.date'), cell: (r) => dates.time(r.at), sort: (r) => r.at },
    {
      header: t('lot.step'),
      cell: (r) => (
        <>
          <Badge value={r.from} /> → <Badge value={r.to} />
        </>
      ),
    },
    {
      header: t('lot.recordedBy'),
      cell: (r) => (
        <>
          {r.by.roles.map((role) => t(`role.${role}`)).join(', ') || 'Kazna'}
          <div className="muted">
            {r.by.organisationId === null ? '' : <OrganisationName id={r.by.organisationId} />}
          </div>
        </>
      ),
    },
    { header: t('lot.courtOrder'), cell: (r) => r.courtOrderRef ?? '—' },
    {
      header: t('lot.reason'),
      cell: (r) => (
        <>
          <Authored text={r.reason} />
          {r.ground === null ? null : (
            <div className="muted">{t('lot.ground', { ground: r.ground })}</div>
          )}
        </>
      ),
    },
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      empty={<Empty>{t('lot.noStep')}</Empty>}
    />
  );
}

function Tree({ node, current }: { node: Node; current: string }) {
  const { t, locale } = useI18n();
  const parts = node.parts.map((p) => wholeAmount(locale, p.amount, p.asset)).join(' + ');
  return (
    <li>
      <span style={node.lotId === current ? { fontWeight: 700 } : undefined}>
        <Link to={`/cases/lots/${node.lotId}`}>{shortId(node.lotId)}</Link>
      </span>{' '}
      <WholeMoney whole={node.amount} asset={node.asset} /> <Badge value={node.status} />
      {node.heldAtSplit === null ? null : (
        <span className="muted">
          {' '}
          {t('lot.splitFrom', { held: wholeAmount(locale, node.heldAtSplit, node.asset), parts })}
        </span>
      )}
      {node.parts.length === 0 ? null : (
        <ul>
          {node.parts.map((p) => (
            <Tree key={p.lotId} node={p} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Handoffs({ rows }: { rows: LotPage['handoffs'] }) {
  const { t } = useI18n();
  const dates = useDates();
  if (rows.length === 0) return <Empty>{t('lot.noHandoff')}</Empty>;
  return (
    <ul>
      {rows.map((h) => (
        <li key={h.id}>
          {dates.time(h.at)} — <OrganisationName id={h.fromOrganisationId} /> →{' '}
          <OrganisationName id={h.toOrganisationId} /> <Badge value={h.state} />{' '}
          <span className="muted">
            <Authored text={h.note} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function Facts({ p }: { p: LotPage }) {
  const { t, locale } = useI18n();
  const org = useOrganisationName();
  const kind = useCustodyKindName();
  const l = p.lot;
  const escrow = l.escrow;
  return (
    <div className="card">
      <p>
        <strong>
          <Money baseUnits={l.amountUnits} asset={l.asset} />
        </strong>{' '}
        {t('lot.onChain', { chain: l.chain })} <Badge value={l.status} /> —{' '}
        {t('lot.stillHeld', { amount: assetAmount(locale, l.remainingUnits, l.asset) })}
      </p>
      <p>
        <WithAuthored
          text={t('lot.heldBy', {
            holder: org(l.custodianOrganisationId),
            kind: kind(l.custodyKind),
            ref: l.custodyRef,
          })}
          authored={l.custodyRef}
        />
      </p>
      <p>
        {t('lot.ledger', {
          balance:
            p.ledger.custodyBalance === null
              ? '—'
              : wholeAmount(locale, p.ledger.custodyBalance, l.asset),
        })}
        {escrow === null
          ? null
          : ` · ${t('lot.escrow', {
              balance:
                p.ledger.escrowBalance === null
                  ? '—'
                  : wholeAmount(locale, p.ledger.escrowBalance, escrow.asset),
              amount: wholeAmount(locale, escrow.amount, escrow.asset),
            })}`}
      </p>
      <p>
        {t('lot.screening')}{' '}
        {l.flagged ? (
          <span className="badge bad">{t('seizures.match')}</span>
        ) : (
          <span className="badge ok">{t('seizures.clear')}</span>
        )}{' '}
        <span className="muted">
          {t('lot.screeningOf', {
            version: l.listVersion ?? '—',
            id: l.screeningId === null ? '—' : shortId(l.screeningId),
          })}
        </span>
      </p>
    </div>
  );
}

function Evidence({ lot }: { lot: LotPage['lot'] }) {
  const { t } = useI18n();
  return (
    <div className="card">
      {lot.evidence.length === 0 ? <p className="muted">{t('lot.noEvidence')}</p> : null}
      <ul>
        {lot.evidence.map((e) => (
          <li key={e.sha256}>
            <Authored text={e.name} /> <code>sha256:{e.sha256}</code>
          </li>
        ))}
      </ul>
      <p className="muted">{t('lot.addresses')}</p>
      <ul>
        {lot.addresses.map((a) => (
          <li key={a}>
            <code>{a}</code>
          </li>
        ))}
      </ul>
      {lot.txids.length === 0 ? null : (
        <>
          <p className="muted">{t('lot.transactions')}</p>
          <ul>
            {lot.txids.map((x) => (
              <li key={x}>
                <code>{x}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function History({ rows }: { rows: LotPage['history'] }) {
  const { t } = useI18n();
  const dates = useDates();
  return (
    <ol>
      {rows.map((h) => (
        <li key={h.seq} title={h.summary}>
          <code>#{h.seq}</code> {dates.time(h.at)} — {t(actionKey(h.action))}
        </li>
      ))}
    </ol>
  );
}

export default function LotTimeline({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, problem, reload } = useApi(`/seizures/lots/${id}`, LotPageJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  return (
    <section>
      <p>
        <Link to="/cases">{t('lot.back')}</Link>
      </p>
      <h1>
        {t('seizures.lot')} <EntityLabel id={data.lot.id} />
      </h1>
      <Facts p={data} />
      <CourtDecision lotId={data.lot.id} steps={data.nextSteps} onDone={reload} />
      <h2>{t('seizures.legalStatus')}</h2>
      <Timeline rows={data.transitions} />
      <h2>{t('lot.handoffs')}</h2>
      <Handoffs rows={data.handoffs} />
      <h2>{t('lot.splits')}</h2>
      {data.tree === null || data.tree.parts.length === 0 ? (
        <Empty>{t('lot.neverSplit')}</Empty>
      ) : (
        <ul>
          <Tree node={data.tree} current={data.lot.id} />
        </ul>
      )}
      <h2>{t('lot.evidence')}</h2>
      <Evidence lot={data.lot} />
      <h2>{t('lot.history')}</h2>
      <History rows={data.history} />
    </section>
  );
}
