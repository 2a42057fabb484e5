import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { ApprovalLink, Badge, Empty, Loading, ProblemNote } from './common.tsx';
import type {
  AuctionDetail,
  ExecutionReport,
  GovernedOutcome,
  PlanSummary,
} from './disposal-types.ts';
import { pct, shortId } from './format.ts';

/**
 * One auction (bidders, sealed bids, awards with the clearing price against the market) or one
 * OTC plan (tranches, fills with slippage against the reference, the best-execution report), with
 * the step buttons for reserve.manage.
 */
function StepResult({ r }: { r: GovernedOutcome | Problem | null }) {
  if (r === null) return null;
  if ('code' in r) return <ProblemNote problem={r} />;
  return (
    <p>
      <ApprovalLink requestId={r.requestId} state={r.state} />
    </p>
  );
}

async function step(path: string, body: unknown = {}): Promise<GovernedOutcome | Problem> {
  const r = await api<GovernedOutcome>(path, { method: 'POST', body: JSON.stringify(body) });
  return r.ok ? r.value : r.problem;
}

function AuctionActions({ id, onDone }: { id: string; onDone: () => void }) {
  const [kyc, setKyc] = useState('');
  const [address, setAddress] = useState('');
  const [r, setR] = useState<GovernedOutcome | Problem | null>(null);
  const run = async (path: string, body?: unknown): Promise<void> => {
    const o = await step(`/reserve/disposals/auctions/${id}${path}`, body);
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
        <label>
          Bidder KYC reference
          <input
            value={kyc}
            placeholder="kyc:ACME-0001"
            onChange={(e) => {
              setKyc(e.target.value);
            }}
            required
          />
        </label>
        <label>
          Settlement address
          <input
            value={address}
            onChange={(e) => {
              setAddress(e.target.value);
            }}
            required
          />
        </label>
        <button type="submit">Register bidder (screened)</button>
        <button type="button" className="secondary" onClick={() => void run('/close')}>
          Close bidding
        </button>
        <button type="button" onClick={() => void run('/award')}>
          Request award
        </button>
      </form>
      <StepResult r={r} />
    </div>
  );
}

function Bidders({ bidders }: { bidders: AuctionDetail['bidders'] }) {
  return (
    <>
      {bidders.length === 0 ? (
        <Empty>
          No bidder registered. Each bidder is screened against the sanctions list first.
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Bidder</th>
              <th>KYC</th>
              <th>Address</th>
              <th>Screening</th>
            </tr>
          </thead>
          <tbody>
            {bidders.map((b) => (
              <tr key={b.id}>
                <td>{shortId(b.id)}</td>
                <td>{b.kycRef}</td>
                <td className="hash">{b.address}</td>
                <td>
                  <Badge tone={b.status === 'registered' ? 'ok' : 'bad'}>{b.status}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Awards({ awards }: { awards: AuctionDetail['awards'] }) {
  return (
    <>
      {awards.length === 0 ? (
        <Empty>Not awarded yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Lot</th>
              <th className="num">Amount</th>
              <th className="num">Clearing</th>
              <th className="num">Market reference</th>
              <th className="num">Premium</th>
              <th className="num">Proceeds (USD)</th>
              <th>Approval</th>
            </tr>
          </thead>
          <tbody>
            {awards.map((w) => (
              <tr
                key={w.lotId}
                className={w.premiumBps !== null && w.premiumBps < 0 ? 'breach' : ''}
              >
                <td>{shortId(w.lotId)}</td>
                <td className="num">{w.amount}</td>
                <td className="num">{w.clearingPrice ?? 'no valid bid'}</td>
                <td className="num">
                  {w.referencePrice ?? '—'} <span className="muted">{w.referenceDay ?? ''}</span>
                </td>
                <td className="num">{w.premiumBps === null ? '—' : pct(w.premiumBps, 2)}</td>
                <td className="num">{w.proceeds ?? '—'}</td>
                <td>
                  <ApprovalLink requestId={w.requestId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function AuctionDetailView({ id, canAct }: { id: string; canAct: boolean }) {
  const { data, problem, reload } = useApi<AuctionDetail>(`/reserve/disposals/auctions/${id}`);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const won = new Set(data.awards.map((w) => w.bidId));
  const a = data.auction;
  return (
    <section className="card">
      <h2>
        Auction {shortId(a.id)} · {a.asset} · <Badge>{a.status}</Badge>
      </h2>
      <p className="muted">
        Reserve price {a.reservePrice} · closes {a.closesAt} ·{' '}
        <ApprovalLink requestId={a.requestId} />
      </p>
      <h3>Bidders</h3>
      <Bidders bidders={data.bidders} />
      <h3>Bids</h3>
      {data.bids.length === 0 ? (
        <Empty>No bid yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Bid</th>
              <th>Lot</th>
              <th>Bidder</th>
              <th>Sealed commitment</th>
              <th className="num">Price</th>
            </tr>
          </thead>
          <tbody>
            {data.bids.map((b) => (
              <tr key={b.id}>
                <td>{shortId(b.id)}</td>
                <td>{shortId(b.lotId)}</td>
                <td>{shortId(b.bidderId)}</td>
                <td className="hash">{b.commitment.slice(0, 16)}…</td>
                <td className="num">
                  {b.price ?? <Badge>sealed</Badge>}{' '}
                  {won.has(b.id) ? <Badge tone="ok">awarded</Badge> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Awards</h3>
      <Awards awards={data.awards} />
      {canAct && data.awards.length === 0 ? <AuctionActions id={id} onDone={reload} /> : null}
    </section>
  );
}

function TrancheForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [no, setNo] = useState(1);
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [price, setPrice] = useState('');
  const [r, setR] = useState<GovernedOutcome | Problem | null>(null);
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void step(`/reserve/disposals/otc/${id}/tranches`, {
          trancheNo: no,
          day,
          executionPrice: price,
        }).then((o) => {
          setR(o);
          if (!('code' in o)) onDone();
        });
      }}
    >
      <label>
        Tranche
        <input
          type="number"
          min={1}
          value={no}
          onChange={(e) => {
            setNo(Number(e.target.value));
          }}
        />
      </label>
      <label>
        Day
        <input
          type="date"
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
          }}
        />
      </label>
      <label>
        Execution price (USD)
        <input
          value={price}
          onChange={(e) => {
            setPrice(e.target.value);
          }}
          required
        />
      </label>
      <button type="submit">Request execution</button>
      <StepResult r={r} />
    </form>
  );
}

export function PlanDetailView({ id, canAct }: { id: string; canAct: boolean }) {
  const { data, problem, reload } = useApi<{ plan: PlanSummary; report: ExecutionReport }>(
    `/reserve/disposals/otc/${id}`,
  );
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const { plan, report } = data;
  const slip = (b: number | null): string => (b === null ? '—' : pct(b, 2));
  return (
    <section className="card">
      <h2>
        OTC plan {shortId(plan.id)} · {plan.asset} · {plan.counterpartyRef}
      </h2>
      <p className="muted">
        Filled {report.unitsFilled} of {report.unitsPlanned} in {report.tranchesFilled}/
        {report.tranchesPlanned} tranches · proceeds ${report.proceeds} · VWAP {report.vwap ?? '—'}{' '}
        against reference VWAP {report.referenceVwap ?? '—'} ({slip(report.slippageVsVwapBps)}) and
        TWAP {report.referenceTwap ?? '—'} ({slip(report.slippageVsTwapBps)}) · cost ${report.cost}{' '}
        ·{' '}
        <a href={`/api/v1/reserve/disposals/otc/${id}/report?format=csv`}>
          best-execution report (CSV)
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th className="num">Tranche</th>
            <th className="num">Planned</th>
            <th>Day</th>
            <th className="num">Filled</th>
            <th className="num">Price</th>
            <th className="num">Reference</th>
            <th className="num">Slippage</th>
            <th className="num">Share of volume</th>
            <th>Approval</th>
          </tr>
        </thead>
        <tbody>
          {plan.tranches.map((t) => {
            const f = report.fills.find((x) => x.trancheNo === t.trancheNo);
            const breach = report.breaches.some((b) => b.trancheNo === t.trancheNo);
            return (
              <tr key={t.trancheNo} className={breach ? 'breach' : ''}>
                <td className="num">{t.trancheNo}</td>
                <td className="num">{t.amount}</td>
                <td className="day">{f?.day ?? <span className="muted">not executed</span>}</td>
                <td className="num">{f?.units ?? '—'}</td>
                <td className="num">{f?.executionPrice ?? '—'}</td>
                <td className="num">{f?.referencePrice ?? '—'}</td>
                <td className="num">
                  {f === undefined ? '—' : pct(f.slippageBps, 2)}
                  {breach ? <Badge tone="bad">over tolerance</Badge> : null}
                </td>
                <td className="num">{f === undefined ? '—' : pct(f.volumeShareBps, 2)}</td>
                <td>
                  <ApprovalLink requestId={f?.requestId ?? null} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canAct && report.tranchesFilled < report.tranchesPlanned ? (
        <TrancheForm id={id} onDone={reload} />
      ) : null}
    </section>
  );
}
