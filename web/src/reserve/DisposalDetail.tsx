import { useState } from 'react';
import type { z } from 'zod';
import {
  ReserveDisposalsAuctions2Json,
  ReserveDisposalsOtc2Json,
} from '../../../src/disposal/answers.ts';
import { ShortId } from '../ui/entity.tsx';
import { FormField } from '../ui/form.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { useApi } from '../useApi.ts';
import {
  ApprovalLink,
  Badge,
  codeKey,
  Empty,
  Loading,
  ProblemNote,
  send,
  useFmt,
  type Fmt,
  type Sent,
} from './common.tsx';
import { SentNote } from './ManagerDd.tsx';

/**
 * One auction (bidders, sealed bids, awards with the clearing price against the market) or one
 * OTC plan (tranches, fills with slippage against the reference, the best-execution report), with
 * the step buttons for reserve.manage.
 */
type AuctionDetail = z.output<typeof ReserveDisposalsAuctions2Json>;
type PlanDetail = z.output<typeof ReserveDisposalsOtc2Json>;

function AuctionActions({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useFmt();
  const [kyc, setKyc] = useState('');
  const [address, setAddress] = useState('');
  const [r, setR] = useState<Sent | null>(null);
  const run = async (path: string, body: unknown = {}): Promise<void> => {
    const o = await send(`/reserve/disposals/auctions/${id}${path}`, body);
    setR(o);
    if (!('code' in o)) onDone();
  };
  return (
    <div>
      <form
        className="reserve-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('/bidders', { kycRef: kyc, address });
        }}
      >
        <FormField
          label={t('reserve.bidder.kyc')}
          name="kycRef"
          value={kyc}
          onChange={setKyc}
          required
        />
        <FormField
          label={t('reserve.bidder.address')}
          name="address"
          value={address}
          onChange={setAddress}
          required
        />
        <button type="submit">{t('reserve.bidder.register')}</button>
        <button type="button" className="secondary" onClick={() => void run('/close')}>
          {t('reserve.auction.closeBidding')}
        </button>
        <button type="button" onClick={() => void run('/award')}>
          {t('reserve.auction.requestAward')}
        </button>
      </form>
      <SentNote out={r} />
    </div>
  );
}

function Bidders({ bidders }: { bidders: AuctionDetail['bidders'] }) {
  const { t } = useFmt();
  if (bidders.length === 0) return <Empty>{t('reserve.bidders.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.bidder')}</th>
          <th>{t('reserve.col.kyc')}</th>
          <th>{t('reserve.col.address')}</th>
          <th>{t('reserve.col.screening')}</th>
        </tr>
      </thead>
      <tbody>
        {bidders.map((b) => (
          <tr key={b.id}>
            <td>
              <ShortId id={b.id} />
            </td>
            <td translate="no">{b.kycRef}</td>
            <td className="hash">{b.address}</td>
            <td>
              <Badge tone={b.status === 'registered' ? 'ok' : 'bad'}>
                {t(codeKey('reserve.bidderStatus', b.status))}
              </Badge>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AwardRow({ w, asset, f }: { w: AuctionDetail['awards'][number]; asset: string; f: Fmt }) {
  const { t } = f;
  const usd = (v: string | null) => (v === null ? '—' : <WholeMoney whole={v} asset="USD" />);
  return (
    <tr className={w.premiumBps !== null && w.premiumBps < 0 ? 'breach' : ''}>
      <td>
        <ShortId id={w.lotId} />
      </td>
      <td className="num">
        <WholeMoney whole={w.amount} asset={asset} />
      </td>
      <td className="num">
        {w.clearingPrice === null ? t('reserve.award.noBid') : usd(w.clearingPrice)}
      </td>
      <td className="num">
        {usd(w.referencePrice)}{' '}
        <span className="muted">{w.referenceDay === null ? '' : f.day(w.referenceDay)}</span>
      </td>
      <td className="num">{w.premiumBps === null ? '—' : f.pct(w.premiumBps, 2)}</td>
      <td className="num">{usd(w.proceeds)}</td>
      <td>
        <ApprovalLink requestId={w.requestId} />
      </td>
    </tr>
  );
}

function Awards({ awards, asset }: { awards: AuctionDetail['awards']; asset: string }) {
  const f = useFmt();
  const { t } = f;
  if (awards.length === 0) return <Empty>{t('reserve.awards.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.lot')}</th>
          <th className="num">{t('reserve.col.amount')}</th>
          <th className="num">{t('reserve.col.clearing')}</th>
          <th className="num">{t('reserve.col.marketReference')}</th>
          <th className="num">{t('reserve.col.premium')}</th>
          <th className="num">{t('reserve.col.proceeds')}</th>
          <th>{t('reserve.col.approval')}</th>
        </tr>
      </thead>
      <tbody>
        {awards.map((w) => (
          <AwardRow key={w.lotId} w={w} asset={asset} f={f} />
        ))}
      </tbody>
    </table>
  );
}

function Bids({ data }: { data: AuctionDetail }) {
  const { t } = useFmt();
  const won = new Set(data.awards.map((w) => w.bidId));
  if (data.bids.length === 0) return <Empty>{t('reserve.bids.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.bid')}</th>
          <th>{t('reserve.col.lot')}</th>
          <th>{t('reserve.col.bidder')}</th>
          <th>{t('reserve.col.commitment')}</th>
          <th className="num">{t('reserve.col.price')}</th>
        </tr>
      </thead>
      <tbody>
        {data.bids.map((b) => (
          <tr key={b.id}>
            <td>
              <ShortId id={b.id} />
            </td>
            <td>
              <ShortId id={b.lotId} />
            </td>
            <td>
              <ShortId id={b.bidderId} />
            </td>
            <td className="hash">{b.commitment.slice(0, 16)}…</td>
            <td className="num">
              {b.price === null ? (
                <Badge>{t('reserve.bid.sealed')}</Badge>
              ) : (
                <WholeMoney whole={b.price} asset="USD" />
              )}{' '}
              {won.has(b.id) ? <Badge tone="ok">{t('reserve.auction.awarded')}</Badge> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuctionDetailView({ id, canAct }: { id: string; canAct: boolean }) {
  const f = useFmt();
  const { t } = f;
  const { data, problem, reload } = useApi(
    `/reserve/disposals/auctions/${id}`,
    ReserveDisposalsAuctions2Json,
  );
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const a = data.auction;
  return (
    <section className="card" data-testid="disposal-detail">
      <h2>
        {t('reserve.auction.title', { id: a.id.slice(-8), asset: a.asset })}{' '}
        <Badge>{t(codeKey('reserve.auction', a.status))}</Badge>
      </h2>
      <p className="muted">
        {t('reserve.col.reservePrice')} <WholeMoney whole={a.reservePrice} asset="USD" /> ·{' '}
        {t('reserve.auction.closes', { at: f.time(a.closesAt) })} ·{' '}
        <ApprovalLink requestId={a.requestId} />
      </p>
      <h3>{t('reserve.bidders.title')}</h3>
      <Bidders bidders={data.bidders} />
      <h3>{t('reserve.bids.title')}</h3>
      <Bids data={data} />
      <h3>{t('reserve.awards.title')}</h3>
      <Awards awards={data.awards} asset={a.asset} />
      {canAct && data.awards.length === 0 ? <AuctionActions id={id} onDone={reload} /> : null}
    </section>
  );
}

function TrancheForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useFmt();
  const [no, setNo] = useState('1');
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [price, setPrice] = useState('');
  const [r, setR] = useState<Sent | null>(null);
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(`/reserve/disposals/otc/${id}/tranches`, {
          trancheNo: Number(no),
          day,
          executionPrice: price,
        }).then((o) => {
          setR(o);
          if (!('code' in o)) onDone();
        });
      }}
    >
      <FormField
        label={t('reserve.col.tranche')}
        name="trancheNo"
        type="number"
        value={no}
        onChange={setNo}
      />
      <FormField
        label={t('reserve.col.day')}
        name="day"
        type="date"
        value={day}
        onChange={setDay}
      />
      <FormField
        label={t('reserve.tranche.price')}
        name="executionPrice"
        value={price}
        onChange={setPrice}
        required
      />
      <button type="submit">{t('reserve.tranche.request')}</button>
      <SentNote out={r} />
    </form>
  );
}

function PlanSummary({ data, f }: { data: PlanDetail; f: Fmt }) {
  const { t } = f;
  const { plan, report } = data;
  const slip = (b: number | null): string => (b === null ? '—' : f.pct(b, 2));
  const usd = (v: string | null) => (v === null ? '—' : <WholeMoney whole={v} asset="USD" />);
  return (
    <p className="muted">
      {t('reserve.plan.filled', {
        filled: f.num(report.unitsFilled),
        planned: f.num(report.unitsPlanned),
        tranches: String(report.tranchesFilled),
        of: String(report.tranchesPlanned),
      })}{' '}
      · {t('reserve.col.proceeds')} {usd(report.proceeds)} · {t('reserve.plan.vwap')}{' '}
      {usd(report.vwap)} · {t('reserve.plan.refVwap')} {usd(report.referenceVwap)} (
      {slip(report.slippageVsVwapBps)}) · {t('reserve.plan.refTwap')} {usd(report.referenceTwap)} (
      {slip(report.slippageVsTwapBps)}) · {t('reserve.plan.cost')} {usd(report.cost)} ·{' '}
      <a href={`/api/v1/reserve/disposals/otc/${plan.id}/report?format=csv`}>
        {t('reserve.plan.report')}
      </a>
    </p>
  );
}

function TrancheRow({
  t: tr,
  data,
  f,
}: {
  t: PlanDetail['plan']['tranches'][number];
  data: PlanDetail;
  f: Fmt;
}) {
  const { t } = f;
  const { plan, report } = data;
  const x = report.fills.find((y) => y.trancheNo === tr.trancheNo);
  const breach = report.breaches.some((b) => b.trancheNo === tr.trancheNo);
  const usd = (v: string | undefined) =>
    v === undefined ? '—' : <WholeMoney whole={v} asset="USD" />;
  return (
    <tr className={breach ? 'breach' : ''}>
      <td className="num">{tr.trancheNo}</td>
      <td className="num">
        <WholeMoney whole={tr.amount} asset={plan.asset} />
      </td>
      <td className="day">
        {x === undefined ? (
          <span className="muted">{t('reserve.tranche.notExecuted')}</span>
        ) : (
          f.day(x.day)
        )}
      </td>
      <td className="num">
        {x === undefined ? '—' : <WholeMoney whole={x.units} asset={plan.asset} />}
      </td>
      <td className="num">{usd(x?.executionPrice)}</td>
      <td className="num">{usd(x?.referencePrice)}</td>
      <td className="num">
        {x === undefined ? '—' : f.pct(x.slippageBps, 2)}
        {breach ? <Badge tone="bad">{t('reserve.tranche.overTolerance')}</Badge> : null}
      </td>
      <td className="num">{x === undefined ? '—' : f.pct(x.volumeShareBps, 2)}</td>
      <td>
        <ApprovalLink requestId={x?.requestId ?? null} />
      </td>
    </tr>
  );
}

export function PlanDetailView({ id, canAct }: { id: string; canAct: boolean }) {
  const f = useFmt();
  const { t } = f;
  const { data, problem, reload } = useApi(
    `/reserve/disposals/otc/${id}`,
    ReserveDisposalsOtc2Json,
  );
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const { plan, report } = data;
  return (
    <section className="card" data-testid="disposal-detail">
      <h2>
        {t('reserve.plan.title', { id: plan.id.slice(-8), asset: plan.asset })} ·{' '}
        <span translate="no">{plan.counterpartyRef}</span>
      </h2>
      <PlanSummary data={data} f={f} />
      <table>
        <thead>
          <tr>
            <th className="num">{t('reserve.col.tranche')}</th>
            <th className="num">{t('reserve.col.planned')}</th>
            <th>{t('reserve.col.day')}</th>
            <th className="num">{t('reserve.col.filled')}</th>
            <th className="num">{t('reserve.col.price')}</th>
            <th className="num">{t('reserve.col.reference')}</th>
            <th className="num">{t('reserve.col.slippage')}</th>
            <th className="num">{t('reserve.col.volumeShare')}</th>
            <th>{t('reserve.col.approval')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.tranches.map((tr) => (
            <TrancheRow key={tr.trancheNo} t={tr} data={data} f={f} />
          ))}
        </tbody>
      </table>
      {canAct && report.tranchesFilled < report.tranchesPlanned ? (
        <TrancheForm id={id} onDone={reload} />
      ) : null}
    </section>
  );
}
