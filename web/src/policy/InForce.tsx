import type { PolicyDocument } from '../../../src/governance/policy.ts';
import { useI18n } from '../portal/i18n.ts';
import { Authored } from '../ui/common.tsx';
import { hours, quorumText, ruleSentence, shippedWords } from './say.ts';

/**
 * The policy in force in words: the settings, then each rule as a sentence in its order, with the
 * exact document (what the admin quorum approved and the audit log holds) one click away.
 */
export function InForce({ doc, version }: { doc: PolicyDocument; version: number }) {
  const say = useI18n();
  const { t } = say;
  return (
    <section aria-labelledby="policy-in-force">
      <h2 id="policy-in-force">{t('policy.inForce', { version: String(version) })}</h2>
      <ul>
        <li>{t('policy.reportingIn', { currency: doc.reportingCurrency })}</li>
        <li>{t('policy.coolingText', { hours: hours(say, doc.whitelistCoolingSeconds) })}</li>
        <li>{t('policy.adminQuorumText', { quorum: quorumText(say, doc.adminQuorum) })}</li>
      </ul>
      <ol className="policy-sentences">
        {doc.rules.map((r) => (
          <li key={r.id} data-rule={r.id}>
            <strong>
              <code>{r.id}</code>
            </strong>
            : {ruleSentence(say, r, doc.reportingCurrency)}
            {r.description === undefined ? null : (
              <div className="muted">
                {shippedWords(say, 'rule', r.id, r.description) ?? (
                  <Authored text={r.description} />
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
      <p className="muted">{t('policy.defaultDeny')}</p>
      <details>
        <summary>{t('policy.exactJson')}</summary>
        <pre>{JSON.stringify({ version, ...doc }, null, 2)}</pre>
      </details>
    </section>
  );
}
