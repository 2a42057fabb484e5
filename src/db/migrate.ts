import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sha256Hex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import { installRowCapture } from './evidence.ts';

/**
 * Ordered `.sql` files, applied once each, inside one transaction, with a checksum recorded per file.
 * An applied file that has changed (or vanished) stops the runner: history is evidence too.
 *
 * Privileges are part of the contract: the application role may SELECT and INSERT everywhere, but may
 * UPDATE only tables whose comment starts with `mutable:` and DELETE only from tables whose comment
 * starts with `ephemeral:`. Everything else is append-only at the database level.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const APP_ROLE = 'kazna_app';

export interface MigrationFile {
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

export type MigrateError = 'migration_changed' | 'migration_missing';

export interface MigrateReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: sha256Hex(sql) };
    }),
  );
}

export async function migrate(
  connectionString: string,
  dir = MIGRATIONS_DIR,
): Promise<Result<MigrateReport, MigrateError>> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS schema_lock (id int PRIMARY KEY CHECK (id = 1));
      INSERT INTO schema_lock VALUES (1) ON CONFLICT DO NOTHING;`);
    await client.query('BEGIN');
    await client.query('SELECT id FROM schema_lock WHERE id = 1 FOR UPDATE');
    const result = await applyPending(client, files);
    if (!result.ok) {
      await client.query('ROLLBACK');
      return result;
    }
    await grantAppRole(client);
    await installRowCapture(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: pg.Client,
  files: readonly MigrationFile[],
): Promise<Result<MigrateReport, MigrateError>> {
  const { rows } = await client.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migrations ORDER BY name',
  );
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of rows) {
    const file = byName.get(row.name);
    if (file === undefined) {
      return err(
        'migration_missing',
        `applied migration ${row.name} is missing from the migrations folder`,
        {
          file: row.name,
        },
      );
    }
    if (file.checksum !== row.checksum) {
      return err('migration_changed', `migration ${row.name} changed after it was applied`, {
        file: row.name,
        expected: row.checksum,
        found: file.checksum,
      });
    }
  }
  const done = new Set(rows.map((r) => r.name));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file.name)) continue;
    await client.query(file.sql);
    await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
      file.name,
      file.checksum,
    ]);
    applied.push(file.name);
  }
  return ok({ applied, alreadyApplied: rows.length });
}

async function grantAppRole(client: pg.Client): Promise<void> {
  await client.query(`
    DO $$ BEGIN CREATE ROLE ${APP_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`);
  await client.query(`
    DO $$ BEGIN EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
    EXCEPTION WHEN others THEN NULL; END $$;`);
  // Row evidence is collected in a temporary table per session (migration 0102).
  await client.query(`
    DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO ${APP_ROLE}', current_database());
    END $$;`);
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
    GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};`);
  const { rows } = await client.query<{ name: string; note: string }>(`
    SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS note
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
       AND obj_description(c.oid, 'pg_class') ~ '^(mutable|ephemeral):'`);
  for (const row of rows) {
    const verbs = row.note.startsWith('ephemeral:') ? 'UPDATE, DELETE' : 'UPDATE';
    await client.query(`GRANT ${verbs} ON ${pg.escapeIdentifier(row.name)} TO ${APP_ROLE}`);
  }
}
