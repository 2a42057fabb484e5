import type { Err } from '../core/result.ts';

/**
 * The statuses an expected refusal answers with: a client error the caller can act on (change the
 * request, sign in, wait, ask for an approval). Never a 5xx, which would say the server failed.
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

/**
 * Every code of a closed union with its status. A code left out, or one the union does not have,
 * does not compile; neither does a map over an open union (`string`, `string & {}`), which could
 * not be checked.
 */
export type StatusMap<C extends string> = string extends C
  ? OpenCodeUnion
  : Readonly<Record<C, RefusalStatus>>;

interface OpenCodeUnion {
  readonly 'the code union is open: name its codes': never;
}

/**
 * A refusal whose code belongs to another domain's closed union (the executor of an approval
 * request of that domain's kind): it carries the status that domain mapped the code to when it
 * registered the kind, so a route that does not know the domain still answers with it.
 */
export interface Refusal extends Err<string> {
  readonly status: RefusalStatus;
}

export function isRefusal(e: Err<string>): e is Refusal {
  return 'status' in e;
}
