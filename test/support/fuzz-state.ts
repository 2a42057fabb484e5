import pg from 'pg';

/**
 * Whether anything stored changed, cheaply enough to ask after every few requests. Fingerprinting
 * every table's rows costs tens of milliseconds per look on a busy machine; instead a journal
 * counts, per table of the public schema, the rows each committed statement inserted, updated (to
 * a different value) or deleted, from a row trigger installed for the test. A write that rolls back
 * rolls its count back with it, so the journal moves exactly when stored state does, whoever writes
 * (Kazna's role, or anyone else). The audit head is one of those tables.
 *
 * The journal lives in its own schema and is written by a SECURITY DEFINER function, so Kazna's
 * application role needs no grant and its own evidence triggers never see it.
 */
export type Digest = ReadonlyMap<string, string>;

export interface StateProbe {
  digest(): Promise<Digest>;
  auditSize(): Promise<bigint>;
  /** Actions of the audit entries from `fromSize` on. */
  auditActions(fromSize: bigint): Promise<string[]>;
  close(): Promise<void>;
}

const JOURNAL_SQL = `
  CREATE SCHEMA IF NOT EXISTS fuzz_journal;
  CREATE TABLE IF NOT EXISTS fuzz_journal.changes (tbl text PRIMARY KEY, n bigint NOT NULL);
  CREATE OR REPLACE FUNCTION fuzz_journal.note() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
      RETURN NULL;
    END IF;
    INSERT INTO fuzz_journal.changes AS c (tbl, n) VALUES (TG_TABLE_NAME, 1)
      ON CONFLICT (tbl) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
  END $$;`;

/** Installs the journal on the database at `ownerUrl` (a role that may create triggers). */
export async function stateProbe(ownerUrl: string): Promise<StateProbe> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  await owner.query(JOURNAL_SQL);
  const tables = await owner.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  for (const { name } of tables.rows) {
    const t = `public.${quoteIdent(name)}`;
    await owner.query(
      `CREATE OR REPLACE TRIGGER zz_fuzz_journal AFTER INSERT OR UPDATE OR DELETE ON ${t}
         FOR EACH ROW EXECUTE FUNCTION fuzz_journal.note();
       CREATE OR REPLACE TRIGGER zz_fuzz_journal_truncate AFTER TRUNCATE ON ${t}
         FOR EACH STATEMENT EXECUTE FUNCTION fuzz_journal.note();`,
    );
  }
  return {
    digest: async () => {
      const rows = await owner.query<{ tbl: string; n: string }>(
        'SELECT tbl, n::text AS n FROM fuzz_journal.changes',
      );
      return new Map(rows.rows.map((r) => [r.tbl, r.n]));
    },
    auditSize: async () => {
      const r = await owner.query<{ size: string }>(
        'SELECT size::text AS size FROM audit_head WHERE id = 1',
      );
      return BigInt(r.rows[0]?.size ?? '0');
    },
    auditActions: async (fromSize) => {
      const r = await owner.query<{ action: string }>(
        'SELECT action FROM audit_entries WHERE seq >= $1 ORDER BY seq',
        [fromSize.toString()],
      );
      return r.rows.map((row) => row.action);
    },
    close: () => owner.end(),
  };
}

/** Tables whose count differs between two digests. */
export function changedTables(before: Digest, after: Digest): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
