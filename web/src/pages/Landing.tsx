import { useI18n, type Key } from '../portal/i18n.ts';
import { navigate } from '../router.ts';

const STEPS: readonly (readonly [Key, Key])[] = [
  ['landing.seize', 'landing.seizeText'],
  ['landing.forfeit', 'landing.forfeitText'],
  ['landing.approve', 'landing.approveText'],
  ['landing.invest', 'landing.investText'],
  ['landing.publish', 'landing.publishText'],
];

export default function Landing() {
  const { t } = useI18n();
  return (
    <div className="landing">
      <section className="hero">
        <h1>Kazna</h1>
        <p className="lead">{t('landing.lead')}</p>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              navigate('/transparency');
            }}
          >
            {t('landing.seeReserve')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              navigate('/login');
            }}
          >
            {t('landing.signIn')}
          </button>
        </div>
      </section>
      <ol className="steps">
        {STEPS.map(([title, text]) => (
          <li key={title}>
            <strong>{t(title)}</strong>
            <span>{t(text)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
