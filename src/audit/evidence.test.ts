import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainNodesAvailable, startNodes, type Nodes } from '../../test/support/chain-nodes.ts';
import { fillEveryTable } from '../../test/support/fill-tables.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { Finding } from '../../verifier/src/report.ts';
import { capturedTables, IMAGE_SETTINGS_SQL } from '../db/evidence.ts';
import type { Queryable } from '../db/pool.ts';
import { loadDemo } from '../demo/demo.ts';
import { SYSTEM } from '../core/identity.ts';
import { ledgerProjector } from '../ledger/projector.ts';
import { runVerify } from './cli.ts';
import type { Replay } from './replay.ts';
import { RowReplay } from './rows.ts';
import { replayedRows, rewriteEntry, superuser } from '../../test/support/audit.ts';
import { verifyLog } from './verify.ts';
import { parseEntry } from '../../verifier/src/checker.ts';
import { entriesInRange } from './store.ts';

/**
 * The log proves every record. On the demo's database, with every table the demo leaves empty
 * filled through the services (`test/support/fill-tables.ts`), a superuser (who can do anything the
 * application role cannot) changes one column of one row of every captured table, deletes a row,
 * inserts a row, deletes a checkpoint, and rewrites or cuts off the entries after the last signed
 * checkpoint; each time, replaying the log names the table and the row. Each tamper runs in a
 * transaction that is rolled back, so one demo serves them all.
 */
const asQueryable = (c: pg.Client): Queryable => ({
  query: async <R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
    (await c.query<R>(sql, params as unknown[] | undefined)).rows,
});

/**
 * Captured tables that no test fills, each with its reason. Every other captured table must hold
 * rows here, so a new table whose rows escape the evidence fails this suite until it is filled
 * (`test/support/fill-tables.ts`) or listed here.
 */
const UNFILLED: Readonly<Record<string, string>> = {};

/** The chain domain's tables need the local nodes; without them (never under CI) they stay empty. */
const CHAIN_NODES = chainNodesAvailable();

describe.each(testTargets())('the log proves every row, on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let rows: RowReplay;
  let ledger: Replay;
  let filled: { table: string; columns: { name: string; type: string }[]; key: string[] }[];
  let nodes: Nodes | null = null;

  beforeAll(async () => {
    nodes = CHAIN_NODES ? await startNodes() : null;
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
    await fillEveryTable(k, nodes);
    await k.services.audit.checkpoint(SYSTEM);
    rows = await replayedRows(k.db);
    ledger = await replayed(k.db, ledgerProjector.start());
    filled = await tablesWithRows(k.db);
  }, 300_000);
  afterAll(async () => {
    await k.close();
    await nodes?.stop();
  });

  /** Runs `tamper` as superuser, compares `tables` (the ledger's too), and rolls everything back. */
  async function after(
    tamper: (c: pg.Client) => Promise<unknown>,
    tables: readonly string[],
  ): Promise<Finding[]> {
    return superuser(k.database.url, async (c) => {
      await c.query('BEGIN');
      try {
        // Foreign keys would stop a crude tamper; a superuser can switch them off.
        await c.query('SET LOCAL session_replication_role = replica');
        await tamper(c);
        await c.query(IMAGE_SETTINGS_SQL);
        return await rows.compare(asQueryable(c), tables);
      } finally {
        await c.query('ROLLBACK');
      }
    });
  }

  it('matches an untouched database, and every captured table holds rows', async () => {
    const report = await k.services.audit.verify({ replay: true });
    expect(report.findings).toEqual([]);
    const captured = await capturedTables(k.db);
    expect(captured.filter((t) => Object.hasOwn(UNFILLED, t))).toEqual(Object.keys(UNFILLED));
    const expected = captured.filter(
      (t) => !Object.hasOwn(UNFILLED, t) && (nodes !== null || !t.startsWith('chain_')),
    );
    const have = new Set(filled.map((t) => t.table));
    expect(expected.filter((t) => !have.has(t))).toEqual([]);
  });

  it('names the table, row and column when any column of a row is changed', async () => {
    let tampered = 0;
    for (const t of filled) {
      const changed = await superuser(k.database.url, (c) => changeEachColumn(c, rows, t));
      expect([t.table, changed.attempted > 0]).toEqual([t.table, true]);
      expect([t.table, changed.missed]).toEqual([t.table, []]);
      tampered += changed.attempted;
    }
    expect(tampered).toBeGreaterThan(filled.length);
  });

  it('names the table and row when a row is deleted or one is inserted', async () => {
    for (const t of filled) {
      const deleted = await after(
        (c) => c.query(`DELETE FROM ${t.table} WHERE ctid = (SELECT ctid FROM ${t.table} LIMIT 1)`),
        [t.table],
      );
      expect([t.table, deleted.map((f) => [f.code, f.table])]).toEqual([
        t.table,
        [['row_missing', t.table]],
      ]);
      const inserted = await after((c) => insertCopy(c, t), [t.table]);
      expect([t.table, inserted.map((f) => [f.code, f.table])]).toEqual([
        t.table,
        [['row_not_in_log', t.table]],
      ]);
    }
  });

  it('names the transfer when its amount is multiplied or its accounts are swapped', async () => {
    const cases = [
      'UPDATE ledger_transfers SET amount = amount * 1000 WHERE ctid = (SELECT ctid FROM ledger_transfers LIMIT 1)',
      `UPDATE ledger_transfers SET debit_account_id = credit_account_id, credit_account_id = debit_account_id
        WHERE ctid = (SELECT ctid FROM ledger_transfers LIMIT 1)`,
      // An account whose credits may exceed its debits, so the CHECK lets the tamper through
      // whichever row comes first on disk.
      `UPDATE ledger_accounts SET credits_posted = credits_posted + 1
        WHERE ctid = (SELECT ctid FROM ledger_accounts WHERE NOT credits_must_not_exceed_debits LIMIT 1)`,
    ];
    for (const sql of cases) {
      const diffs = await superuser(k.database.url, async (c) => {
        await c.query('BEGIN');
        try {
          await c.query(sql);
          return await ledger.compare(asQueryable(c));
        } finally {
          await c.query('ROLLBACK');
        }
      });
      expect(diffs.length).toBeGreaterThan(0);
      expect(diffs.join('\n')).toMatch(/ledger_(transfers|accounts) row [0-9a-f-]{36} column /);
    }
  });

  it('names a deleted checkpoint, the one after it and the latest alike', async () => {
    const sizes = await k.db.query<{ size: bigint }>('SELECT size FROM audit_checkpoints');
    expect(sizes.length).toBeGreaterThan(0);
    for (const { size } of sizes) {
      const found = await after(
        (c) => c.query('DELETE FROM audit_checkpoints WHERE size = $1', [size]),
        ['audit_checkpoints'],
      );
      expect(found).toEqual([
        expect.objectContaining({
          code: 'row_missing',
          table: 'audit_checkpoints',
          row: String(size),
        }),
      ]);
    }
  });

  it('names the rows when the unsigned tail is cut off or rewritten with recomputed hashes', async () => {
    const signed = (await k.services.audit.latestCheckpoint())?.size ?? 0;
    // New work after the last checkpoint: an account opened and a destination asked for.
    const opened = await k.services.ledger.openAccount(SYSTEM, {
      asset: 'USD',
      owner: { kind: 'agency', ref: 'tail-test' },
      type: 'asset',
    });
    expect(opened.ok).toBe(true);
    const whitelisted = await k.services.governance.request(SYSTEM, 'governance.whitelist.add', {
      asset: 'BTC',
      address: 'bc1qtailtesttailtesttailtesttailtesttailte',
      label: 'tail test',
    });
    expect(whitelisted.ok).toBe(true);
    const size = await k.services.audit.size();
    expect(size).toBeGreaterThan(signed + 1);
    const cut = await tailTampered((c) => cutTail(c, signed + 1));
    expect(cut.map((f) => [f.code, f.table])).toEqual(
      expect.arrayContaining([
        ['row_not_in_log', 'gov_approval_requests'],
        ['head_signature_invalid', undefined],
      ]),
    );
    expect(
      cut.some((f) => f.code === 'replay_mismatch' && f.message.includes('ledger_accounts row')),
    ).toBe(true);
    // The payload alone rewritten: the rows still agree, the signed head does not.
    const payload = await tailTampered((c) =>
      rewriteEntry(c, (e) => e.replace('"label":"tail test"', '"label":"someone else"')),
    );
    expect(payload.map((f) => f.code)).toEqual(['head_signature_invalid']);
    // The rows rewritten too: the live table disagrees with what the entry now says.
    const rewritten = await tailTampered((c) => rewriteLastRows(c));
    expect(rewritten).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'row_differs',
          table: 'gov_approval_requests',
          column: 'kind',
        }),
        expect.objectContaining({ code: 'head_signature_invalid' }),
      ]),
    );
  });

  async function tailTampered(tamper: (c: pg.Client) => Promise<void>): Promise<Finding[]> {
    return superuser(k.database.url, async (c) => {
      await c.query('BEGIN');
      try {
        await tamper(c);
        await c.query(IMAGE_SETTINGS_SQL);
        const report = await verifyLog(asQueryable(c), {
          replay: true,
          projectors: [ledgerProjector],
        });
        return [...report.findings];
      } finally {
        await c.query('ROLLBACK');
      }
    });
  }

  it('makes `kazna audit verify --replay` exit 1 and print the table, row and column', async () => {
    await superuser(k.database.url, (c) =>
      c.query(
        "UPDATE gov_approval_votes SET decision = 'approve' WHERE ctid = (SELECT ctid FROM gov_approval_votes LIMIT 1)",
      ),
    );
    await superuser(k.database.url, (c) =>
      c.query(
        `INSERT INTO gov_approval_votes SELECT request_id, 'intruder', decision, role, key_id,
           signature_hex, created_at FROM gov_approval_votes LIMIT 1`,
      ),
    );
    const lines: string[] = [];
    const code = await runVerify(
      k.services.audit,
      { replay: true },
      { line: (t) => lines.push(t), json: () => undefined, progress: null },
    );
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/gov_approval_votes row [^ ]+\/intruder is not in the log/);
  });
});

async function replayed(q: Queryable, replay: Replay): Promise<Replay> {
  const [head] = await q.query<{ size: bigint }>('SELECT size FROM audit_head');
  for (const row of await entriesInRange(q, 0, Number(head?.size ?? 0n))) {
    const e = parseEntry(row.entry);
    if (typeof e === 'string') throw new Error(e);
    replay.apply({ ...e, seq: BigInt(e.seq), payload: e.payload as never });
  }
  return replay;
}

/** The captured tables (those verification compares) that hold rows, with their columns and keys. */
async function tablesWithRows(q: Queryable) {
  const out = [];
  for (const t of await capturedTables(q)) {
    const [any] = await q.query(`SELECT 1 FROM ${t} LIMIT 1`);
    if (any === undefined) continue;
    const columns = await q.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [t],
    );
    // The columns of every unique index, and those of its expressions (`lower(name)`) and of a
    // partial one's predicate, which pg_depend lists.
    const key = await q.query<{ name: string }>(
      `SELECT DISTINCT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid
        WHERE i.indrelid = $1::regclass AND i.indisunique
          AND (a.attnum = ANY(i.indkey) OR a.attnum IN (
            SELECT d.refobjsubid FROM pg_depend d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
               AND d.refobjid = i.indrelid))`,
      [t],
    );
    out.push({ table: t, columns, key: key.map((r) => r.name) });
  }
  return out;
}

/** A different value of the same type, or null when the test has no way to change this type. */
function changed(column: string, type: string): string | null {
  const c = `"${column}"`;
  if (type === 'text' || type.startsWith('character')) return `coalesce(${c}, '') || '~'`;
  if (type === 'uuid') return 'gen_random_uuid()';
  if (/^(integer|bigint|smallint|numeric)/.test(type)) return `coalesce(${c}, 0) + 1`;
  if (type === 'boolean') return `NOT coalesce(${c}, false)`;
  if (type.startsWith('timestamp') || type === 'date')
    return `coalesce(${c}, now()) + interval '1 day'`;
  if (type === 'jsonb' || type === 'json') return `'{"tampered": true}'::${type}`;
  if (type === 'bytea') return `coalesce(${c}, ''::bytea) || '\\x00'::bytea`;
  if (type === 'text[]') return `array_append(${c}, '~')`;
  if (type === 'double precision' || type === 'real') return `coalesce(${c}, 0) + 1`;
  return null;
}

/**
 * Changes each column of one row in turn (each in a savepoint, rolled back) and checks that the
 * replay names the table and the row, and the column unless the change moved the row's key.
 */
async function changeEachColumn(
  c: pg.Client,
  rows: RowReplay,
  t: { table: string; columns: { name: string; type: string }[] },
): Promise<{ attempted: number; missed: string[] }> {
  let attempted = 0;
  const missed: string[] = [];
  await c.query('BEGIN');
  try {
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query(IMAGE_SETTINGS_SQL);
    for (const col of t.columns) {
      const to = changed(col.name, col.type);
      if (to === null) continue;
      await c.query('SAVEPOINT s');
      try {
        await c.query(
          `UPDATE ${t.table} SET "${col.name}" = ${to} WHERE ctid = (SELECT ctid FROM ${t.table} LIMIT 1)`,
        );
      } catch {
        await c.query('ROLLBACK TO SAVEPOINT s');
        continue; // a CHECK constraint the crude change breaks: another column will do
      }
      attempted++;
      const found = await rows.compare(asQueryable(c), [t.table]);
      const named = found.some(
        (f) => f.table === t.table && (f.column === col.name || f.code !== 'row_differs'),
      );
      if (!named) missed.push(col.name);
      await c.query('ROLLBACK TO SAVEPOINT s');
    }
  } finally {
    await c.query('ROLLBACK');
  }
  return { attempted, missed };
}

/**
 * Inserts a copy of a row with its unique columns changed, as a superuser can: the table's CHECK
 * constraints are dropped first (inside the transaction the test rolls back), so only uniqueness is
 * left to satisfy: a number key goes past the largest, a uuid is drawn, text is hashed.
 */
async function insertCopy(
  c: pg.Client,
  t: { table: string; columns: { name: string; type: string }[]; key: string[] },
): Promise<void> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
    [t.table],
  );
  for (const r of rows) await c.query(`ALTER TABLE ${t.table} DROP CONSTRAINT "${r.name}"`);
  const select = t.columns.map((col) => {
    const name = `"${col.name}"`;
    if (!t.key.includes(col.name)) return name;
    if (/^(integer|bigint|smallint|numeric)/.test(col.type))
      return `(SELECT coalesce(max(${name}), 0) + 1 FROM ${t.table})`;
    if (col.type === 'text') return `encode(sha256(convert_to(${name}, 'UTF8')), 'hex')`;
    return changed(col.name, col.type) ?? name;
  });
  await c.query(`INSERT INTO ${t.table} SELECT ${select.join(', ')} FROM ${t.table} LIMIT 1`);
}

/** Removes every entry from `from` on, their tree nodes, and sets the head back, as an attacker would. */
async function cutTail(c: pg.Client, from: number): Promise<void> {
  await c.query('DELETE FROM audit_entries WHERE seq >= $1', [from]);
  await c.query('DELETE FROM audit_merkle_nodes WHERE (idx + 1) * (1::bigint << level) > $1', [
    from,
  ]);
  const [last] = (
    await c.query<{ hash: Buffer }>('SELECT hash FROM audit_entries WHERE seq = $1', [from - 1])
  ).rows;
  await c.query('UPDATE audit_head SET size = $1, head_hash = $2', [from, last?.hash]);
}

/**
 * Rewrites the last entry: the rows it recorded now say the request was of another kind, and its
 * hash, its leaf and the head are recomputed so that the chain and the tree are consistent again.
 */
async function rewriteLastRows(c: pg.Client): Promise<void> {
  await rewriteEntry(c, (entry) =>
    entry.replaceAll('"kind":"governance.whitelist.add"', '"kind":"governance.whitelist.gone"'),
  );
}
