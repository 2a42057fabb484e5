import type { ReactNode } from 'react';
import type { Problem } from '../api.ts';
import { useI18n } from '../portal/i18n.ts';
import { navigate } from '../router.ts';

/**
 * The pieces every console page shares, in one copy: an in-app link, the problem message, and the
 * loading and empty states. The table is in `table.tsx`, amounts in `money.tsx`, names in
 * `entity.tsx` and form fields in `form.tsx`.
 */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** An RFC 9457 problem as the API sent it: the machine code and the human detail. */
export function ProblemNote({ problem }: { problem: Problem | null }) {
  if (problem === null) return null;
  return (
    <p className="error" role="alert">
      <strong>{problem.code}</strong>
      {problem.detail === undefined ? '' : `: ${problem.detail}`}
      {problem.status === 0 ? '' : ` (HTTP ${problem.status})`}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('console.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * Text a person wrote (a note, a reason, a reference), shown as they wrote it: the console
 * translates its own words, never what people typed. `translate="no"` tells browsers' translators
 * and the language checks to leave it as it is.
 */
export function Authored({ text }: { text: string }) {
  return (
    <span className="authored" translate="no">
      {text}
    </span>
  );
}

/**
 * A sentence that names a machine name (a rule's id, a pattern): the name is set as code, so people
 * see it is a name to look for, not a word of the sentence.
 */
export function WithCode({ text, code }: { text: string; code: string }) {
  return <Inset text={text} part={code} render={(c) => <code>{c}</code>} />;
}

/** A sentence of the console's that quotes what a person typed (a reference, a note). */
export function WithAuthored({ text, authored }: { text: string; authored: string }) {
  return <Inset text={text} part={authored} render={(a) => <Authored text={a} />} />;
}

function Inset(p: { text: string; part: string; render: (part: string) => ReactNode }) {
  const at = p.part === '' ? -1 : p.text.indexOf(p.part);
  if (at < 0) return <>{p.text}</>;
  return (
    <>
      {p.text.slice(0, at)}
      {p.render(p.part)}
      {p.text.slice(at + p.part.length)}
    </>
  );
}
