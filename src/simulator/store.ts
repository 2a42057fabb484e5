import type { Queryable, Tx } from '../db/pool.ts';

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
  const [row] = await tx.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM simulator_studies WHERE name = $1',
    [name],
  );
  return (row?.v ?? 0) + 1;
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

interface DbRow {
  id: string;
  name: string;
  version: number;
  engine_version: number;
  seed: bigint;
  paths: number;
  input_hash: string;
  report_hash: string;
  saved_by: string;
  saved_at: Date;
  audit_seq: bigint;
  parameters?: unknown;
  report?: unknown;
}

function summary(r: DbRow): StudySummary {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    engineVersion: r.engine_version,
    seed: Number(r.seed),
    paths: r.paths,
    inputHash: r.input_hash,
    reportHash: r.report_hash,
    savedBy: r.saved_by,
    savedAt: r.saved_at.toISOString(),
    auditSeq: r.audit_seq.toString(),
  };
}

export async function findStudy(db: Queryable, id: string): Promise<StudyRow | null> {
  const [row] = await db.query<DbRow & Record<string, unknown>>(
    `SELECT ${COLUMNS}, parameters, report FROM simulator_studies WHERE id = $1`,
    [id],
  );
  return row === undefined
    ? null
    : { ...summary(row), parameters: row.parameters, report: row.report };
}

export async function listStudies(db: Queryable, limit: number): Promise<StudySummary[]> {
  const rows = await db.query<DbRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM simulator_studies ORDER BY saved_at DESC, name, version DESC LIMIT $1`,
    [limit],
  );
  return rows.map(summary);
}
