import { useState } from 'react';
import { z } from 'zod';
import { GovernanceApprovalsJson } from '../../../src/governance/answers.ts';
import { ReservePoliciesJson } from '../../../src/reserve/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { FormField } from '../ui/form.tsx';
import { useApi } from '../useApi.ts';
import {
  ApprovalLink,
  codeKey,
  Empty,
  Loading,
  ProblemNote,
  useFmt,
  usePermissions,
} from './common.tsx';
import { BUCKETS, type Bucket, type PolicyVersion } from './types.ts';

/**
 * The allocation policy's versions, newest first, and a form for reserve.manage to propose the
 * next one. A change never applies directly: it opens an approval request for the quorum.
 */
function VersionRow({ v }: { v: PolicyVersion }) {
  const f = useFmt();
  const { t } = f;
  return (
    <tr>
      <td>
        v{v.version}
        <div className="hash" title={v.documentHash}>
          {v.documentHash.slice(0, 12)}…
        </div>
      </td>
      <td>{f.day(v.effectiveFrom)}</td>
      {BUCKETS.map((b) => (
        <td key={b} className="num">
          {f.pct(v.policy.buckets[b].targetBps, 0)} ± {f.pct(v.policy.buckets[b].bandBps, 0)}
        </td>
      ))}
      <td className="num">
        {f.pct(v.policy.cryptoCapBps)}
        <div className="muted">{t(codeKey('reserve.onCap', v.policy.onCapBreach))}</div>
      </td>
      <td className="num">{f.pct(v.policy.managerCapBps)}</td>
      <td className="num">{f.pct(v.policy.liquidityMinBps)}</td>
      <td>
        {v.requestId === null ? (
          <span className="muted">{t('reserve.policies.beforeKazna')}</span>
        ) : (
          <ApprovalLink requestId={v.requestId} />
        )}
      </td>
    </tr>
  );
}

function VersionTable({ versions }: { versions: readonly PolicyVersion[] }) {
  const { t } = useFmt();
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>{t('reserve.col.version')}</th>
            <th>{t('reserve.col.effective')}</th>
            {BUCKETS.map((b) => (
              <th key={b} className="num">
                {t(codeKey('bucket', b))}
              </th>
            ))}
            <th className="num">{t('reserve.col.cryptoCap')}</th>
            <th className="num">{t('reserve.col.perManager')}</th>
            <th className="num">{t('reserve.col.liquidityMin')}</th>
            <th>{t('reserve.col.approval')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <VersionRow key={v.version} v={v} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BpsInput(props: {
  label: string;
  name: string;
  value: number;
  onChange: (v: number) => void;
}) {
  const { t } = useFmt();
  return (
    <FormField
      label={t('reserve.bps', { label: props.label })}
      name={props.name}
      type="number"
      value={String(props.value)}
      onChange={(v) => {
        props.onChange(Number(v));
      }}
    />
  );
}

type Policy = PolicyVersion['policy'];

function BucketFields(props: {
  p: Policy;
  setBucket: (b: Bucket, k: 'targetBps' | 'bandBps', v: number) => void;
}) {
  const { t } = useFmt();
  const { p, setBucket } = props;
  return (
    <div className="reserve-form">
      {BUCKETS.map((b) => (
        <fieldset key={b}>
          <legend>{t(codeKey('bucket', b))}</legend>
          <BpsInput
            label={t('reserve.target')}
            name={`${b}-target`}
            value={p.buckets[b].targetBps}
            onChange={(v) => {
              setBucket(b, 'targetBps', v);
            }}
          />
          <BpsInput
            label={t('reserve.band')}
            name={`${b}-band`}
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

const ProposedJson = z.object({ requestId: z.string() }).loose();

function LimitFields({ p, setP }: { p: Policy; setP: (p: Policy) => void }) {
  const { t } = useFmt();
  return (
    <>
      <BpsInput
        label={t('reserve.col.cryptoCap')}
        name="cryptoCap"
        value={p.cryptoCapBps}
        onChange={(v) => {
          setP({ ...p, cryptoCapBps: v });
        }}
      />
      <BpsInput
        label={t('reserve.col.perManager')}
        name="managerCap"
        value={p.managerCapBps}
        onChange={(v) => {
          setP({ ...p, managerCapBps: v });
        }}
      />
      <BpsInput
        label={t('reserve.col.liquidityMin')}
        name="liquidityMin"
        value={p.liquidityMinBps}
        onChange={(v) => {
          setP({ ...p, liquidityMinBps: v });
        }}
      />
    </>
  );
}

function ChangeForm({ base, onDone }: { base: PolicyVersion; onDone: () => void }) {
  const f = useFmt();
  const { t } = f;
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
    const r = await fetchAnswer('/reserve/policies', ProposedJson, {
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
      <h2>{t('reserve.policies.propose', { version: String(base.version + 1) })}</h2>
      <BucketFields p={p} setBucket={setBucket} />
      <div className="reserve-form">
        <LimitFields p={p} setP={setP} />
        <FormField
          label={t('reserve.effectiveFrom')}
          name="effectiveFrom"
          type="date"
          value={from}
          onChange={setFrom}
        />
        <button type="button" disabled={targets !== 10_000} onClick={() => void submit()}>
          {t('reserve.sendForApproval')}
        </button>
      </div>
      <p className={targets === 10_000 ? 'muted' : 'error'}>
        {t('reserve.policies.targetsSum', { sum: f.pct(targets, 2) })}
      </p>
      {problem === null ? null : <ProblemNote problem={problem} />}
      {sent === null ? null : (
        <p>
          {t('reserve.sentForApproval')} <ApprovalLink requestId={sent} state="pending_approval" />
        </p>
      )}
    </section>
  );
}

const PendingJson = GovernanceApprovalsJson.pipe(
  z.array(
    z
      .object({
        id: z.string(),
        kind: z.string(),
        status: z.string(),
        createdAt: z.string(),
        content: z
          .object({ effectiveFrom: z.string().optional(), baseVersion: z.number().optional() })
          .loose(),
      })
      .loose(),
  ),
);

/** Changes proposed and waiting for the quorum (read from governance's open requests). */
function PendingChanges() {
  const f = useFmt();
  const { t } = f;
  const { data } = useApi('/governance/approvals?status=pending', PendingJson);
  const mine = (data ?? []).filter((r) => r.kind === 'reserve.policy.change');
  if (mine.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('reserve.policies.waiting')}</h2>
      <ul>
        {mine.map((r) => (
          <li key={r.id}>
            {t('reserve.policies.pendingItem', {
              version: String(r.content.baseVersion ?? '—'),
              from: r.content.effectiveFrom === undefined ? '—' : f.day(r.content.effectiveFrom),
              at: f.time(r.createdAt),
            })}{' '}
            <ApprovalLink requestId={r.id} state={r.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Policies() {
  const { t } = useFmt();
  const { data, problem, reload } = useApi('/reserve/policies', ReservePoliciesJson);
  const can = usePermissions();
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const versions = [...data.policies].sort((a, b) => b.version - a.version);
  const latest = versions[0];
  return (
    <>
      <section className="card">
        <h2>{t('reserve.policies.versions')}</h2>
        {latest === undefined ? (
          <Empty>{t('reserve.policies.none')}</Empty>
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
