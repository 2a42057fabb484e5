import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { navigate } from '../router.ts';
import { useApi } from '../useApi.ts';
import {
  Badge,
  can,
  CursorPager,
  Empty,
  ProblemLine,
  shortId,
  useMe,
  when,
} from './seizures-ui.tsx';

/**
 * Victims' claims per case: what was claimed, approved and paid, and where payouts come from (the
 * lot's custody, or the escrowed fiat of a lot sold in an emergency). A court registrar approves a
 * claim and orders payouts; the server refuses anything above what the lot or its escrow holds.
 */
interface Claim {
  readonly id: string;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly lotId: string;
  readonly claimantRef: string;
  readonly status: string;
  readonly asset: string;
  readonly source: 'custody' | 'escrow';
  readonly lotStatus: string | null;
  readonly claimed: string;
  readonly approved: string | null;
  readonly paid: string;
  readonly payouts: { id: string; amount: string; asset: string; source: string; at: string }[];
}

const PAGE = 25;

function Action({ claim, onDone }: { claim: Claim; onDone: () => void }) {
  const step =
    claim.status === 'registered' ? 'approve' : claim.status === 'approved' ? 'pay' : null;
  const [amount, setAmount] = useState(step === 'approve' ? claim.claimed : '');
  const [problem, setProblem] = useState<Problem | null>(null);
  if (step === null) return null;
  const run = async (): Promise<void> => {
    const r = await api(`/seizures/claims/${claim.id}/${step}`, {
      method: 'POST',
      body: JSON.stringify({ amount }),
    });
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <input
        aria-label={`Amount to ${step}`}
        placeholder={claim.asset}
        size={10}
        value={amount}
        onChange={(e) => {
          setAmount(e.target.value);
        }}
      />{' '}
      <button type="submit">{step === 'approve' ? 'Approve' : 'Pay'}</button>
      <ProblemLine problem={problem} />
    </form>
  );
}

function ClaimRow({ c, manage, onDone }: { c: Claim; manage: boolean; onDone: () => void }) {
  return (
    <tr>
      <td style={{ whiteSpace: 'nowrap' }}>{c.caseNumber || shortId(c.caseId)}</td>
      <td>
        <code>{c.claimantRef}</code>
      </td>
      <td>
        <a
          href={`/cases/lots/${c.lotId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/cases/lots/${c.lotId}`);
          }}
        >
          {shortId(c.lotId)}
        </a>{' '}
        {c.lotStatus === null ? null : <Badge value={c.lotStatus} />}
      </td>
      <td className="num">{c.claimed}</td>
      <td className="num">{c.approved ?? '—'}</td>
      <td className="num">{c.paid}</td>
      <td>
        {c.asset} <span className="muted">from {c.source}</span>
      </td>
      <td>
        <Badge value={c.status} />
        {c.payouts.map((p) => (
          <div key={p.id} className="muted">
            paid {p.amount} {p.asset} {when(p.at)}
          </div>
        ))}
      </td>
      {manage ? (
        <td>
          <Action claim={c} onDone={onDone} />
        </td>
      ) : null}
    </tr>
  );
}

function ClaimsTable(p: { claims: readonly Claim[]; manage: boolean; onDone: () => void }) {
  const { claims, manage, onDone } = p;
  return (
    <>
      {claims.length === 0 ? (
        <Empty>
          No claim here. Victims’ claims are registered against a lot once a court orders
          restitution.
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Case</th>
              <th>Claimant</th>
              <th>Lot</th>
              <th className="num">Claimed</th>
              <th className="num">Approved</th>
              <th className="num">Paid</th>
              <th>Paid in</th>
              <th>Status</th>
              {manage ? <th>Decision</th> : null}
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <ClaimRow key={c.id} c={c} manage={manage} onDone={onDone} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface LotChoice {
  readonly id: string;
  readonly asset: string;
  readonly remaining: string;
  readonly status: string;
}

/**
 * Registers a victim's claim against a lot. The lot is typed or pasted from the court's file, with
 * the lots this organisation can see offered as suggestions: a court registrar decides claims on
 * lots held by other agencies, which the lot list does not show them. The claimant is named by a
 * reference, never by name (`victim:E0001`: a kind, a colon and the case file's id), since claims
 * are shown to officials of other agencies. The amount is in the lot's asset; the server refuses
 * more decimals than it has.
 */
function RegisterClaim({ onDone }: { onDone: () => void }) {
  const lots = useApi<{ lots: LotChoice[] }>('/seizures/lots?limit=1000').data?.lots ?? [];
  const [lotId, setLotId] = useState('');
  const [claimantRef, setClaimantRef] = useState('');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const lot = lots.find((l) => l.id === lotId);
  const submit = async (): Promise<void> => {
    const r = await api(`/seizures/lots/${lotId}/claims`, {
      method: 'POST',
      body: JSON.stringify({ claimantRef, amount }),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    setClaimantRef('');
    setAmount('');
    onDone();
  };
  return (
    <form
      className="card"
      aria-label="Register a claim"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Register a claim</h2>
      <div className="actions">
        <input
          aria-label="Lot"
          list="claim-lots"
          placeholder="lot id"
          size={38}
          value={lotId}
          onChange={(e) => {
            setLotId(e.target.value.trim());
          }}
        />
        <datalist id="claim-lots">
          {lots.map((l) => (
            <option key={l.id} value={l.id}>
              {shortId(l.id)} · {l.remaining} {l.asset} · {l.status.replaceAll('_', ' ')}
            </option>
          ))}
        </datalist>
        <input
          aria-label="Claimant reference"
          placeholder="victim:E0001"
          value={claimantRef}
          onChange={(e) => {
            setClaimantRef(e.target.value);
          }}
        />
        <input
          aria-label="Amount claimed"
          placeholder={lot?.asset ?? 'amount'}
          size={12}
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
          }}
        />
        <button type="submit" disabled={lotId === '' || claimantRef === '' || amount === ''}>
          Register
        </button>
      </div>
      <ProblemLine problem={problem} />
    </form>
  );
}

export default function Restitution() {
  const me = useMe();
  const [status, setStatus] = useState('');
  const [caseId, setCaseId] = useState('');
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (status !== '') q.set('status', status);
  if (caseId !== '') q.set('caseId', caseId);
  const after = cursors.at(-1);
  if (after !== undefined) q.set('after', after);
  const { data, problem, reload } = useApi<{ claims: Claim[]; next: string | null }>(
    `/seizures/claims?${q.toString()}`,
  );
  // Case names for the filter, from every claim the caller can see (one unfiltered page).
  const everyPage = useApi<{ claims: Claim[] }>('/seizures/claims?limit=500');
  const every = everyPage.data?.claims ?? [];
  const cases = [...new Map(every.map((c) => [c.caseId, c.caseNumber || shortId(c.caseId)]))];
  const manage = can(me, 'seizures.restitution.manage');
  return (
    <section>
      <h1>Restitution</h1>
      <p className="muted">
        Victims’ claims by case; payouts never exceed what a lot or its escrow holds.
      </p>
      <div className="actions">
        <select
          aria-label="Case"
          value={caseId}
          onChange={(e) => {
            setCaseId(e.target.value);
            setCursors([]);
          }}
        >
          <option value="">Every case</option>
          {cases.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setCursors([]);
          }}
        >
          <option value="">Every status</option>
          {['registered', 'approved', 'paid'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <ProblemLine problem={problem} />
      {data === null ? null : <ClaimsTable claims={data.claims} manage={manage} onDone={reload} />}
      <CursorPager cursors={cursors} next={data?.next} onChange={setCursors} />
      {manage ? (
        <RegisterClaim
          onDone={() => {
            reload();
            everyPage.reload();
          }}
        />
      ) : null}
    </section>
  );
}
