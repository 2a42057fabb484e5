import { useState } from 'react';
import { z } from 'zod';
import { SeizuresLots2Json } from '../../../src/seizures/answers.ts';
import { assetAmount, wholeAmount } from '../console/money.ts';
import { shortId, useOrganisationName } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Authored, Empty, Link, Loading, ProblemNote, WithAuthored } from '../ui/common.tsx';
import { EntityLabel } from '../ui/entity.tsx';
import { Money, WholeMoney } from '../ui/money.tsx';
import { useApi } from '../useApi.ts';
import CourtDecision from './CourtDecision.tsx';
import { EarmarkAction } from './EarmarkAction.tsx';
import { LotEvents } from './LotEvents.tsx';
import { Badge, useCustodyKindName } from './seizures-ui.tsx';

/**
 * One lot: what it is and where it is held (with its ledger balances and the sanctions screening it
 * passed at intake), then its one timeline of everything the audit log records about it (intake,
 * decisions, hand-offs, earmarking, claims, disposals; see LotEvents), the split tree it belongs
 * to and its evidence hashes. A custody officer earmarks a forfeited lot for the reserve here.
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

export default function LotTimeline({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, problem, reload } = useApi(`/seizures/lots/${id}`, LotPageJson);
  // A new step is a new entry in the log: the timeline reads it again.
  const [version, setVersion] = useState(0);
  const refresh = (): void => {
    reload();
    setVersion((v) => v + 1);
  };
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const earmarked = data.history.some((h) => h.action === 'seizures.lot.earmarked');
  return (
    <section>
      <p>
        <Link to="/cases">{t('lot.back')}</Link>
      </p>
      <h1>
        {t('seizures.lot')} <EntityLabel id={data.lot.id} />
      </h1>
      <Facts p={data} />
      <CourtDecision lotId={data.lot.id} steps={data.nextSteps} onDone={refresh} />
      <EarmarkAction lot={data.lot} earmarked={earmarked} onDone={refresh} />
      <h2>{t('timeline.title')}</h2>
      <LotEvents key={version} lotId={data.lot.id} evidence={data.lot.evidence} />
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
    </section>
  );
}
