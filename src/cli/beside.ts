import type { Config } from '../config.ts';
import { DataDirLockedError, runningInstance } from '../db/embedded.ts';
import { readMigrations } from '../db/migrate.ts';
import type { Queryable } from '../db/pool.ts';
import { isReadOnlyViolation, readOnlyUrl } from '../db/readonly.ts';
import { openDatabase, type DatabaseHandle } from '../db/open.ts';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from './io.ts';
import type { Access } from './run.ts';

/**
 * Commands beside a running server. One Kazna process owns an embedded data folder (its lock), so
 * a command that only reads connects to that process's database, read-only, instead of starting
 * its own; a command that writes is refused with exit 2 and says how to run it. With DATABASE_URL
 * there is no lock: every process connects to the same server, which keeps them consistent.
 */
export interface CliDatabase extends DatabaseHandle {
  /** The pid of the running Kazna whose database this is, read-only; null when it is our own. */
  readonly besidePid: number | null;
}

export async function openForCli(config: Config, access: Access): Promise<CliDatabase> {
  try {
    return { ...(await openDatabase(config)), besidePid: null };
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    if (access === 'write') throw writeRefused(error.dataDir, error.pid);
    const running = await runningInstance(config.dataDir);
    if (running?.url == null) {
      throw new CliFailure(
        `the Kazna process (pid ${error.pid}) using ${error.dataDir} is still starting; try again in a moment`,
        EXIT_FAILURE,
        'data_dir_locked',
      );
    }
    return {
      url: readOnlyUrl(running.url),
      initialised: false,
      embedded: true,
      besidePid: running.pid,
      stop: () => Promise.resolve(),
    };
  }
}

function writeRefused(dataDir: string, pid: number): CliFailure {
  return new CliFailure(
    `this command changes data, and a running Kazna (pid ${pid}) owns the data folder ${dataDir}; ` +
      'make the change through that server (its web app or API), or stop it, run the command, ' +
      'and start it again (commands that only read, such as audit verify, run beside it)',
    EXIT_USAGE,
    'data_dir_in_use',
  );
}

/** Beside a server, this checkout's schema must be the one the server migrated to. */
export async function checkSameSchema(db: Queryable, pid: number): Promise<void> {
  const applied = new Set(
    (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const pending = (await readMigrations()).filter((f) => !applied.has(f.name));
  if (pending.length === 0) return;
  throw new CliFailure(
    `the running Kazna (pid ${pid}) has not applied ${pending.map((f) => f.name).join(', ')}; ` +
      'restart it with this version first',
    EXIT_FAILURE,
    'schema_behind',
  );
}

/** A read-only command that turned out to write gets the same advice as a writing command. */
export function explainWrite(error: unknown, dataDir: string, pid: number | null): unknown {
  return pid !== null && isReadOnlyViolation(error) ? writeRefused(dataDir, pid) : error;
}
