import { Suspense, useState } from 'react';
import { useLanguage } from './console/language.ts';
import { SessionProvider, taskCount, useSession, type Session } from './console/session.tsx';
import { PAGES, type PageEntry } from './pages/registry.ts';
import { I18nContext, LANG_NAMES, LANGS, useI18n, type Lang } from './portal/i18n.ts';
import { navigate, usePath } from './router.ts';
import { WithCode } from './ui/common.tsx';

/**
 * The app's frame: a header saying who is logged in (name, role, organisation) with the language
 * and log-out, and a navigation that offers each official only the pages their role can use, with
 * the count of what waits for them on each. Below 720 px the navigation folds behind a menu button.
 */
function findPage(path: string): PageEntry | undefined {
  return (
    PAGES.find((p) => p.path === path) ??
    PAGES.filter((p) => p.path !== '/' && path.startsWith(`${p.path}/`)).sort(
      (a, b) => b.path.length - a.path.length,
    )[0]
  );
}

/** A page is offered when it has a screen and the session holds every action its reads need. */
export function offered(page: PageEntry, session: Session): boolean {
  if (page.component === undefined) return false;
  if (page.area === 'public') return page.path !== '/login' || session.me === null;
  if (session.me === null || session.me === undefined) return false;
  return (page.requires ?? []).every((a) => session.can(a));
}

function NavLink({ page, active, onGo }: { page: PageEntry; active: boolean; onGo: () => void }) {
  const { t } = useI18n();
  const { tasks } = useSession();
  const count =
    page.path === '/tasks'
      ? taskCount(tasks)
      : page.tasks === undefined
        ? 0
        : taskCount(tasks, page.tasks);
  return (
    <a
      href={page.path}
      className={active ? 'active' : undefined}
      aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        onGo();
        navigate(page.path);
      }}
    >
      <span>{t(page.key)}</span>
      {count > 0 ? (
        <span className="nav-count" aria-label={t('console.waiting', { count: String(count) })}>
          {count}
        </span>
      ) : null}
    </a>
  );
}

function Sidebar({
  current,
  open,
  onGo,
}: {
  current?: PageEntry;
  open: boolean;
  onGo: () => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const pub = PAGES.filter((p) => p.area === 'public' && offered(p, session));
  const internal = PAGES.filter((p) => p.area === 'internal' && offered(p, session));
  return (
    <nav
      id="main-nav"
      className={open ? 'sidebar open' : 'sidebar'}
      aria-label={t('console.mainNav')}
    >
      <div className="nav-group">{t('console.group.public')}</div>
      {pub.map((p) => (
        <NavLink key={p.path} page={p} active={p === current} onGo={onGo} />
      ))}
      {internal.length === 0 ? null : (
        <>
          <div className="nav-group">{t('console.group.officials')}</div>
          {internal.map((p) => (
            <NavLink key={p.path} page={p} active={p === current} onGo={onGo} />
          ))}
        </>
      )}
    </nav>
  );
}

function LanguageChoice() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang-choice">
      <span className="visually-hidden">{t('lang.label')}</span>
      <select
        value={lang}
        aria-label={t('lang.label')}
        onChange={(e) => {
          setLang(e.target.value as Lang);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

function Person() {
  const { t } = useI18n();
  const session = useSession();
  const person = session.tasks?.person;
  if (session.me === null || session.me === undefined || person === undefined) return null;
  return (
    <div className="person" data-testid="person">
      <span className="person-name" title={person.id}>
        {t('console.person', { name: person.displayName })}
      </span>
      <span className="person-role">
        {person.roles.map((r) => t(`role.${r}` as 'role.auditor')).join(', ')}
        {' · '}
        {person.organisation?.name ?? t('console.noOrganisation')}
      </span>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void session.logout().then(() => {
            navigate('/login');
          });
        }}
      >
        {t('console.logout')}
      </button>
    </div>
  );
}

function Header({ menuOpen, onMenu }: { menuOpen: boolean; onMenu: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <header className="topbar">
      <button
        type="button"
        className="menu-button"
        aria-expanded={menuOpen}
        aria-controls="main-nav"
        onClick={onMenu}
      >
        {t('console.menu')}
      </button>
      <a
        className="brand"
        href={me ? '/tasks' : '/'}
        onClick={(e) => {
          e.preventDefault();
          navigate(me ? '/tasks' : '/');
        }}
      >
        Kazna
      </a>
      <div className="topbar-end">
        <LanguageChoice />
        <Person />
      </div>
    </header>
  );
}

function Main({ page, path }: { page: PageEntry | undefined; path: string }) {
  const { t } = useI18n();
  const session = useSession();
  const Component = page?.component;
  if (page === undefined)
    return (
      <div className="empty">
        <h1>{t('console.notFoundTitle')}</h1>
        <p>{t('console.notFound', { path })}</p>
      </div>
    );
  if (page.area === 'internal' && session.me === undefined)
    return <p className="muted">{t('console.loading')}</p>;
  if (page.area === 'internal' && session.me === null)
    return (
      <div className="empty">
        <h1>{t(page.key)}</h1>
        <p>
          <a
            href="/login"
            onClick={(e) => {
              e.preventDefault();
              navigate('/login');
            }}
          >
            {t('console.loginFirst')}
          </a>
        </p>
      </div>
    );
  if (Component === undefined || (page.area === 'internal' && !offered(page, session)))
    return (
      <div className="empty">
        <h1>{t(page.key)}</h1>
        <p>
          {Component === undefined ? (
            <WithCode text={t('console.noScreen')} code="/api/docs" />
          ) : (
            t('console.notForRole')
          )}
        </p>
      </div>
    );
  return (
    <Suspense fallback={<p className="muted">{t('console.loading')}</p>}>
      <Component />
    </Suspense>
  );
}

function Frame({ path }: { path: string }) {
  const { t } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  const page = findPage(path);
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        {t('console.skip')}
      </a>
      <Header
        menuOpen={menuOpen}
        onMenu={() => {
          setMenuOpen((o) => !o);
        }}
      />
      <div className="body">
        <Sidebar
          {...(page === undefined ? {} : { current: page })}
          open={menuOpen}
          onGo={() => {
            setMenuOpen(false);
          }}
        />
        <main className="content" id="content" tabIndex={-1}>
          <Main page={page} path={path} />
        </main>
      </div>
    </div>
  );
}

function Localised({ path }: { path: string }) {
  const { me } = useSession();
  const i18n = useLanguage(me?.id ?? null);
  return (
    <I18nContext.Provider value={i18n}>
      <Frame path={path} />
    </I18nContext.Provider>
  );
}

export function App() {
  const path = usePath();
  return (
    <SessionProvider path={path}>
      <Localised path={path} />
    </SessionProvider>
  );
}
