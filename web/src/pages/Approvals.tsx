import { useCallback, useEffect, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { ApprovalSummary } from '../console/ApprovalSummary.tsx';
import { PersonName, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { navigate, usePath } from '../router.ts';
import { enrolKey, signApproval, storedKey, whoAmI, type Me } from './LoginSession.ts';

/**
 * The approvals inbox and a request's detail. A vote is an Ed25519 signature, made in this browser
 * with a key it cannot export, over the request's SHA-256 content hash; the server checks it and
 * the audit log keeps it, so anyone can verify the vote later without trusting the server.
 */
interface Group {
  readonly role: string;
  readonly count: number;
  readonly have: number;
}

interface RequestView {
  readonly id: string;
  readonly kind: string;
  readonly content: unknown;
  readonly requestHash: string;
  readonly initiatorId: string;
  readonly policyVersion: number;
  readonly ruleId: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly executableAt: string | null;
  readonly votes: readonly { userId: string; decision: string; role: string | null }[];
  readonly tally: { readonly met: boolean; readonly groups: readonly Group[] };
}

function ProblemLine({ problem }: { problem: Problem | null }) {
  if (problem === null) return null;
  return (
    <p className="error" role="alert">
      {problem.code}: {problem.detail ?? ''}
    </p>
  );
}

function Inbox() {
  const [status, setStatus] = useState('pending');
  const [rows, setRows] = useState<readonly RequestView[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const dates = useDates();
  useEffect(() => {
    const query = status === 'all' ? '' : `?status=${status}`;
    void api<RequestView[]>(`/governance/approvals${query}`).then((r) => {
      if (r.ok) setRows(r.value);
      else setProblem(r.problem);
    });
  }, [status]);
  return (
    <div>
      <h1>Approvals</h1>
      <p className="muted">Requests waiting for a quorum, with the policy rule that applied.</p>
      <select
        aria-label="Status"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value);
        }}
      >
        {['pending', 'approved', 'executed', 'rejected', 'blocked', 'all'].map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <ProblemLine problem={problem} />
      <table>
        <thead>
          <tr>
            <th>Kind</th>
            <th>Status</th>
            <th>Rule</th>
            <th>Quorum</th>
            <th>Asked by</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              onClick={() => {
                navigate(`/approvals/${r.id}`);
              }}
            >
              <td>{r.kind}</td>
              <td>
                <span className="badge">{r.status}</span>
              </td>
              <td>{r.ruleId ?? 'default'}</td>
              <td>{r.tally.groups.map((g) => `${g.have}/${g.count} ${g.role}`).join(' + ')}</td>
              <td>
                <PersonName id={r.initiatorId} />
              </td>
              <td>{dates.time(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyEnrolment({ me, onDone }: { me: Me; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void enrolKey(me.id, password).then((r) => {
          if (r.ok) onDone();
          else setProblem(r.problem);
        });
      }}
    >
      <p>To vote, create a signing key in this browser. Confirm with your password.</p>
      <input
        type="password"
        aria-label="Password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
        }}
      />
      <button type="submit">Create signing key</button>
      <ProblemLine problem={problem} />
    </form>
  );
}

function Votes({ me, request, reload }: { me: Me; request: RequestView; reload: () => void }) {
  const [pair, setPair] = useState<CryptoKeyPair | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const loadKey = useCallback(() => {
    void storedKey(me.id).then(setPair);
  }, [me.id]);
  useEffect(loadKey, [loadKey]);
  if (pair === undefined) return <KeyEnrolment me={me} onDone={loadKey} />;
  const vote = async (decision: 'approve' | 'reject'): Promise<void> => {
    const signatureHex = await signApproval(pair, request.requestHash, decision);
    const r = await api(`/governance/approvals/${request.id}/votes`, {
      method: 'POST',
      body: JSON.stringify({ decision, signatureHex, requestHash: request.requestHash }),
    });
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  const execute = async (): Promise<void> => {
    const r = await api(`/governance/approvals/${request.id}/execute`, { method: 'POST' });
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  return (
    <div className="actions">
      <button onClick={() => void vote('approve')}>Sign and approve</button>
      <button onClick={() => void vote('reject')}>Sign and reject</button>
      <button onClick={() => void execute()}>Execute</button>
      <ProblemLine problem={problem} />
    </div>
  );
}

function Detail({ id }: { id: string }) {
  const dates = useDates();
  const session = useSession();
  const [request, setRequest] = useState<RequestView | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = useCallback(() => {
    void api<RequestView>(`/governance/approvals/${id}`).then((r) => {
      if (r.ok) setRequest(r.value);
      else setProblem(r.problem);
    });
  }, [id]);
  useEffect(() => {
    load();
    void whoAmI().then((r) => {
      if (r.ok) setMe(r.value);
    });
  }, [load]);
  if (request === null) return <ProblemLine problem={problem} />;
  return (
    <div>
      <h1>Approval request</h1>
      <p>
        <span className="badge">{request.status}</span> asked by{' '}
        <PersonName id={request.initiatorId} /> on {dates.time(request.createdAt)}; rule{' '}
        {request.ruleId ?? 'default'}, policy v{request.policyVersion}, expires{' '}
        {dates.time(request.expiresAt)}
        {request.executableAt === null
          ? ''
          : `, executable from ${dates.time(request.executableAt)}`}
      </p>
      <ApprovalSummary kind={request.kind} content={request.content} />
      <p className="muted">
        Content hash (what you sign): <code>{request.requestHash}</code>
      </p>
      <h2>Quorum</h2>
      <ul>
        {request.tally.groups.map((g) => (
          <li key={g.role}>
            {g.role}: {g.have} of {g.count}
          </li>
        ))}
      </ul>
      <h2>Votes</h2>
      <ul>
        {request.votes.map((v) => (
          <li key={v.userId}>
            <PersonName id={v.userId} /> {v.decision} {v.role === null ? '' : `as ${v.role}`}
          </li>
        ))}
      </ul>
      {me === null ? null : (
        <Votes
          me={me}
          request={request}
          reload={() => {
            load();
            // The navigation's count of votes waiting changes with this one.
            session.refresh();
          }}
        />
      )}
    </div>
  );
}

export default function Approvals() {
  const path = usePath();
  const id = path.startsWith('/approvals/') ? path.slice('/approvals/'.length) : '';
  return id === '' ? <Inbox /> : <Detail id={id} />;
}
