import { ReserveContributionsJson } from '../../../src/reserve/answers.ts';
import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import {
  ApprovalLink,
  Badge,
  Empty,
  Link,
  Loading,
  ProblemNote,
  usePermissions,
} from './common.tsx';
import type { AuctionSummary, GovernedOutcome, PlanSummary, SeizedLot } from './disposal-types.ts';
import { AuctionDetailView, PlanDetailView } from './DisposalDetail.tsx';
import { shortId, usd } from './format.ts';
import type { ManagerSummary } from './types.ts';

/**
 * The disposal workflow: forfeited lots that may be disposed of, the sealed-bid auctions and the
 * OTC plans with their approval requests, and the forms for reserve.manage to start one. Every
 * step that moves a lot or money is an approval request; its state links to /approvals.
 */
function Contributions() {
  const contributions = useApi('/reserve/contributions', ReserveContributionsJson);
  const managers = useApi<{ managers: ManagerSummary[] }>('/reserve/managers');
  const names = new Map((managers.data?.managers ?? []).map((m) => [m.id, m.name]));
  if (contributions.problem !== null) return <ProblemNote problem={contributions.problem} />;
  return (
    <>
      {contributions.data === null || contributions.data.contributions.length === 0 ? (
        <Empty>No forfeited lot has been contributed to a manager yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Lot</th>
              <th>Asset</th>
              <th className="num">Value at contribution</th>
              <th>Day</th>
              <th>Manager</th>
            </tr>
          </thead>
          <tbody>
            {contributions.data.contributions.map((c) => (
              <tr key={`${c.lotId}-${c.day}`}>
                <td className="hash">{c.lotId}</td>
                <td>{c.asset}</td>
                <td className="num">{usd(c.value)}</td>
                <td>{c.day}</td>
                <td>
                  {c.managerId === null ? (
                    '—'
                  ) : (
                    <Link to={`/managers/${c.managerId}`}>
                      {names.get(c.managerId) ?? shortId(c.managerId)}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Lots() {
  const lots = useApi<{ lots: SeizedLot[] }>('/reserve/disposals/lots');
  return (
    <section className="card">
      <h2>Forfeited lots earmarked for the reserve</h2>
      {lots.problem !== null ? (
        <ProblemNote problem={lots.problem} />
      ) : lots.data === null ? (
        <Loading />
      ) : lots.data.lots.length === 0 ? (
        <Empty>
          No lot is waiting: only a forfeited lot that the custody officer has earmarked for the
          reserve, and that still holds units, can be sold or contributed.
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Lot</th>
              <th>Asset</th>
              <th className="num">Amount</th>
              <th className="num">Remaining</th>
              <th>Held by</th>
            </tr>
          </thead>
          <tbody>
            {lots.data.lots.map((l) => (
              <tr key={l.id}>
                <td className="hash">{l.id}</td>
                <td>{l.asset}</td>
                <td className="num">{l.amount}</td>
                <td className="num">{l.remaining}</td>
                <td>
                  {l.commitment == null
                    ? 'free'
                    : `${l.commitment.route} ${shortId(l.commitment.reference)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Contributed in kind to managers</h3>
      <Contributions />
    </section>
  );
}

function Outcome({ o }: { o: GovernedOutcome | Problem | null }) {
  if (o === null) return null;
  if ('code' in o) return <ProblemNote problem={o} />;
  return (
    <p>
      {o.state === 'applied' ? 'Done at once under the policy: ' : 'Waiting for the quorum: '}
      <ApprovalLink requestId={o.requestId} state={o.state} />
    </p>
  );
}

async function post(path: string, body: unknown): Promise<GovernedOutcome | Problem> {
  const r = await api<GovernedOutcome>(path, { method: 'POST', body: JSON.stringify(body) });
  return r.ok ? r.value : r.problem;
}

function Field(props: {
  label: string;
  value: string;
  set: (v: string) => void;
  type?: string;
  size?: number;
}) {
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        size={props.size ?? 20}
        value={props.value}
        required
        onChange={(e) => {
          props.set(e.target.value);
        }}
      />
    </label>
  );
}

function NewAuction({ onDone }: { onDone: () => void }) {
  const [lots, setLots] = useState('');
  const [reserve, setReserve] = useState('');
  const [closes, setCloses] = useState('');
  const [out, setOut] = useState<GovernedOutcome | Problem | null>(null);
  const submit = async (): Promise<void> => {
    const o = await post('/reserve/disposals/auctions', {
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
      <Field label="Lot ids (comma-separated)" value={lots} set={setLots} size={40} />
      <Field label="Reserve price (USD per unit)" value={reserve} set={setReserve} />
      <Field label="Closes at" value={closes} set={setCloses} type="datetime-local" />
      <button type="submit">Request auction</button>
      <Outcome o={out} />
    </form>
  );
}

function NewPlan({ onDone }: { onDone: () => void }) {
  const [lot, setLot] = useState('');
  const [cp, setCp] = useState('');
  const [share, setShare] = useState('1000');
  const [tol, setTol] = useState('100');
  const [tranches, setTranches] = useState('');
  const [out, setOut] = useState<GovernedOutcome | Problem | null>(null);
  const submit = async (): Promise<void> => {
    const o = await post('/reserve/disposals/otc', {
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
      <Field label="Lot id" value={lot} set={setLot} size={36} />
      <Field label="Counterparty" value={cp} set={setCp} />
      <Field label="Max share of daily volume (bps)" value={share} set={setShare} type="number" />
      <Field label="Slippage tolerance (bps)" value={tol} set={setTol} type="number" />
      <Field label="Tranche amounts (comma-separated)" value={tranches} set={setTranches} />
      <button type="submit">Request OTC plan</button>
      <Outcome o={out} />
    </form>
  );
}

function Auctions({ onOpen }: { onOpen: (id: string) => void }) {
  const { data, problem } = useApi<{ auctions: AuctionSummary[] }>(
    '/reserve/disposals/auctions?limit=100',
  );
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  if (data.auctions.length === 0)
    return (
      <Empty>
        No auction yet. A sealed-bid auction sells forfeited lots to screened, registered bidders.
      </Empty>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Auction</th>
          <th>Asset</th>
          <th>Lots</th>
          <th className="num">Reserve price</th>
          <th>Closes</th>
          <th>Status</th>
          <th>Approval</th>
        </tr>
      </thead>
      <tbody>
        {data.auctions.map((a) => (
          <tr key={a.id}>
            <td>
              <OpenButton id={a.id} onOpen={onOpen} />
            </td>
            <td>{a.asset}</td>
            <td>{a.lots.map((l) => `${l.amount} (${shortId(l.lotId)})`).join(', ')}</td>
            <td className="num">{a.reservePrice}</td>
            <td>{a.closesAt.slice(0, 16).replace('T', ' ')}</td>
            <td>
              <Badge tone={a.status === 'awarded' ? 'ok' : 'warn'}>{a.status}</Badge>
            </td>
            <td>
              <ApprovalLink requestId={a.requestId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A short id that opens the record's detail. */
function OpenButton({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        onOpen(id);
      }}
    >
      {shortId(id)}
    </button>
  );
}

function Plans({ onOpen }: { onOpen: (id: string) => void }) {
  const { data, problem } = useApi<{ plans: PlanSummary[] }>('/reserve/disposals/otc?limit=100');
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  if (data.plans.length === 0)
    return (
      <Empty>
        No OTC plan yet. A plan sells a lot in tranches, each capped at a share of the day’s volume.
      </Empty>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Plan</th>
          <th>Lot</th>
          <th>Counterparty</th>
          <th className="num">Tranches</th>
          <th className="num">Volume cap</th>
          <th className="num">Tolerance</th>
          <th>Approval</th>
        </tr>
      </thead>
      <tbody>
        {data.plans.map((p) => (
          <tr key={p.id}>
            <td>
              <OpenButton id={p.id} onOpen={onOpen} />
            </td>
            <td className="hash">{shortId(p.lotId)}</td>
            <td>{p.counterpartyRef}</td>
            <td className="num">{p.tranches.length}</td>
            <td className="num">{(p.maxVolumeShareBps / 100).toFixed(2)}%</td>
            <td className="num">{(p.toleranceBps / 100).toFixed(2)}%</td>
            <td>
              <ApprovalLink requestId={p.requestId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Disposals() {
  const can = usePermissions();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<{ kind: 'auction' | 'plan'; id: string } | null>(null);
  const bump = (): void => {
    setVersion((v) => v + 1);
  };
  return (
    <>
      <Lots />
      <section className="card" key={`a${version}`}>
        <h2>Sealed-bid auctions</h2>
        <Auctions
          onOpen={(id) => {
            setOpen({ kind: 'auction', id });
          }}
        />
        {can.has('reserve.manage') ? (
          <details>
            <summary>Start an auction</summary>
            <NewAuction onDone={bump} />
          </details>
        ) : null}
      </section>
      <section className="card" key={`p${version}`}>
        <h2>OTC plans</h2>
        <Plans
          onOpen={(id) => {
            setOpen({ kind: 'plan', id });
          }}
        />
        {can.has('reserve.manage') ? (
          <details>
            <summary>Plan an OTC sale</summary>
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
