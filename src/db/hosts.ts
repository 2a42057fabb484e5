import { systemClock } from '../core/clock.ts';
import pg from 'pg';

/**
 * Multi-host connection strings, as libpq writes them:
 * `postgres://user@host1:5432,host2:5432/db?target_session_attrs=read-write`.
 * node-postgres connects to one host only, so Kazna splits the list itself, asks each host whether
 * it is in recovery, and connects to the one that is not. The cluster manager (pg_auto_failover)
 * decides which host is primary; this only finds it again after a failover.
 */
export interface HostList {
  /** One single-host URL per host, in the order given; the query string keeps every other option. */
  readonly urls: readonly string[];
  /**
   * `read-write` (the default for a list): only a primary will do; `any`: the first that answers;
   * `prefer-standby`: a replica if one answers, else the primary (for the public reads).
   */
  readonly target: 'read-write' | 'any' | 'prefer-standby';
}

const URL_PARTS = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?]*)(.*)$/;

/** The hosts of `url`; a URL naming one host is a list of one, with `any` as its target. */
export function hostList(url: string): HostList {
  const m = URL_PARTS.exec(url);
  if (m === null) return { urls: [url], target: 'any' };
  const [, scheme = '', userinfo, hosts = '', tail = ''] = m;
  const names = hosts.split(',').filter((h) => h !== '');
  if (names.length <= 1 && !tail.includes('target_session_attrs')) {
    return { urls: [url], target: 'any' };
  }
  const [path = '', query = ''] = tail.split('?', 2) as [string?, string?];
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs');
  params.delete('target_session_attrs');
  const rest = params.size === 0 ? path : `${path}?${params.toString()}`;
  const user = userinfo === undefined ? '' : `${userinfo}@`;
  return {
    urls: names.map((h) => `${scheme}${user}${h}${rest}`),
    target: attrs === 'any' || attrs === 'prefer-standby' ? attrs : 'read-write',
  };
}

export type Role = 'primary' | 'replica';

/** Connects to `url` once and asks whether it is a primary; null when it does not answer. */
export async function probeRole(url: string, timeoutMs = 2000): Promise<Role | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const res = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    return res.rows[0]?.r === true ? 'replica' : 'primary';
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The single-host URL to use now: the first primary of the list (or, for `any`, the first host
 * that answers). Null while no host qualifies, as during the seconds of a failover.
 */
export async function locate(list: HostList): Promise<string | null> {
  if (list.urls.length === 1 && list.target === 'any') return list.urls[0] ?? null;
  const roles = new Map<string, Role | null>();
  for (const url of list.urls) {
    const role = await probeRole(url);
    roles.set(url, role);
    if (role === 'primary' && list.target === 'read-write') return url;
    if (role === 'replica' && list.target === 'prefer-standby') return url;
    if (role !== null && list.target === 'any') return url;
  }
  // No replica answered: the primary serves the reads too.
  if (list.target !== 'prefer-standby') return null;
  return list.urls.find((url) => roles.get(url) === 'primary') ?? null;
}

/** `locate`, retried until `waitMs` has passed; throws when no primary appeared in that time. */
export async function locatePrimary(url: string, waitMs = 60_000): Promise<string> {
  const list = hostList(url);
  const until = systemClock.now().getTime() + waitMs;
  for (;;) {
    const found = await locate(list);
    if (found !== null) return found;
    if (systemClock.now().getTime() > until) throw new NoPrimaryError(list.urls.length);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** No host of the list is a primary right now (a failover is under way, or the cluster is down). */
export class NoPrimaryError extends Error {
  readonly code = '08001';
  constructor(hosts: number) {
    super(`none of the ${String(hosts)} database hosts is a primary`);
  }
}

// Class 08 (connection exception), 57P01-57P03 (the server shut down or is starting), 25006 (the
// host we are on became a standby) and the driver's own messages for a socket that went away. A
// caller that took the pool just before another found the new primary meets that old pool ended:
// nothing of its command ran, so it is a lost connection too, retried on the new pool.
const LOST_CODES = /^(08...|57P0[123]|25006)$/;
const LOST_MESSAGES =
  /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended|Cannot use a pool after calling end on the pool|Client was closed and is not queryable/i;

/** True when `error` means the connection, not the statement, failed. */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof NoPrimaryError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && LOST_CODES.test(code)) return true;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && LOST_MESSAGES.test(code)) return true;
  return typeof message === 'string' && LOST_MESSAGES.test(message);
}
