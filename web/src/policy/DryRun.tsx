import { useState } from 'react';
import type { z } from 'zod';
import { GovernancePolicyDryRunRecentPostJson } from '../../../src/governance/answers.ts';
import type { PolicyDocument } from '../../../src/governance/policy.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { PersonName, useDates } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, ProblemNote, WithCode } from '../ui/common.tsx';
import { kindName, outcomeText } from './say.ts';

/**
 * The draft against the work people actually submit: the last requests decided again by the policy
 * in force and by the draft, each difference shown as old outcome → new outcome with the deciding
 * rule. The server only evaluates; nothing is recorded.
 */
type Answer = z.output<typeof GovernancePolicyDryRunRecentPostJson>;
type Row = Answer['requests'][number];
export const RECENT = 20;

function Decision({ d }: { d: Row['current'] }) {
  const say = useI18n();
  return (
    <>
      {outcomeText(say, d.outcome)}
      <div className="muted">
        {d.ruleId === null ? (
          say.t('policy.noRule')
        ) : (
          <WithCode text={say.t('policy.byRule', { rule: d.ruleId })} code={d.ruleId} />
        )}
      </div>
    </>
  );
}

function Rows({ rows }: { rows: readonly Row[] }) {
  const say = useI18n();
  const { t } = say;
  const dates = useDates();
  return (
    <table data-list="dry-run">
      <thead>
        <tr>
          <th scope="col">{t('policy.col.request')}</th>
          <th scope="col">{t('policy.col.asked')}</th>
          <th scope="col">{t('policy.col.inForce')}</th>
          <th scope="col">{t('policy.col.draft')}</th>
          <th scope="col">{t('policy.col.change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.requestId} data-changed={String(r.changed)}>
            <td>
              {kindName(say, r.kind)}
              <div className="muted">{dates.time(r.createdAt)}</div>
            </td>
            <td>
              <PersonName id={r.initiatorId} />
            </td>
            <td>
              <Decision d={r.current} />
            </td>
            <td>
              <Decision d={r.candidate} />
            </td>
            <td>{r.changed ? <strong>{t('policy.changes')}</strong> : t('policy.same')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DryRun({ draft, valid }: { draft: PolicyDocument; valid: boolean }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = async (): Promise<void> => {
    const r = await fetchAnswer(
      '/governance/policy/dry-run-recent',
      GovernancePolicyDryRunRecentPostJson,
      {
        method: 'POST',
        body: JSON.stringify({ policy: draft, limit: RECENT }),
      },
    );
    setProblem(r.ok ? null : r.problem);
    setAnswer(r.ok ? r.value : null);
  };
  const changed = answer?.requests.filter((r) => r.changed).length ?? 0;
  return (
    <section aria-labelledby="policy-dry-run">
      <h2 id="policy-dry-run">{t('policy.dryRun')}</h2>
      <p className="muted">{t('policy.dryRunLead', { count: String(RECENT) })}</p>
      <button type="button" disabled={!valid} onClick={() => void run()}>
        {t('policy.runDryRun')}
      </button>
      <ProblemNote problem={problem} />
      {answer === null ? null : answer.requests.length === 0 ? (
        <Empty>{t('policy.noRequests')}</Empty>
      ) : (
        <>
          <p role="status">
            {t('policy.dryRunSummary', {
              changed: String(changed),
              total: String(answer.requests.length),
            })}
          </p>
          <Rows rows={[...answer.requests].sort((a, b) => Number(b.changed) - Number(a.changed))} />
        </>
      )}
    </section>
  );
}
