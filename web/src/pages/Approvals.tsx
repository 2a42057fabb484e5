import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import {
  GovernanceApprovals2Json,
  GovernanceApprovalsExecutePostJson,
  GovernanceApprovalsJson,
  GovernanceApprovalsVotesPostJson,
} from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { ApprovalSummary } from '../console/ApprovalSummary.tsx';
import { PersonName, useDates } from '../console/names.tsx';
import { SignControls, SigningProblem, type SignedContent } from '../console/signing.tsx';
import { useSession } from '../console/session.tsx';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { navigate, usePath } from '../router.ts';
import { Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { DataTable } from '../ui/table.tsx';
import { enrolKey, storedKey, whoAmI, type Me } from './LoginSession.ts';

/**
 * The approvals inbox and a request's detail. A vote is a signature over the request's SHA-256
 * content hash and the decision: by a passkey (a WebAuthn assertion) or by an Ed25519 key this
 * browser made and cannot export. The server checks it and the audit log keeps it, so anyone can
 * verify the vote later without trusting the server.
 */
/** The route declares a request loosely (a record); the page checks the fields it reads. */
const RequestFields = z.object({
  id: z.string(),
  kind: z.string(),
  content: z.unknown(),
  requestHash: z.string(),
  initiatorId: z.string(),
  policyVersion: z.number(),
  ruleId: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  executableAt: z.string().nullable(),
  // Older answers may lack it; the summary then shows the amount in its asset only.
  value: z.object({ currency: z.string(), units: z.string() }).nullable().default(null),
  votes: z.array(
    z.object({ userId: z.string(), decision: z.string(), role: z.string().nullable() }),
  ),
  tally: z.object({
    met: z.boolean(),
    groups: z.array(z.object({ role: z.string(), count: z.number(), have: z.number() })),
  }),
});
const RequestJson = GovernanceApprovals2Json.pipe(RequestFields);
const RequestsJson = GovernanceApprovalsJson.pipe(z.array(RequestFields));
type RequestView = z.output<typeof RequestFields>;

const STATUSES = ['pending', 'approved', 'executed', 'rejected', 'blocked', 'expired'] as const;

/** A code in words when the dictionaries know `prefix.code`; otherwise the code itself. */
function useWord(): (prefix: string, code: string) => string {
  const { t } = useI18n();
  return (prefix, code) => {
    const key = `${prefix}.${code}`;
    return Object.hasOwn(DICTIONARIES.en, key) ? t(key as Key) : code;
  };
}

function Quorum({ request }: { request: RequestView }) {
  const word = useWord();
  return (
    <>
      {request.tally.groups
        .map((g) => `${String(g.have)}/${String(g.count)} ${word('role', g.role)}`)
        .join(' + ')}
    </>
  );
}

function Inbox() {
  const { t } = useI18n();
  const word = useWord();
  const [status, setStatus] = useState('pending');
  const [rows, setRows] = useState<readonly RequestView[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const dates = useDates();
  useEffect(() => {
    const query = status === 'all' ? '' : `?status=${status}`;
    void fetchAnswer(`/governance/approvals${query}`, RequestsJson).then((r) => {
      if (r.ok) setRows(r.value);
      else setProblem(r.problem);
    });
  }, [status]);
  return (
    <div>
      <h1>{t('page.approvals')}</h1>
      <p className="muted">{t('approvals.lead')}</p>
      <select
        aria-label={t('approvals.status')}
        value={status}
        onChange={(e) => {
          setStatus(e.target.value);
        }}
      >
        {[...STATUSES, 'all'].map((s) => (
          <option key={s} value={s}>
            {word('approvals.status', s)}
          </option>
        ))}
      </select>
      <ProblemNote problem={problem} />
      {rows === null ? (
        problem === null ? (
          <Loading />
        ) : null
      ) : (
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          empty={<Empty>{t('approvals.none')}</Empty>}
          columns={[
            {
              header: t('approvals.kind'),
              cell: (r) => (
                <a
                  href={`/approvals/${r.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/approvals/${r.id}`);
                  }}
                >
                  {word('kind', r.kind)}
                </a>
              ),
              sort: (r) => r.kind,
            },
            {
              header: t('approvals.statusColumn'),
              cell: (r) => <span className="badge">{word('approvals.status', r.status)}</span>,
              sort: (r) => r.status,
            },
            { header: t('approvals.rule'), cell: (r) => <RuleName id={r.ruleId} /> },
            { header: t('approvals.quorum'), cell: (r) => <Quorum request={r} /> },
            { header: t('approvals.askedBy'), cell: (r) => <PersonName id={r.initiatorId} /> },
            {
              header: t('approvals.created'),
              cell: (r) => dates.time(r.createdAt),
              sort: (r) => r.createdAt,
            },
          ]}
        />
      )}
    </div>
  );
}

function RuleName({ id }: { id: string | null }) {
  const { t } = useI18n();
  const word = useWord();
  if (id === null) return <>{t('approvals.rule.default')}</>;
  const named = word('approvals.rule', id);
  return named === id ? <code>{id}</code> : <span title={id}>{named}</span>;
}

function KeyEnrolment({ me, onDone }: { me: Me; onDone: () => void }) {
  const { t } = useI18n();
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
      <p>{t('approvals.enrol')}</p>
      <input
        type="password"
        aria-label={t('login.password')}
        autoComplete="current-password"
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
        }}
      />
      <button type="submit">{t('approvals.createKey')}</button>
      <ProblemNote problem={problem} />
    </form>
  );
}

/** The approval message a vote signs (RFC 8785: keys in code-unit order, no spaces). */
function approvalMessage(requestHash: string, decision: 'approve' | 'reject'): string {
  return `{"decision":"${decision}","domain":"kazna.approval.v1","requestHash":"${requestHash}"}`;
}

function Votes({ me, request, reload }: { me: Me; request: RequestView; reload: () => void }) {
  const { t } = useI18n();
  // null until this browser's key store has answered: the enrolment form must not flash first.
  const [pair, setPair] = useState<CryptoKeyPair | undefined | null>(null);
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  // A new key in this browser is a new way to sign: the controls look again.
  const [keys, setKeys] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const loadKey = useCallback(() => {
    void storedKey(me.id).then(setPair);
  }, [me.id]);
  useEffect(loadKey, [loadKey, keys]);
  const vote = async (signature: SignedContent): Promise<void> => {
    setBusy(true);
    const r = await fetchAnswer(
      `/governance/approvals/${request.id}/votes`,
      GovernanceApprovalsVotesPostJson,
      {
        method: 'POST',
        body: JSON.stringify({ decision, signature, requestHash: request.requestHash }),
      },
    );
    setBusy(false);
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  const execute = async (): Promise<void> => {
    const r = await fetchAnswer(
      `/governance/approvals/${request.id}/execute`,
      GovernanceApprovalsExecutePostJson,
      { method: 'POST' },
    );
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  return (
    <div>
      <fieldset className="actions" data-vote="decision">
        <legend>{t('signing.vote.decision')}</legend>
        {(['approve', 'reject'] as const).map((d) => (
          <label key={d}>
            <input
              type="radio"
              name="decision"
              value={d}
              checked={decision === d}
              onChange={() => {
                setDecision(d);
              }}
            />{' '}
            {t(d === 'approve' ? 'signing.vote.approve' : 'signing.vote.reject')}
          </label>
        ))}
      </fieldset>
      <SignControls
        key={keys}
        content={approvalMessage(request.requestHash, decision)}
        busy={busy}
        onSigned={(signature) => void vote(signature)}
      />
      {pair === undefined ? (
        <KeyEnrolment
          me={me}
          onDone={() => {
            setKeys((n) => n + 1);
          }}
        />
      ) : null}
      <div className="actions">
        <button onClick={() => void execute()}>{t('approvals.execute')}</button>
      </div>
      <SigningProblem problem={problem} />
    </div>
  );
}

function RequestFacts({ request }: { request: RequestView }) {
  const { t } = useI18n();
  const dates = useDates();
  const word = useWord();
  return (
    <p>
      <span className="badge">{word('approvals.status', request.status)}</span>{' '}
      {t('approvals.askedByOn', { on: dates.time(request.createdAt) })}{' '}
      <PersonName id={request.initiatorId} />; {t('approvals.rule')}{' '}
      <RuleName id={request.ruleId} />,{' '}
      {t('approvals.policyVersion', {
        version: String(request.policyVersion),
        expires: dates.time(request.expiresAt),
      })}
      {request.executableAt === null
        ? ''
        : `, ${t('approvals.executableFrom', { from: dates.time(request.executableAt) })}`}
    </p>
  );
}

function Detail({ id }: { id: string }) {
  const { t } = useI18n();
  const word = useWord();
  const session = useSession();
  const [request, setRequest] = useState<RequestView | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = useCallback(() => {
    void fetchAnswer(`/governance/approvals/${id}`, RequestJson).then((r) => {
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
  if (request === null) return problem === null ? <Loading /> : <ProblemNote problem={problem} />;
  return (
    <div>
      <h1>{t('approvals.request')}</h1>
      <RequestFacts request={request} />
      <ApprovalSummary kind={request.kind} content={request.content} value={request.value} />
      <p className="muted">
        {t('approvals.hash')} <code>{request.requestHash}</code>
      </p>
      <h2>{t('approvals.quorum')}</h2>
      <ul>
        {request.tally.groups.map((g) => (
          <li key={g.role}>
            {t('approvals.groupTally', {
              role: word('role', g.role),
              have: String(g.have),
              count: String(g.count),
            })}
          </li>
        ))}
      </ul>
      <h2>{t('approvals.votes')}</h2>
      {request.votes.length === 0 ? <Empty>{t('approvals.votes.none')}</Empty> : null}
      <ul>
        {request.votes.map((v) => (
          <li key={v.userId}>
            <PersonName id={v.userId} /> — {word('approvals.decision', v.decision)}
            {v.role === null ? '' : ` (${word('role', v.role)})`}
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
