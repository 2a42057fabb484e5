import { Suspense } from 'react';
import { PAGES, type PageEntry } from './pages/registry.ts';
import { navigate, usePath } from './router.ts';

function findPage(path: string): PageEntry | undefined {
  return (
    PAGES.find((p) => p.path === path) ??
    PAGES.find((p) => p.path !== '/' && path.startsWith(`${p.path}/`))
  );
}

function NavLink({ page, active }: { page: PageEntry; active: boolean }) {
  return (
    <a
      href={page.path}
      className={active ? 'active' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(page.path);
      }}
    >
      {page.label}
    </a>
  );
}

function EmptyArea({ page }: { page: PageEntry }) {
  return (
    <div className="empty">
      <h1>{page.label}</h1>
      <p>{page.summary}</p>
      <p className="muted">
        This area has no screens yet. Its data is already reachable through the API at /api/docs.
      </p>
    </div>
  );
}

export function App() {
  const path = usePath();
  const page = findPage(path);
  const Component = page?.component;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div
          className="brand"
          onClick={() => {
            navigate('/');
          }}
        >
          Kazna
        </div>
        <div className="nav-group">Public</div>
        {PAGES.filter((p) => p.area === 'public').map((p) => (
          <NavLink key={p.path} page={p} active={p === page} />
        ))}
        <div className="nav-group">Officials</div>
        {PAGES.filter((p) => p.area === 'internal').map((p) => (
          <NavLink key={p.path} page={p} active={p === page} />
        ))}
      </nav>
      <main className="content">
        {page === undefined ? (
          <div className="empty">
            <h1>Not found</h1>
            <p>There is no page at {path}.</p>
          </div>
        ) : Component === undefined ? (
          <EmptyArea page={page} />
        ) : (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Component />
          </Suspense>
        )}
      </main>
    </div>
  );
}
