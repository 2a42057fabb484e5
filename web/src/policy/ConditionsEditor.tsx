import { useState } from 'react';
import { ASSET_CODES } from '../../../src/core/assets.ts';
import { ROLES } from '../../../src/core/identity.ts';
import { useI18n } from '../portal/i18n.ts';
import {
  conditionDefault,
  hoursOf,
  itemsOf,
  secondsOf,
  withOptional,
  type DraftIssue,
  type Path,
} from './draft.ts';
import { Checks, Choice, Errors, ParsedField } from './inputs.tsx';
import { CONDITIONS, kindName, type Condition, type Match } from './say.ts';

/**
 * A rule's conditions, each edited by what it is: a set chosen from a list (roles, assets,
 * destinations), a list of names (kinds, accounts, statuses), a range in asset units, a velocity
 * window. A rule without conditions matches every request.
 */
interface Props {
  readonly match: Match;
  readonly onChange: (m: Match) => void;
  readonly kinds: readonly string[];
  readonly reporting: string;
  readonly issues: readonly DraftIssue[];
  readonly path: Path;
  readonly name: string;
}

type ListCondition =
  'actions' | 'initiatorUsers' | 'sourceAccounts' | 'from' | 'to' | 'legalStatuses';

const joined = (xs: readonly string[] | undefined): string => (xs ?? []).join(', ');
const normaliseList = (text: string): string => itemsOf(text).join(', ');
const trimmed = (text: string): string => text.trim();
const normaliseHours = (text: string): string => hoursOf(secondsOf(text));

function ListEditor(p: Props & { c: ListCondition }) {
  const { t } = useI18n();
  return (
    <ParsedField
      label={t('policy.op.oneOf')}
      name={`${p.name}.${p.c}`}
      value={joined(p.match[p.c])}
      normalise={normaliseList}
      onText={(text) => {
        p.onChange({ ...p.match, [p.c]: itemsOf(text) });
      }}
      issues={p.issues}
      path={[...p.path, p.c]}
    />
  );
}

function KindPicker(p: Props) {
  const say = useI18n();
  const prefixes = [...new Set(p.kinds.map((k) => `${k.split('.')[0] ?? k}.*`))].sort();
  const options = [...p.kinds, ...prefixes].map((k) => ({
    value: k,
    label: kindName(say, k) === k ? k : `${kindName(say, k)} (${k})`,
  }));
  return (
    <Choice
      label={say.t('policy.addKind')}
      value=""
      options={[{ value: '', label: '—' }, ...options]}
      onChange={(k) => {
        const now = p.match.actions ?? [];
        if (k !== '' && !now.includes(k)) p.onChange({ ...p.match, actions: [...now, k] });
      }}
    />
  );
}

function RangeEditor(p: Props & { c: 'amount' | 'value' }) {
  const { t } = useI18n();
  const r = p.match[p.c] ?? {};
  const unit = p.c === 'value' ? p.reporting : t('policy.assetUnits');
  const bound = (end: 'min' | 'max') => (
    <ParsedField
      label={`${t(end === 'min' ? 'policy.op.atLeast' : 'policy.op.below')} (${unit})`}
      name={`${p.name}.${p.c}.${end}`}
      value={r[end] ?? ''}
      normalise={trimmed}
      onText={(text) => {
        const v = text.trim().replace(/[\s\u00a0]/g, '');
        p.onChange({ ...p.match, [p.c]: withOptional(r, end, v === '' ? undefined : v) });
      }}
      issues={p.issues}
      path={[...p.path, p.c, end]}
    />
  );
  return (
    <>
      {bound('min')}
      {bound('max')}
      <Errors issues={p.issues} path={[...p.path, p.c]} />
    </>
  );
}

function VelocityEditor(p: Props) {
  const { t } = useI18n();
  const v = p.match.velocity ?? { windowSeconds: 86400, min: '0', per: 'kind' as const };
  const set = (next: Partial<typeof v>): void => {
    p.onChange({ ...p.match, velocity: { ...v, ...next } });
  };
  return (
    <>
      <ParsedField
        label={t('policy.velocity.window')}
        name={`${p.name}.velocity.window`}
        value={hoursOf(v.windowSeconds)}
        normalise={normaliseHours}
        onText={(text) => {
          set({ windowSeconds: secondsOf(text) ?? Number.NaN });
        }}
        issues={p.issues}
        path={[...p.path, 'velocity', 'windowSeconds']}
      />
      <ParsedField
        label={`${t('policy.velocity.min')} (${p.reporting})`}
        name={`${p.name}.velocity.min`}
        value={v.min}
        normalise={trimmed}
        onText={(text) => {
          set({ min: text.trim() });
        }}
        issues={p.issues}
        path={[...p.path, 'velocity', 'min']}
      />
      <Choice
        label={t('policy.velocity.per')}
        value={v.per}
        options={[
          { value: 'kind', label: t('policy.per.kind') },
          { value: 'initiator', label: t('policy.per.initiator') },
        ]}
        onChange={(per) => {
          set({ per });
        }}
      />
    </>
  );
}

function SetEditor(p: Props & { c: 'initiatorRoles' | 'assets' | 'destination' }) {
  const { t } = useI18n();
  const label = t('policy.op.oneOf');
  const done = <Errors issues={p.issues} path={[...p.path, p.c]} />;
  if (p.c === 'initiatorRoles') {
    const options = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
    return (
      <>
        <Checks
          legend={label}
          chosen={p.match.initiatorRoles ?? []}
          options={options}
          onChange={(v) => {
            p.onChange({ ...p.match, initiatorRoles: v });
          }}
        />
        {done}
      </>
    );
  }
  if (p.c === 'assets') {
    const options = ASSET_CODES.map((a) => ({ value: a, label: a }));
    return (
      <>
        <Checks
          legend={label}
          chosen={p.match.assets ?? []}
          options={options}
          onChange={(v) => {
            p.onChange({ ...p.match, assets: v });
          }}
        />
        {done}
      </>
    );
  }
  const options = (['whitelisted', 'new'] as const).map((d) => ({
    value: d,
    label: t(`policy.destination.${d}`),
  }));
  return (
    <>
      <Checks
        legend={label}
        chosen={p.match.destination ?? []}
        options={options}
        onChange={(v) => {
          p.onChange({ ...p.match, destination: v });
        }}
      />
      {done}
    </>
  );
}

function ConditionEditor(p: Props & { c: Condition }) {
  const { t } = useI18n();
  switch (p.c) {
    case 'actions':
      return (
        <>
          <ListEditor {...p} c="actions" />
          <KindPicker {...p} />
        </>
      );
    case 'initiatorRoles':
    case 'assets':
    case 'destination':
      return <SetEditor {...p} c={p.c} />;
    case 'hasAmount':
      return (
        <Choice
          label={t('policy.field.hasAmount')}
          value={p.match.hasAmount === false ? 'no' : 'yes'}
          options={[
            { value: 'yes', label: t('policy.yes') },
            { value: 'no', label: t('policy.no') },
          ]}
          onChange={(v) => {
            p.onChange({ ...p.match, hasAmount: v === 'yes' });
          }}
        />
      );
    case 'amount':
    case 'value':
      return <RangeEditor {...p} c={p.c} />;
    case 'velocity':
      return <VelocityEditor {...p} />;
    case 'initiatorUsers':
    case 'sourceAccounts':
    case 'from':
    case 'to':
    case 'legalStatuses':
      return <ListEditor {...p} c={p.c} />;
  }
}

function AddCondition(p: Props) {
  const { t } = useI18n();
  const unused = CONDITIONS.filter((c) => p.match[c] === undefined);
  const [chosen, setChosen] = useState<Condition | ''>('');
  if (unused.length === 0) return null;
  const pick = chosen !== '' && unused.includes(chosen) ? chosen : (unused[0] ?? 'actions');
  return (
    <div className="actions">
      <Choice
        label={t('policy.condition')}
        value={pick}
        options={unused.map((c) => ({ value: c, label: t(`policy.field.${c}`) }))}
        onChange={setChosen}
      />
      <button
        type="button"
        onClick={() => {
          p.onChange({ ...p.match, ...conditionDefault(pick) });
        }}
      >
        {t('policy.addCondition')}
      </button>
    </div>
  );
}

export function ConditionsEditor(p: Props) {
  const { t } = useI18n();
  const present = CONDITIONS.filter((c) => p.match[c] !== undefined);
  return (
    <fieldset className="policy-conditions">
      <legend>{t('policy.conditions')}</legend>
      {present.length === 0 ? <p className="muted">{t('policy.noConditions')}</p> : null}
      {present.map((c) => (
        <fieldset key={c} className="policy-condition" data-condition={c}>
          <legend>{t(`policy.field.${c}`)}</legend>
          <ConditionEditor {...p} c={c} />
          <button
            type="button"
            onClick={() => {
              p.onChange(withOptional(p.match, c, undefined));
            }}
          >
            {t('policy.removeCondition')}
          </button>
        </fieldset>
      ))}
      <AddCondition {...p} />
    </fieldset>
  );
}
