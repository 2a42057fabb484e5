import { useEffect, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { restoreSession } from './LoginSession.ts';

/**
 * The transaction policy: the rules in force, a dry run ("what would happen, and which rule
 * decided"), and an editor whose result is submitted as a policy-change request for the admin quorum.
 */
interface PolicyReply {
  readonly policy: { readonly version: number } & Record<string, unknown>;
  readonly kinds: readonly string[];
}

interface DryRun {
  readonly outcome: { readonly kind: string };
  readonly ruleId: string | null;
  readonly reason: string;
  readonly trace: readonly { ruleId: string; matched: boolean; failed?: string }[];
  readonly facts: Record<string, unknown>;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : 'invalid JSON' };
  }
}

function DryRunResult({ result }: { result: DryRun }) {
  return (
    <div className="card">
      <p>
        <strong>{result.outcome.kind}</strong> — {result.reason}
      </p>
      <ol>
        {result.trace.map((t) => (
          <li key={t.ruleId}>
            {t.ruleId}: {t.matched ? 'matched' : `no (${t.failed ?? ''})`}
          </li>
        ))}
      </ol>
      <pre>{JSON.stringify(result.facts, null, 2)}</pre>
    </div>
  );
}

function DryRunPanel(props: {
  draft: string;
  kinds: readonly string[];
  onProblem: (p: Problem) => void;
}) {
  const [kind, setKind] = useState('ledger.transfer');
  const [content, setContent] = useState('{"asset":"USD","amount":"250000","destination":"x"}');
  const [result, setResult] = useState<DryRun | null>(null);
  const [message, setMessage] = useState('');

  const dryRun = async (useDraft: boolean): Promise<void> => {
    const c = parse(content);
    const p = parse(props.draft);
    if (!c.ok || (useDraft && !p.ok)) {
      setMessage('The JSON does not parse.');
      return;
    }
    setMessage('');
    const body = { kind, content: c.value, ...(useDraft && p.ok ? { policy: p.value } : {}) };
    const r = await api<DryRun>('/governance/policy/dry-run', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (r.ok) setResult(r.value);
    else props.onProblem(r.problem);
  };

  return (
    <div>
      <h2>Dry run</h2>
      <input
        aria-label="Request kind"
        value={kind}
        list="kinds"
        onChange={(e) => {
          setKind(e.target.value);
        }}
      />
      <datalist id="kinds">
        {props.kinds.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <textarea
        aria-label="Request content (JSON)"
        rows={3}
        value={content}
        onChange={(e) => {
          setContent(e.target.value);
        }}
      />
      <div className="actions">
        <button onClick={() => void dryRun(false)}>Dry run (policy in force)</button>
        <button onClick={() => void dryRun(true)}>Dry run (draft below)</button>
      </div>
      {message === '' ? null : <p>{message}</p>}
      {result === null ? null : <DryRunResult result={result} />}
    </div>
  );
}

export default function Policy() {
  const [current, setCurrent] = useState<PolicyReply | null>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    restoreSession();
    void api<PolicyReply>('/governance/policy').then((r) => {
      if (!r.ok) {
        setProblem(r.problem);
        return;
      }
      setCurrent(r.value);
      const doc: Record<string, unknown> = { ...r.value.policy };
      delete doc['version'];
      setDraft(JSON.stringify(doc, null, 2));
    });
  }, []);

  const propose = async (): Promise<void> => {
    const p = parse(draft);
    if (!p.ok || current === null) {
      setMessage('The JSON does not parse.');
      return;
    }
    const r = await api<{ id: string }>('/governance/approvals', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'governance.policy.change',
        content: { baseVersion: current.policy.version, policy: p.value },
      }),
    });
    if (r.ok) setMessage(`Submitted as request ${r.value.id} for the admin quorum.`);
    else setProblem(r.problem);
  };

  return (
    <div>
      <h1>Transaction policy {current === null ? '' : `v${current.policy.version}`}</h1>
      <p className="muted">Rules in order; the first match decides; no match blocks.</p>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem.code}: {problem.detail ?? ''}
        </p>
      )}
      {message === '' ? null : <p>{message}</p>}
      <DryRunPanel draft={draft} kinds={current?.kinds ?? []} onProblem={setProblem} />
      <h2>Editor</h2>
      <textarea
        aria-label="Policy document (JSON)"
        rows={24}
        value={draft}
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
        }}
      />
      <button onClick={() => void propose()}>Propose this policy (needs the admin quorum)</button>
    </div>
  );
}
