import { ROLES, type Role } from '../../../src/core/identity.ts';
import { useI18n } from '../portal/i18n.ts';
import { Field } from '../pages/Field.tsx';
import {
  hoursOf,
  removeAt,
  replaceAt,
  secondsOf,
  withOptional,
  type DraftIssue,
  type Path,
} from './draft.ts';
import { Checks, Choice, Errors, ParsedField, useFieldError } from './inputs.tsx';
import type { Outcome, Quorum } from './say.ts';

/**
 * What a matching rule decides: allow, refuse with a reason, or require a quorum (approvers by role
 * and count, who may veto, the time lock between the quorum and execution, how long it stays open).
 */
const normaliseHours = (text: string): string => hoursOf(secondsOf(text));
const normaliseCount = (text: string): string => {
  const n = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(n) ? '' : String(n);
};

interface QuorumProps {
  readonly quorum: Quorum;
  readonly onChange: (q: Quorum) => void;
  readonly issues: readonly DraftIssue[];
  readonly path: Path;
  readonly name: string;
}

function Groups(p: QuorumProps) {
  const { t } = useI18n();
  const roles = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const groups = p.quorum.groups;
  const setGroups = (next: Quorum['groups']): void => {
    p.onChange({ ...p.quorum, groups: next });
  };
  return (
    <fieldset className="policy-groups">
      <legend>{t('policy.groups')}</legend>
      {groups.map((g, i) => (
        <div key={i} className="actions" data-group={i}>
          <ParsedField
            label={t('policy.count')}
            name={`${p.name}.groups.${String(i)}.count`}
            value={Number.isNaN(g.count) ? '' : String(g.count)}
            normalise={normaliseCount}
            onText={(text) => {
              setGroups(
                replaceAt(groups, i, {
                  ...g,
                  count: text.trim() === '' ? Number.NaN : Number(text),
                }),
              );
            }}
            issues={p.issues}
            path={[...p.path, 'groups', i, 'count']}
          />
          <Choice<Role>
            label={t('policy.role')}
            value={g.role}
            options={roles}
            onChange={(role) => {
              setGroups(replaceAt(groups, i, { ...g, role }));
            }}
          />
          <button
            type="button"
            onClick={() => {
              setGroups(removeAt(groups, i));
            }}
          >
            {t('policy.removeGroup')}
          </button>
        </div>
      ))}
      <Errors issues={p.issues} path={[...p.path, 'groups']} />
      <button
        type="button"
        onClick={() => {
          setGroups([...groups, { role: 'investment_committee', count: 1 }]);
        }}
      >
        {t('policy.addGroup')}
      </button>
    </fieldset>
  );
}

export function QuorumEditor(p: QuorumProps) {
  const { t } = useI18n();
  const q = p.quorum;
  const hoursField = (key: 'timeLockSeconds' | 'expiresInSeconds', label: string) => (
    <ParsedField
      label={label}
      name={`${p.name}.${key}`}
      value={hoursOf(q[key])}
      normalise={normaliseHours}
      onText={(text) => {
        p.onChange(withOptional(q, key, secondsOf(text)));
      }}
      issues={p.issues}
      path={[...p.path, key]}
    />
  );
  return (
    <>
      <Groups {...p} />
      <Checks<Role>
        legend={t('policy.vetoRoles')}
        chosen={q.vetoRoles ?? []}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        onChange={(v) => {
          p.onChange(withOptional(q, 'vetoRoles', v.length === 0 ? undefined : v));
        }}
      />
      {hoursField('timeLockSeconds', t('policy.timeLockHours'))}
      {hoursField('expiresInSeconds', t('policy.expiryHours'))}
    </>
  );
}

export function OutcomeEditor(p: {
  outcome: Outcome;
  onChange: (o: Outcome) => void;
  issues: readonly DraftIssue[];
  path: Path;
  name: string;
}) {
  const { t } = useI18n();
  const o = p.outcome;
  const reasonError = useFieldError(p.issues, [...p.path, 'reason']);
  const choose = (kind: Outcome['kind']): void => {
    if (kind === o.kind) return;
    if (kind === 'allow') p.onChange({ kind });
    else if (kind === 'block') p.onChange({ kind, reason: '' });
    else p.onChange({ kind, quorum: { groups: [{ role: 'investment_committee', count: 1 }] } });
  };
  return (
    <fieldset className="policy-outcome">
      <legend>{t('policy.outcome')}</legend>
      <Choice
        label={t('policy.outcome')}
        value={o.kind}
        options={(['allow', 'block', 'quorum'] as const).map((k) => ({
          value: k,
          label: t(`policy.kind.${k}`),
        }))}
        onChange={choose}
      />
      {o.kind === 'block' ? (
        <>
          <Field
            label={t('policy.reason')}
            name={`${p.name}.reason`}
            value={o.reason}
            onChange={(reason) => {
              p.onChange({ kind: 'block', reason });
            }}
            error={reasonError}
          />
        </>
      ) : null}
      {o.kind === 'quorum' ? (
        <QuorumEditor
          quorum={o.quorum}
          onChange={(quorum) => {
            p.onChange({ kind: 'quorum', quorum });
          }}
          issues={p.issues}
          path={[...p.path, 'quorum']}
          name={`${p.name}.quorum`}
        />
      ) : null}
    </fieldset>
  );
}
