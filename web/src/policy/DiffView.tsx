import { WithCode } from '../ui/common.tsx';
import type { PolicyRule } from '../../../src/governance/policy.ts';
import { useI18n } from '../portal/i18n.ts';
import { isEmptyDiff, type FieldChange, type PolicyDiff } from './diff.ts';
import { ruleSentence } from './say.ts';

/**
 * The draft against the version in force, shown before it can be proposed: rules added, removed
 * and moved, and each changed field before → after, in words.
 */
function Changes({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useI18n();
  const none = t('policy.nothing');
  return (
    <ul>
      {changes.map((c) => (
        <li key={c.field} data-field={c.field}>
          {c.field}: <del>{c.before ?? none}</del> → <ins>{c.after ?? none}</ins>
        </li>
      ))}
    </ul>
  );
}

function Rules(p: {
  label: string;
  rules: readonly PolicyRule[];
  reporting: string;
  kind: string;
}) {
  const say = useI18n();
  if (p.rules.length === 0) return null;
  return (
    <>
      <h3>{p.label}</h3>
      <ul data-diff={p.kind}>
        {p.rules.map((r) => (
          <li key={r.id}>
            <strong>
              <code>{r.id}</code>
            </strong>
            : {ruleSentence(say, r, p.reporting)}
          </li>
        ))}
      </ul>
    </>
  );
}

export function DiffView({
  diff,
  version,
  reporting,
}: {
  diff: PolicyDiff;
  version: number;
  reporting: string;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="policy-diff" data-testid="policy-diff">
      <h2 id="policy-diff">{t('policy.diff', { version: String(version) })}</h2>
      {isEmptyDiff(diff) ? <p className="empty">{t('policy.noChanges')}</p> : null}
      {diff.settings.length === 0 ? null : (
        <>
          <h3>{t('policy.settings')}</h3>
          <Changes changes={diff.settings} />
        </>
      )}
      <Rules label={t('policy.added')} rules={diff.added} reporting={reporting} kind="added" />
      <Rules
        label={t('policy.removed')}
        rules={diff.removed}
        reporting={reporting}
        kind="removed"
      />
      {diff.changed.map((c) => (
        <div key={c.id} data-diff="changed" data-rule={c.id}>
          <h3>
            <WithCode text={t('policy.changedRule', { rule: c.id })} code={c.id} />
          </h3>
          <Changes changes={c.changes} />
        </div>
      ))}
      {diff.moved.length === 0 ? null : (
        <ul data-diff="moved">
          {diff.moved.map((m) => (
            <li key={m.id}>
              <WithCode
                text={t('policy.moved', { rule: m.id, from: String(m.from), to: String(m.to) })}
                code={m.id}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
