import type { ReactNode } from 'react';
import type { Problem } from '../api.ts';
import { navigate } from '../router.ts';

/**
 * The pieces every console page shares, in one copy: an in-app link, the problem message, and the
 * loading and empty states.
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
  return <p className="muted">Loading…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
