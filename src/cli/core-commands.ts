import { existsSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import type { Config } from '../config.ts';
import { DataDirLockedError } from '../db/embedded.ts';
import { loadChainSetup } from '../chain/config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/pool.ts';
import { DEMO_LOGINS } from '../demo/logins.ts';
import type { openDatabase } from '../db/open.ts';
import { assemble, startKazna, WEB_DIR } from '../main.ts';
import { systemClock } from '../core/clock.ts';
import { cryptoRandom } from '../core/random.ts';
import { checkSameSchema, explainWrite, openForCli } from './beside.ts';
import { CliFailure, printJson, printLine } from './io.ts';
import { configOrFail, type Access, type WithKazna } from './run.ts';

export function registerCoreCommands(program: Command): void {
  program
    .command('serve')
    .description('start the server (API, web app) on the embedded or configured PostgreSQL')
    .option('--no-demo', 'do not load the demo data set into an empty database')
    .action(async (options) => {
      const config = configOrFail();
      await serve({ ...config, demo: config.demo && options.demo });
    });

  program
    .command('migrate')
    .description('apply pending database migrations; refuses if an applied file has changed')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      const config = configOrFail();
      const database = await openDatabaseOrFail(config);
      try {
        const result = await migrate(database.url);
        if (!result.ok) throw new CliFailure(result.message, 1, result.code);
        if (options.json === true) printJson(result.value);
        else
          printLine(
            `applied ${result.value.applied.length} migration(s)${listOf(result.value.applied)}`,
          );
      } finally {
        await database.stop();
      }
    });

  program
    .command('demo')
    .description('load the demo data set (the Kazakhstan reference case); loads nothing twice')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      const config = configOrFail();
      await withKazna(config, async (kazna) => {
        const { loadDemo } = await import('../demo/demo.ts');
        const report = await loadDemo(kazna, options.json === true ? () => undefined : printLine);
        if (options.json === true) printJson(report);
        else
          printLine(
            `demo: ${report.loaded.length} step(s) loaded, ${report.skipped.length} already present`,
          );
      });
    });
}

function listOf(names: readonly string[]): string {
  return names.length === 0 ? '' : `: ${names.join(', ')}`;
}

/** The database for a command that writes (migrate): refused beside a running server. */
export async function openDatabaseOrFail(config: Config): ReturnType<typeof openDatabase> {
  return openForCli(config, 'write');
}

/**
 * Opens the database, migrates, assembles Kazna without listening, runs `fn`, and shuts down.
 * `read`: beside a running server on the same data folder, uses its database read-only instead
 * (no migration, no scheduled jobs); `write` (the default) is refused there with exit 2.
 */
export const withKazna: WithKazna = async (config, fn, access: Access = 'write') => {
  const database = await openForCli(config, access);
  const beside = database.besidePid;
  // Beside a server the sessions are read-only: they collect no row evidence (they write nothing).
  const db = openDb({
    connectionString: database.url,
    ...(beside === null ? {} : { captureRows: false }),
  });
  try {
    if (beside === null) {
      const migrated = await migrate(database.url);
      if (!migrated.ok) throw new CliFailure(migrated.message, 1, migrated.code);
    } else await checkSameSchema(db, beside);
    const kazna = await assemble({
      db,
      clock: systemClock,
      random: cryptoRandom,
      dataDir: config.dataDir,
      logger: false,
      webDir: null,
      // The same log key and chain nodes as the server, so a CLI command signs and reaches what it does.
      logKeyFile: config.logKeyFile,
      chain: loadChainSetup(process.env),
      timers: beside === null,
      readOnly: beside !== null,
    });
    try {
      await fn(kazna);
    } catch (error) {
      throw explainWrite(error, config.dataDir, beside);
    } finally {
      await kazna.close();
    }
  } finally {
    await db.close();
    await database.stop();
  }
};

async function serve(config: Config): Promise<void> {
  // Signals are ours from the first moment: a Ctrl-C during start-up still stops postgres cleanly.
  const state: { signalled: string | null; wake: (() => void) | null } = {
    signalled: null,
    wake: null,
  };
  const onSignal = (signal: string): void => {
    state.signalled = signal;
    state.wake?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!existsSync(WEB_DIR)) {
    printLine('web: building the web app (first start)…');
    const { build } = await import('vite');
    await build({ root: new URL('../../web/', import.meta.url).pathname, logLevel: 'warn' });
  }
  let running: Awaited<ReturnType<typeof startKazna>>;
  try {
    running = await startKazna(config, printLine);
  } catch (error) {
    if (error instanceof DataDirLockedError)
      throw new CliFailure(error.message, 1, 'data_dir_locked');
    throw error;
  }
  if (state.signalled === null) {
    printStarted(config, running);
    await new Promise<void>((resolve) => {
      state.wake = resolve;
    });
  }
  printLine(`received ${state.signalled ?? 'a signal'}, stopping…`);
  await running.stop();
}

function printStarted(config: Config, running: Awaited<ReturnType<typeof startKazna>>): void {
  const where = running.database.embedded
    ? `embedded PostgreSQL in ${config.dataDir}`
    : 'DATABASE_URL';
  printLine(`Kazna is running at ${running.url} (${where})`);
  printLine(`API docs: ${running.url}/api/docs`);
  if (config.demo && DEMO_LOGINS.length > 0) {
    printLine('Demo logins (for the demo only):');
    for (const login of DEMO_LOGINS) {
      printLine(`  ${login.username.padEnd(16)} ${login.password.padEnd(14)} ${login.role}`);
    }
  }
}
