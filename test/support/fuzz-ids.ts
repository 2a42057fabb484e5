import type { Queryable } from '../../src/db/pool.ts';
import type { IdSource } from './fuzz-schema.ts';

/**
 * Real ids for the fuzzer, so some requests name records that exist: read from the loaded database
 * by table, and harvested from the answers of requests that succeed. A hint (a field name such as
 * `debitAccountId`, or the path segment before `{id}` such as `lots`) picks the tables whose name
 * holds its last word (`account`, `lot`). Parameters named like a column (`seq`, `day`) draw from
 * that column.
 */
const KEYED_COLUMNS = ['id', 'seq', 'size', 'version', 'ref', 'day', 'commitment'];
const PER_BUCKET = 12;
/** Tokens and sessions are the fuzzer's own logins: revoking them would end the run's coverage. */
const NOT_FROM = new Set(['gov_api_tokens', 'gov_sessions', 'gov_service_accounts']);

export interface IdPool {
  readonly source: IdSource;
  /** Ids in a successful answer, filed under the operation's path. */
  harvest(path: string, body: unknown): void;
  size(): number;
}

export async function idPool(db: Queryable): Promise<IdPool> {
  const columns = await db.query<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = ANY($1) ORDER BY table_name, column_name`,
    [KEYED_COLUMNS],
  );
  const byTable = new Map<string, string[]>();
  const byColumn = new Map<string, string[]>();
  for (const { t, c } of columns) {
    if (NOT_FROM.has(t)) continue;
    const rows = await db.query<{ v: string }>(
      `SELECT DISTINCT "${c}"::text AS v FROM public."${t}" WHERE "${c}" IS NOT NULL ORDER BY 1 LIMIT ${PER_BUCKET}`,
    );
    const values = rows.map((r) => r.v);
    if (c === 'id') byTable.set(t, values);
    else byColumn.set(c, [...(byColumn.get(c) ?? []), ...values]);
  }
  const source: IdSource = (hint) => {
    const word = words(hint).at(-1);
    if (word === undefined) return [];
    const column = byColumn.get(hint);
    if (column !== undefined) return column;
    return [...byTable].filter(([t]) => words(t).includes(word)).flatMap(([, ids]) => ids);
  };
  return {
    source,
    harvest: (path, body) => {
      const bucket = `answer_${path.replaceAll(/\{[^}]+\}/g, '').replaceAll(/[^a-z]+/gi, '_')}`;
      const found = topLevelIds(body);
      if (found.length === 0) return;
      const ids = byTable.get(bucket) ?? [];
      for (const id of found) if (!ids.includes(id) && ids.length < PER_BUCKET * 2) ids.push(id);
      byTable.set(bucket, ids);
    },
    size: () => [...byTable.values(), ...byColumn.values()].reduce((n, v) => n + v.length, 0),
  };
}

function topLevelIds(body: unknown): string[] {
  const items = Array.isArray(body) ? body : [body];
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const id = (item as Record<string, unknown>)['id'];
    return typeof id === 'string' ? [id] : [];
  });
}

/** `debitAccountId` -> [debit, account]; `seizure_lots` -> [seizure, lot]. */
export function words(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+|(?=[A-Z])/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '' && w !== 'id' && w !== 'ids')
    .map((w) => (w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('s') ? w.slice(0, -1) : w));
}
