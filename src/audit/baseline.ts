import pg from 'pg';
import type { Clock } from '../core/clock.ts';
import { capturedTables, IMAGE_SETTINGS_SQL } from '../db/evidence.ts';
import type { Db } from '../db/pool.ts';
import { appendAudit } from './append.ts';

/**
 * A log begun before row evidence (entries of version 1) proves the changes it recorded, but not
 * the rows they wrote. The first start after the upgrade seals every row of every captured table
 * into one entry, `audit.rows.baseline`, so replay starts from them; every later change carries its
 * own rows. A log that starts with row evidence never needs one. Returns whether it sealed.
 */
export const BASELINE_ACTION = 'audit.rows.baseline';

export async function sealBaseline(db: Db, clock: Clock): Promise<boolean> {
  return db.write(async (tx) => {
    const [first] = await tx.query<{ entry: string }>(
      'SELECT entry FROM audit_entries WHERE seq = 0',
    );
    if (!first?.entry.endsWith('"v":1}')) return false;
    const [sealed] = await tx.query('SELECT 1 FROM audit_entries WHERE action = $1 LIMIT 1', [
      BASELINE_ACTION,
    ]);
    if (sealed !== undefined) return false;
    await tx.query(IMAGE_SETTINGS_SQL);
    const tables = await capturedTables(tx);
    for (const table of tables) {
      // Straight into the transaction's evidence: the entry below takes these rows.
      await tx.query(
        `INSERT INTO pg_temp.kazna_rows (tbl, op, img)
         SELECT $1, 'i', to_jsonb(t) FROM ${pg.escapeIdentifier(table)} t`,
        [table],
      );
    }
    await appendAudit(tx, clock, {
      actor: 'system',
      action: BASELINE_ACTION,
      subjects: [],
      payload: { reason: 'rows written before each entry carried its rows', tables },
    });
    return true;
  });
}
