import type { ReactNode } from 'react';
import type { Problem } from '../../api.ts';
import { useI18n, type Key } from '../i18n.ts';

/** Loading, error and empty states shared by the portal's views, in the visitor's language. */
export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t('common.loading')}</p>;
}

export function ProblemNote({ problem }: { problem: Problem }) {
  const { t } = useI18n();
  return (
    <p className="error" role="alert">
      {t('common.error', { detail: problem.detail ?? problem.code })}
    </p>
  );
}

export function Empty({ text }: { text: Key }) {
  const { t } = useI18n();
  return <p className="empty-note">{t(text)}</p>;
}

export function Section({ title, children, id }: { title: Key; children: ReactNode; id?: string }) {
  const { t } = useI18n();
  return (
    <section className="card portal-section" aria-labelledby={id ?? title}>
      <h2 id={id ?? title}>{t(title)}</h2>
      {children}
    </section>
  );
}

export const BUCKET_COLORS: Readonly<Record<string, string>> = {
  gold: '#c9a227',
  fx: '#2f6fb3',
  hedge_funds: '#0b6e4f',
  venture_funds: '#8e4bb5',
};
