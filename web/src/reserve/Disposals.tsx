import { useState } from 'react';
import type { z } from 'zod';
import {
  ReserveDisposalsAuctionsJson,
  ReserveDisposalsLotsJson,
  ReserveDisposalsOtcJson,
} from '../../../src/disposal/answers.ts';
import { ReserveContributionsJson } from '../../../src/reserve/answers.ts';
import { EntityLabel, ShortId } from '../ui/entity.tsx';
import { FormField } from '../ui/form.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import {
  ApprovalLink,
  Badge,
  codeKey,
  Empty,
  Link,
  Loading,
  ProblemNote,
  send,
  useFmt,
  usePermissions,
  type Fmt,
  type Sent,
} from './common.tsx';
import { AuctionDetailView, PlanDetailView } from './DisposalDetail.tsx';
import { InKindContribution } from './InKindForm.tsx';
import { SentNote } from './ManagerDd.tsx';
import { useManagerNames } from './Overview.tsx';

/**
 * The disposal workflow: forfeited lots that may be disposed of, the sealed-bid auctions and the
 * OTC plans with their approval requests, and the forms for reserve.manage to start one. Every
 * step that moves a lot or money is an approval request; its state links to /approvals.
 */
type Contribution = z.output<typeof ReserveContributionsJson>['contributions'][number];
type Lot = z.output<typeof ReserveDisposalsLotsJson>['lots'][number];
type Auction = z.output<typeof ReserveDisposalsAuctionsJson>['auctions'][number];
type Plan = z.output<typeof ReserveDisposalsOtcJson>['plans'][number];

function contributionColumns(f: Fmt, names: ReadonlyMap<string, string>): Column<Contribution>[] {
  const { t } = f;
  return [
    { header: t('reserve.col.lot'), cell: (c) => <ShortId id={c.lotId} /> },
    { header: t('reserve.col.asset'), cell: (c) => c.asset },
    {
      header: t('reserve.col.valueAtContribution'),
      numeric: true,
      cell: (c) => f.usd(c.value),
      sort: (c) => BigInt(c.value),
    },
    { header: t('reserve.col.day'), cell: (c) => f.day(c.day), sort: (c) => c.day },
    {
      header: t('reserve.col.manager'),
      cell: (c) =>
        c.managerId === null ? (
          '—'
        ) : (
          <Link to={`/managers/${c.managerId}`}>
            {names.get(c.managerId) ?? c.managerId.slice(-8)}
          </Link>
        ),
    },
  ];
}

function Contributions() {
  const f = useFmt();
  const contributions = useApi('/reserve/contributions', ReserveContributionsJson);
  const names = useManagerNames();
  if (contributions.problem !== null) return <ProblemNote problem={contributions.problem} />;
  if (contributions.data === null) return <Loading />;
  return (
    <DataTable
      rows={contributions.data.contributions}
      columns={contributionColumns(f, names)}
      rowKey={(c) => `${c.lotId}-${c.day}`}
      empty={<Empty>{f.t('reserve.contributions.none')}</Empty>}
    />
  );
}

function lotColumns(f: Fmt): Column<Lot>[] {
  const { t } = f;
  return [
    { header: t('reserve.col.lot'), cell: (l) => <EntityLabel id={l.id} /> },
    { header: t('reserve.col.asset'), cell: (l) => l.asset, sort: (l) => l.asset },
    {
      header: t('reserve.col.amount'),
      numeric: true,
      cell: (l) => <WholeMoney whole={l.amount} asset={l.asset} />,
    },
    {
      header: t('reserve.col.remaining'),
      numeric: true,
      cell: (l) => <WholeMoney whole={l.remaining} asset={l.asset} />,
    },
    {
      header: t('reserve.col.heldBy'),
      cell: (l) =>
        l.commitment === null ? (
          t('reserve.lot.free')
        ) : (
          <>
            {t(codeKey('reserve.route', l.commitment.route))}{' '}
            <ShortId id={l.commitment.reference} />
          </>
        ),
    },
  ];
}

function Lots() {
  const f = useFmt();
  const { t } = f;
  const lots = useApi('/reserve/disposals/lots', ReserveDisposalsLotsJson);
  return (
    <section className="card">
      <h2>{t('reserve.lots.title')}</h2>
      {lots.problem !== null ? (
        <ProblemNote problem={lots.problem} />
      ) : lots.data === null ? (
        <Loading />
      ) : (
        <DataTable
          rows={lots.data.lots}
          columns={lotColumns(f)}
          rowKey={(l) => l.id}
          empty={<Empty>{t('reserve.lots.none')}</Empty>}
        />
      )}
      <h3>{t('reserve.contributions.title')}</h3>
      <Contributions />
    </section>
  );
}

function NewAuction({ onDone }: { onDone: () => void }) {
  const { t } = useFmt();
  const [lots, setLots] = useState('');
  const [reserve, setReserve] = useState('');
  const [closes, setCloses] = useState('');
  const [out, setOut] = useState<Sent | null>(null);
  const submit = async (): Promise<void> => {
    const o = await send('/reserve/disposals/auctions', {
      lotIds: lots.split(/[\s,]+/).filter((x) => x.length > 0),
      reservePrice: reserve,
      closesAt: new Date(closes).toISOString(),
    });
    setOut(o);
    if (!('code' in o)) onDone();
  };
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormField
        label={t('reserve.form.lotIds')}
        name="lotIds"
        value={lots}
        onChange={setLots}
        required
      />
      <FormField
        label={t('reserve.form.reservePrice')}
        name="reservePrice"
        value={reserve}
        onChange={setReserve}
        required
      />
      <FormField
        label={t('reserve.form.closesAt')}
        name="closesAt"
        type="date"
        value={closes}
        onChange={setCloses}
        required
      />
      <button type="submit">{t('reserve.form.requestAuction')}</button>
      <SentNote out={out} />
    </form>
  );
}

function NewPlan({ onDone }: { onDone: () => void }) {
  const { t } = useFmt();
  const [lot, setLot] = useState('');
  const [cp, setCp] = useState('');
  const [share, setShare] = useState('1000');
  const [tol, setTol] = useState('100');
  const [tranches, setTranches] = useState('');
  const [out, setOut] = useState<Sent | null>(null);
  const submit = async (): Promise<void> => {
    const o = await send('/reserve/disposals/otc', {
      lotId: lot,
      counterpartyRef: cp,
      maxVolumeShareBps: Number(share),
      toleranceBps: Number(tol),
      tranches: tranches.split(/[\s,]+/).filter((x) => x.length > 0),
    });
    setOut(o);
    if (!('code' in o)) onDone();
  };
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormField
        label={t('reserve.form.lotId')}
        name="lotId"
        value={lot}
        onChange={setLot}
        required
      />
      <FormField
        label={t('reserve.col.counterparty')}
        name="counterparty"
        value={cp}
        onChange={setCp}
        required
      />
      <FormField
        label={t('reserve.form.maxShare')}
        name="maxShare"
        type="number"
        value={share}
        onChange={setShare}
        required
      />
      <FormField
        label={t('reserve.form.tolerance')}
        name="tolerance"
        type="number"
        value={tol}
        onChange={setTol}
        required
      />
      <FormField
        label={t('reserve.form.tranches')}
        name="tranches"
        value={tranches}
        onChange={setTranches}
        required
      />
      <button type="submit">{t('reserve.form.requestPlan')}</button>
      <SentNote out={out} />
    </form>
  );
}

/** A short id that opens the record's detail. */
function OpenButton({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const { t } = useFmt();
  return (
    <button
      type="button"
      className="secondary"
      data-testid="open-disposal"
      title={id}
      onClick={() => {
        onOpen(id);
      }}
    >
      {t('reserve.open', { id: id.slice(-8) })}
    </button>
  );
}

function auctionColumns(f: Fmt, onOpen: (id: string) => void): Column<Auction>[] {
  const { t } = f;
  return [
    { header: t('reserve.col.auction'), cell: (a) => <OpenButton id={a.id} onOpen={onOpen} /> },
    { header: t('reserve.col.asset'), cell: (a) => a.asset, sort: (a) => a.asset },
    {
      header: t('reserve.col.lots'),
      cell: (a) =>
        a.lots.map((l) => (
          <div key={l.lotId}>
            <WholeMoney whole={l.amount} asset={a.asset} /> <ShortId id={l.lotId} />
          </div>
        )),
    },
    {
      header: t('reserve.col.reservePrice'),
      numeric: true,
      cell: (a) => <WholeMoney whole={a.reservePrice} asset="USD" />,
    },
    { header: t('reserve.col.closes'), cell: (a) => f.time(a.closesAt), sort: (a) => a.closesAt },
    {
      header: t('reserve.col.status'),
      cell: (a) => (
        <Badge tone={a.status === 'awarded' ? 'ok' : 'warn'}>
          {t(codeKey('reserve.auction', a.status))}
        </Badge>
      ),
      sort: (a) => a.status,
    },
    { header: t('reserve.col.approval'), cell: (a) => <ApprovalLink requestId={a.requestId} /> },
  ];
}

function Auctions({ onOpen }: { onOpen: (id: string) => void }) {
  const f = useFmt();
  const { data, problem } = useApi(
    '/reserve/disposals/auctions?limit=100',
    ReserveDisposalsAuctionsJson,
  );
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  return (
    <DataTable
      rows={data.auctions}
      columns={auctionColumns(f, onOpen)}
      rowKey={(a) => a.id}
      empty={<Empty>{f.t('reserve.auctions.none')}</Empty>}
    />
  );
}

function planColumns(f: Fmt, onOpen: (id: string) => void): Column<Plan>[] {
  const { t } = f;
  return [
    { header: t('reserve.col.plan'), cell: (p) => <OpenButton id={p.id} onOpen={onOpen} /> },
    { header: t('reserve.col.lot'), cell: (p) => <ShortId id={p.lotId} /> },
    {
      header: t('reserve.col.counterparty'),
      cell: (p) => <span translate="no">{p.counterpartyRef}</span>,
    },
    { header: t('reserve.col.tranches'), numeric: true, cell: (p) => p.tranches.length },
    {
      header: t('reserve.col.volumeCap'),
      numeric: true,
      cell: (p) => f.pct(p.maxVolumeShareBps, 2),
    },
    { header: t('reserve.col.tolerance'), numeric: true, cell: (p) => f.pct(p.toleranceBps, 2) },
    { header: t('reserve.col.approval'), cell: (p) => <ApprovalLink requestId={p.requestId} /> },
  ];
}

function Plans({ onOpen }: { onOpen: (id: string) => void }) {
  const f = useFmt();
  const { data, problem } = useApi('/reserve/disposals/otc?limit=100', ReserveDisposalsOtcJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  return (
    <DataTable
      rows={data.plans}
      columns={planColumns(f, onOpen)}
      rowKey={(p) => p.id}
      empty={<Empty>{f.t('reserve.plans.none')}</Empty>}
    />
  );
}

export function Disposals() {
  const { t } = useFmt();
  const can = usePermissions();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<{ kind: 'auction' | 'plan'; id: string } | null>(null);
  const bump = (): void => {
    setVersion((v) => v + 1);
  };
  return (
    <>
      <Lots key={`l${String(version)}`} />
      {can.has('reserve.manage') ? <InKindContribution onDone={bump} /> : null}
      <section className="card" key={`a${String(version)}`}>
        <h2>{t('reserve.auctions.title')}</h2>
        <Auctions
          onOpen={(id) => {
            setOpen({ kind: 'auction', id });
          }}
        />
        {can.has('reserve.manage') ? (
          <details>
            <summary>{t('reserve.auctions.start')}</summary>
            <NewAuction onDone={bump} />
          </details>
        ) : null}
      </section>
      <section className="card" key={`p${String(version)}`}>
        <h2>{t('reserve.plans.title')}</h2>
        <Plans
          onOpen={(id) => {
            setOpen({ kind: 'plan', id });
          }}
        />
        {can.has('reserve.manage') ? (
          <details>
            <summary>{t('reserve.plans.start')}</summary>
            <NewPlan onDone={bump} />
          </details>
        ) : null}
      </section>
      {open === null ? null : open.kind === 'auction' ? (
        <AuctionDetailView id={open.id} canAct={can.has('reserve.manage')} />
      ) : (
        <PlanDetailView id={open.id} canAct={can.has('reserve.manage')} />
      )}
    </>
  );
}
