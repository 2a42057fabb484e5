import type { z } from 'zod';

/**
 * The browser's API client. Errors are RFC 9457 problems; callers get the machine `code` and the
 * human `detail` instead of an exception string. Cookie sessions send the CSRF token on unsafe
 * methods. Given the route's answer schema (the server's own, from `src/<domain>/answers.ts`), the
 * body is parsed at this edge, so a page never reads a shape the server did not send.
 */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fetches and parses with the route's answer schema. */
export async function fetchAnswer<S extends z.ZodType>(
  path: string,
  answer: S,
  init: RequestInit = {},
): Promise<ApiResult<z.output<S>>> {
  const r = await api<unknown>(path, init);
  if (!r.ok) return r;
  return parseAnswer(answer, r.value, path);
}

/** A body that does not match its schema is a problem, not data: the page shows it as one. */
export function parseAnswer<S extends z.ZodType>(
  answer: S,
  body: unknown,
  path: string,
): ApiResult<z.output<S>> {
  const parsed = answer.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where =
    issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  return {
    ok: false,
    problem: {
      status: 0,
      code: 'answer_invalid',
      detail: `${path} answered an unexpected shape${where}`,
    },
  };
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null)
    headers.set('x-csrf-token', csrfToken);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { ...init, headers, credentials: 'same-origin' });
  } catch {
    return {
      ok: false,
      problem: { status: 0, code: 'network_error', detail: 'the server did not answer' },
    };
  }
  const text = await response.text();
  const body: unknown = text.length > 0 ? JSON.parse(text) : null;
  if (!response.ok) {
    const p = (body ?? {}) as Partial<Problem>;
    return {
      ok: false,
      problem: {
        status: response.status,
        code: p.code ?? 'http_error',
        ...(p.detail === undefined ? {} : { detail: p.detail }),
      },
    };
  }
  return { ok: true, value: body as T };
}
