import type { ReactNode } from 'react';
import { navigate, usePath } from '../router.ts';
import { LANG_NAMES, LANGS, useI18n, type Key } from './i18n.ts';
import { Addresses } from './views/Addresses.tsx';
import { Downloads } from './views/Downloads.tsx';
import { Enforcement } from './views/Enforcement.tsx';
import { Methodology } from './views/Methodology.tsx';
import { Overview } from './views/Overview.tsx';
import { Reports } from './views/Reports.tsx';
import './portal.css';

/**
 * The public transparency portal (/transparency and its sub-views): no login, three languages, every
 * figure from /api/v1/public, charts with table alternatives, and a panel that verifies the signed
 * checkpoint and the proofs behind the figures in the visitor's own browser.
 */
const VIEWS: readonly { path: string; key: Key; view: () => ReactNode }[] = [
  { path: '/transparency', key: 'nav.overview', view: () => <Overview /> },
  { path: '/transparency/enforcement', key: 'nav.enforcement', view: () => <Enforcement /> },
  { path: '/transparency/addresses', key: 'nav.addresses', view: () => <Addresses /> },
  { path: '/transparency/reports', key: 'nav.reports', view: () => <Reports /> },
  { path: '/transparency/downloads', key: 'nav.downloads', view: () => <Downloads /> },
  { path: '/transparency/methodology', key: 'nav.methodology', view: () => <Methodology /> },
];

function LanguageSwitcher() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={l === lang ? 'active' : 'secondary'}
          aria-pressed={l === lang}
          data-lang={l}
          onClick={() => {
            setLang(l);
          }}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

function SubNav({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <nav className="portal-tabs" aria-label={t('portal.title')}>
      {VIEWS.map((v) => (
        <a
          key={v.path}
          href={v.path}
          aria-current={v.path === path ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate(v.path);
          }}
        >
          {t(v.key)}
        </a>
      ))}
    </nav>
  );
}

export default function Portal() {
  const path = usePath();
  // The language is the app's (App.tsx provides it), so the console's navigation switches too.
  const i18n = useI18n();
  const view = VIEWS.find((v) => v.path === path) ?? VIEWS[0];
  return (
    <div className="portal" lang={i18n.lang}>
      <header className="portal-header">
        <div>
          <h1>{i18n.t('portal.title')}</h1>
          <p className="lead">{i18n.t('portal.lead')}</p>
        </div>
        <LanguageSwitcher />
      </header>
      <SubNav path={view?.path ?? '/transparency'} />
      {view?.view()}
    </div>
  );
}
