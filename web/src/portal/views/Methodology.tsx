import { useI18n, type Key } from '../i18n.ts';
import { Section } from './common.tsx';

/** How the figures are made, where they come from, and what is and is not verified. */
const PARTS: readonly (readonly [Key, Key])[] = [
  ['meth.values.title', 'meth.values.body'],
  ['meth.shares.title', 'meth.shares.body'],
  ['meth.enforcement.title', 'meth.enforcement.body'],
  ['meth.addresses.title', 'meth.addresses.body'],
  ['meth.verified.title', 'meth.verified.body'],
  ['meth.notVerified.title', 'meth.notVerified.body'],
  ['meth.bpm7.title', 'meth.bpm7.body'],
  ['meth.privacy.title', 'meth.privacy.body'],
];

export function Methodology() {
  const { t } = useI18n();
  return (
    <Section title="nav.methodology">
      {PARTS.map(([title, body]) => (
        <div key={title} className="method-part">
          <h3>{t(title)}</h3>
          <p>{t(body)}</p>
        </div>
      ))}
    </Section>
  );
}
