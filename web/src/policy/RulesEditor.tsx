import { WithCode } from '../ui/common.tsx';
import { useEffect, useRef } from 'react';
import type { PolicyDocument, PolicyRule } from '../../../src/governance/policy.ts';
import { useI18n } from '../portal/i18n.ts';
import { Field } from '../pages/Field.tsx';
import { ConditionsEditor } from './ConditionsEditor.tsx';
import { moveItem, newRule, removeAt, replaceAt, withOptional, type DraftIssue } from './draft.ts';
import { useFieldError } from './inputs.tsx';
import { OutcomeEditor } from './OutcomeEditor.tsx';
import { ruleSentence } from './say.ts';

/**
 * The draft's rules as a form, in order (the first match decides): each rule's name, description,
 * conditions and outcome, moved up or down, removed, or added at the end.
 */
interface RuleProps {
  readonly rule: PolicyRule;
  readonly index: number;
  readonly count: number;
  readonly doc: PolicyDocument;
  readonly kinds: readonly string[];
  readonly issues: readonly DraftIssue[];
  readonly onRules: (rules: PolicyRule[]) => void;
}

function RuleTools(p: RuleProps) {
  const { t } = useI18n();
  const move = (to: number): void => {
    p.onRules(moveItem(p.doc.rules, p.index, to));
  };
  return (
    <div className="actions">
      <button
        type="button"
        disabled={p.index === 0}
        onClick={() => {
          move(p.index - 1);
        }}
      >
        {t('policy.moveUp')}
      </button>
      <button
        type="button"
        disabled={p.index === p.count - 1}
        onClick={() => {
          move(p.index + 1);
        }}
      >
        {t('policy.moveDown')}
      </button>
      <button
        type="button"
        onClick={() => {
          p.onRules(removeAt(p.doc.rules, p.index));
        }}
      >
        {t('policy.removeRule')}
      </button>
    </div>
  );
}

function RuleCard(p: RuleProps) {
  const say = useI18n();
  const { t } = say;
  const path = ['rules', p.index] as const;
  const name = `rules.${String(p.index)}`;
  const set = (rule: PolicyRule): void => {
    p.onRules(replaceAt(p.doc.rules, p.index, rule));
  };
  // A rule with an error stays open, so the error is seen beside its field.
  // Opened, never closed, from here: fixing the error must not fold the form away mid-edit.
  const open = p.issues.some((i) => i.path[0] === 'rules' && i.path[1] === p.index);
  const idError = useFieldError(p.issues, [...path, 'id']);
  const descriptionError = useFieldError(p.issues, [...path, 'description']);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (open && details.current !== null) details.current.open = true;
  }, [open]);
  return (
    <li className="card policy-rule" data-rule={p.rule.id}>
      <h3>
        <WithCode
          text={t('policy.ruleNumber', { n: String(p.index + 1), name: p.rule.id })}
          code={p.rule.id}
        />
      </h3>
      <p>{ruleSentence(say, p.rule, p.doc.reportingCurrency)}</p>
      <RuleTools {...p} />
      <details ref={details}>
        <summary>{t('policy.editRule')}</summary>
        <Field
          label={t('policy.ruleId')}
          name={`${name}.id`}
          value={p.rule.id}
          onChange={(id) => {
            set({ ...p.rule, id });
          }}
          error={idError}
        />
        <Field
          label={t('policy.description')}
          name={`${name}.description`}
          value={p.rule.description ?? ''}
          onChange={(d) => {
            set(withOptional(p.rule, 'description', d === '' ? undefined : d));
          }}
          error={descriptionError}
        />
        <ConditionsEditor
          match={p.rule.match}
          onChange={(match) => {
            set({ ...p.rule, match });
          }}
          kinds={p.kinds}
          reporting={p.doc.reportingCurrency}
          issues={p.issues}
          path={[...path, 'match']}
          name={`${name}.match`}
        />
        <OutcomeEditor
          outcome={p.rule.outcome}
          onChange={(outcome) => {
            set({ ...p.rule, outcome });
          }}
          issues={p.issues}
          path={[...path, 'outcome']}
          name={`${name}.outcome`}
        />
      </details>
    </li>
  );
}

export function RulesEditor(p: {
  doc: PolicyDocument;
  kinds: readonly string[];
  issues: readonly DraftIssue[];
  onChange: (doc: PolicyDocument) => void;
}) {
  const { t } = useI18n();
  const onRules = (rules: PolicyRule[]): void => {
    p.onChange({ ...p.doc, rules });
  };
  return (
    <section aria-labelledby="policy-draft">
      <h2 id="policy-draft">{t('policy.draft')}</h2>
      <p className="muted">{t('policy.draftLead')}</p>
      <ol className="policy-rules">
        {p.doc.rules.map((rule, i) => (
          <RuleCard
            key={i}
            rule={rule}
            index={i}
            count={p.doc.rules.length}
            doc={p.doc}
            kinds={p.kinds}
            issues={p.issues}
            onRules={onRules}
          />
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          onRules([...p.doc.rules, newRule(p.doc.rules)]);
        }}
      >
        {t('policy.addRule')}
      </button>
    </section>
  );
}
