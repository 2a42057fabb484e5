import type { Queryable, Tx } from '../db/pool.ts';
import type { Row } from '../db/queryable.ts';
import { readRow } from '../db/row.ts';

/** SQL for saved studies. Rows are immutable; a new version is a new row. */
export interface StudyRow {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly engineVersion: number;
  readonly parameters: unknown;
  readonly seed: number;
  readonly paths: number;
  readonly inputHash: string;
  readonly report: unknown;
  readonly reportHash: string;
  readonly savedBy: string;
  readonly savedAt: string;
  readonly auditSeq: string;
}

export type StudySummary = Omit<StudyRow, 'parameters' | 'report'>;

export async function nextVersion(tx: Tx, name: string): Promise<number> {
  const [row] = await tx.query('SELECT max(version) AS v FROM simulator_studies WHERE name = $1', [
    name,
  ]);
  const latest = row === undefined ? null : readRow(row, 'simulator_studies').intOrNull('v');
  return (latest ?? 0) + 1;
}

export async function insertStudy(tx: Tx, s: StudyRow): Promise<void> {
  await tx.query(
    `INSERT INTO simulator_studies (id, name, version, engine_version, parameters, seed, paths,
       input_hash, report, report_hash, saved_by, saved_at, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      s.id,
      s.name,
      s.version,
      s.engineVersion,
      JSON.stringify(s.parameters),
      s.seed,
      s.paths,
      s.inputHash,
      JSON.stringify(s.report),
      s.reportHash,
      s.savedBy,
      s.savedAt,
      s.auditSeq,
    ],
  );
}

const COLUMNS = `id, name, version, engine_version, seed, paths, input_hash, report_hash, saved_by,
  saved_at, audit_seq`;

function summary(row: Row): StudySummary {
  const r = readRow(row, 'simulator_studies');
  return {
    id: r.str('id'),
    name: r.str('name'),
    version: r.int('version'),
    engineVersion: r.int('engine_version'),
    seed: Number(r.bigint('seed')),
    paths: r.int('paths'),
    inputHash: r.str('input_hash'),
    reportHash: r.str('report_hash'),
    savedBy: r.str('saved_by'),
    savedAt: r.date('saved_at').toISOString(),
    auditSeq: r.bigint('audit_seq').toString(),
  };
}

export async function findStudy(db: Queryable, id: string): Promise<StudyRow | null> {
  const [row] = await db.query(
    `SELECT ${COLUMNS}, parameters, report FROM simulator_studies WHERE id = $1`,
    [id],
  );
  if (row === undefined) return null;
  const r = readRow(row, 'simulator_studies');
  return { ...summary(row), parameters: r.jsonValue('parameters'), report: r.jsonValue('report') };
}

export async function listStudies(db: Queryable, limit: number): Promise<StudySummary[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM simulator_studies ORDER BY saved_at DESC, name, version DESC LIMIT $1`,
    [limit],
  );
  return rows.map(summary);
}
