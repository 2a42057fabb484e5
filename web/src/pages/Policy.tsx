import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import {
  GovernanceApprovalsPostJson,
  GovernancePolicyJson,
} from '../../../src/governance/answers.ts';
import {
  POLICY_CHANGE_KIND,
  policySchema,
  type PolicyDocument,
} from '../../../src/governance/policy.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { diffPolicy, isEmptyDiff } from '../policy/diff.ts';
import { DiffView } from '../policy/DiffView.tsx';
import { draftIssues } from '../policy/draft.ts';
import { DryRun } from '../policy/DryRun.tsx';
import { InForce } from '../policy/InForce.tsx';
import { RulesEditor } from '../policy/RulesEditor.tsx';
import { quorumText } from '../policy/say.ts';
import { Link, Loading, ProblemNote } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';
import { restoreSession } from './LoginSession.ts';

/**
 * The transaction policy: the rules in force in words, a draft edited as a form of rules, a dry run
 * of the draft against recent requests, and what the draft changes, before it is proposed as a
 * policy-change request for the admin quorum.
 */
type Reply = z.output<typeof GovernancePolicyJson>;

/** The document in force without its version: what a draft starts from and is compared with. */
function documentOf(reply: Reply): PolicyDocument | null {
  const doc = Object.fromEntries(Object.entries(reply.policy).filter(([k]) => k !== 'version'));
  const parsed = policySchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}

function Propose(p: { base: Reply; draft: PolicyDocument; ready: boolean }) {
  const say = useI18n();
  const { t } = say;
  const { can } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);
  if (!can('governance.policy.change')) return <p className="muted">{t('policy.cannotPropose')}</p>;
  const propose = async (): Promise<void> => {
    const r = await fetchAnswer('/governance/approvals', GovernanceApprovalsPostJson, {
      method: 'POST',
      body: JSON.stringify({
        kind: POLICY_CHANGE_KIND,
        content: { baseVersion: p.base.policy.version, policy: p.draft },
      }),
    });
    const id = r.ok ? r.value['id'] : null;
    setProblem(r.ok ? null : r.problem);
    setRequestId(typeof id === 'string' ? id : null);
  };
  return (
    <section aria-labelledby="policy-propose">
      <h2 id="policy-propose">{t('policy.propose')}</h2>
      <p className="muted">
        {t('policy.proposeLead', { quorum: quorumText(say, p.base.policy.adminQuorum) })}
      </p>
      <button type="button" disabled={!p.ready} onClick={() => void propose()}>
        {t('policy.propose')}
      </button>
      <ProblemNote problem={problem} />
      {requestId === null ? null : (
        <p role="status">
          {t('policy.proposed')}{' '}
          <Link to={`/approvals/${requestId}`}>{t('policy.openRequest')}</Link>
        </p>
      )}
    </section>
  );
}

function Workbench({ reply, base }: { reply: Reply; base: PolicyDocument }) {
  const say = useI18n();
  const { t } = say;
  const [draft, setDraft] = useState<PolicyDocument>(base);
  const issues = useMemo(() => draftIssues(draft), [draft]);
  const valid = issues.length === 0;
  const diff = useMemo(
    () => (valid ? diffPolicy(say, base, draft) : null),
    [say, base, draft, valid],
  );
  return (
    <>
      <RulesEditor doc={draft} kinds={reply.kinds} issues={issues} onChange={setDraft} />
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setDraft(base);
          }}
        >
          {t('policy.reset')}
        </button>
      </div>
      {valid ? null : (
        <p className="error" role="alert">
          {t('policy.invalid', { count: String(issues.length) })}
        </p>
      )}
      <DryRun draft={draft} valid={valid} />
      {diff === null ? null : (
        <DiffView diff={diff} version={reply.policy.version} reporting={draft.reportingCurrency} />
      )}
      <Propose base={reply} draft={draft} ready={diff !== null && !isEmptyDiff(diff)} />
    </>
  );
}

export default function Policy() {
  const { t } = useI18n();
  useEffect(restoreSession, []);
  const { data, problem } = useApi('/governance/policy', GovernancePolicyJson);
  const base = useMemo(() => (data === null ? null : documentOf(data)), [data]);
  return (
    <div>
      <h1>{t('policy.title')}</h1>
      <p className="muted">{t('policy.lead')}</p>
      <ProblemNote problem={problem} />
      {data === null ? (
        problem === null ? (
          <Loading />
        ) : null
      ) : base === null ? (
        <p className="error" role="alert">
          {t('policy.unreadable')}
        </p>
      ) : (
        <>
          <InForce doc={base} version={data.policy.version} />
          <Workbench reply={data} base={base} />
        </>
      )}
    </div>
  );
}
