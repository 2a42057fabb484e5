import { ReservePoliciesJson } from '../../../src/reserve/answers.ts';
import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { ApprovalLink, Empty, Loading, ProblemNote, usePermissions } from './common.tsx';
import { BUCKET_LABELS, pct } from './format.ts';
import { BUCKETS, type Bucket, type PolicyVersion } from './types.ts';

/**
 * The allocation policy's versions, newest first, and a form for reserve.manage to propose the
 * next one. A change never applies directly: it opens an approval request for the quorum.
 */
const SHORT: Readonly<Record<Bucket, string>> = {
  gold: 'Gold',
  fx: 'FX',
  hedge_funds: 'Hedge',
  venture_funds: 'Venture',
};

function VersionTable({ versions }: { versions: readonly PolicyVersion[] }) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Version</th>
            <th>From</th>
            {BUCKETS.map((b) => (
              <th key={b} className="num">
                {SHORT[b]}
              </th>
            ))}
            <th className="num">Crypto cap</th>
            <th className="num">Per manager</th>
            <th className="num">Liquidity min</th>
            <th>Approval</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>
                v{v.version}
                <div className="hash" title={v.documentHash}>
                  {v.documentHash.slice(0, 12)}…
                </div>
              </td>
              <td>{v.effectiveFrom}</td>
              {BUCKETS.map((b) => (
                <td key={b} className="num">
                  {pct(v.policy.buckets[b].targetBps, 0)} ± {pct(v.policy.buckets[b].bandBps, 0)}
                </td>
              ))}
              <td className="num">
                {pct(v.policy.cryptoCapBps)}
                <div className="muted">over a cap: {v.policy.onCapBreach}</div>
              </td>
              <td className="num">{pct(v.policy.managerCapBps)}</td>
              <td className="num">{pct(v.policy.liquidityMinBps)}</td>
              <td>
                {v.requestId === null ? (
                  <span className="muted">adopted before Kazna</span>
                ) : (
                  <ApprovalLink requestId={v.requestId} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BpsInput(props: { label: string; value: number; onChange: (v: number) => void }) {
  return (
    <label>
      {props.label} (bps)
      <input
        type="number"
        min={0}
        max={10_000}
        value={props.value}
        onChange={(e) => {
          props.onChange(Number(e.target.value));
        }}
        style={{ width: 90 }}
      />
    </label>
  );
}

type Policy = PolicyVersion['policy'];

function BucketFields(props: {
  p: Policy;
  setBucket: (b: Bucket, k: 'targetBps' | 'bandBps', v: number) => void;
}) {
  const { p, setBucket } = props;
  return (
    <div className="reserve-form">
      {BUCKETS.map((b) => (
        <fieldset key={b}>
          <legend>{BUCKET_LABELS[b]}</legend>
          <BpsInput
            label="Target"
            value={p.buckets[b].targetBps}
            onChange={(v) => {
              setBucket(b, 'targetBps', v);
            }}
          />
          <BpsInput
            label="Band"
            value={p.buckets[b].bandBps}
            onChange={(v) => {
              setBucket(b, 'bandBps', v);
            }}
          />
        </fieldset>
      ))}
    </div>
  );
}

function ChangeForm({ base, onDone }: { base: PolicyVersion; onDone: () => void }) {
  const [p, setP] = useState(base.policy);
  const [from, setFrom] = useState(new Date().toISOString().slice(0, 10));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const setBucket = (b: Bucket, k: 'targetBps' | 'bandBps', v: number): void => {
    setP({ ...p, buckets: { ...p.buckets, [b]: { ...p.buckets[b], [k]: v } } });
  };
  const targets = BUCKETS.reduce((s, b) => s + p.buckets[b].targetBps, 0);
  const submit = async (): Promise<void> => {
    setProblem(null);
    const r = await api<{ requestId: string }>('/reserve/policies', {
      method: 'POST',
      body: JSON.stringify({ baseVersion: base.version, effectiveFrom: from, policy: p }),
    });
    if (r.ok) {
      setSent(r.value.requestId);
      onDone();
    } else setProblem(r.problem);
  };
  return (
    <section className="card">
      <h2>Propose version {base.version + 1}</h2>
      <BucketFields p={p} setBucket={setBucket} />
      <div className="reserve-form">
        <BpsInput
          label="Crypto cap"
          value={p.cryptoCapBps}
          onChange={(v) => {
            setP({ ...p, cryptoCapBps: v });
          }}
        />
        <BpsInput
          label="Per-manager cap"
          value={p.managerCapBps}
          onChange={(v) => {
            setP({ ...p, managerCapBps: v });
          }}
        />
        <BpsInput
          label="Liquidity minimum"
          value={p.liquidityMinBps}
          onChange={(v) => {
            setP({ ...p, liquidityMinBps: v });
          }}
        />
        <label>
          Effective from
          <input
            type="date"
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
            }}
          />
        </label>
        <button type="button" disabled={targets !== 10_000} onClick={() => void submit()}>
          Send for approval
        </button>
      </div>
      <p className={targets === 10_000 ? 'muted' : 'error'}>
        Targets add up to {pct(targets, 2)} (they must make 100%).
      </p>
      {problem === null ? null : <ProblemNote problem={problem} />}
      {sent === null ? null : (
        <p>
          Sent: <ApprovalLink requestId={sent} state="pending_approval" />
        </p>
      )}
    </section>
  );
}

interface PendingRequest {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly createdAt: string;
  readonly content: { readonly effectiveFrom?: string; readonly baseVersion?: number };
}

/** Changes proposed and waiting for the quorum (read from governance's open requests). */
function PendingChanges() {
  const { data } = useApi<PendingRequest[]>('/governance/approvals?status=pending');
  const mine = (data ?? []).filter((r) => r.kind === 'reserve.policy.change');
  if (mine.length === 0) return null;
  return (
    <section className="card">
      <h2>Waiting for approval</h2>
      <ul>
        {mine.map((r) => (
          <li key={r.id}>
            Change on v{r.content.baseVersion ?? '?'} from {r.content.effectiveFrom ?? '?'},
            proposed {r.createdAt.slice(0, 16).replace('T', ' ')}:{' '}
            <ApprovalLink requestId={r.id} state={r.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Policies() {
  const { data, problem, reload } = useApi('/reserve/policies', ReservePoliciesJson);
  const can = usePermissions();
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const versions = [...data.policies].sort((a, b) => b.version - a.version);
  const latest = versions[0];
  return (
    <>
      <section className="card">
        <h2>Versions of the allocation policy</h2>
        {latest === undefined ? (
          <Empty>No policy yet: the first version is proposed here and needs approval.</Empty>
        ) : (
          <VersionTable versions={versions} />
        )}
      </section>
      <PendingChanges />
      {latest !== undefined && can.has('reserve.manage') ? (
        <ChangeForm base={latest} onDone={reload} />
      ) : null}
    </>
  );
}
