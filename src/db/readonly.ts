import { APP_ROLE } from './migrate.ts';

/**
 * A connection string whose sessions cannot write: every transaction starts read-only, under the
 * application role. For commands that read beside a running server; a write through it fails with
 * SQLSTATE 25006 instead of changing anything. (In `pg`, options in the URL replace the pool's own,
 * so the role is named here again.)
 */
export function readOnlyUrl(url: string, role: string = APP_ROLE): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role} -c default_transaction_read_only=on`);
  return u.toString();
}

/** True for PostgreSQL's "cannot execute … in a read-only transaction". */
export function isReadOnlyViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '25006'
  );
}
