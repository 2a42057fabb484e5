import type { Config } from '../config.ts';
import { startEmbedded } from './embedded.ts';

export interface DatabaseHandle {
  readonly url: string;
  /** True when this start created a brand-new embedded cluster (ran initdb). */
  readonly initialised: boolean;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/** External PostgreSQL when DATABASE_URL is set; otherwise the embedded one under the data folder. */
export async function openDatabase(
  config: Config,
  log?: (line: string) => void,
): Promise<DatabaseHandle> {
  if (config.databaseUrl !== null) {
    return {
      url: config.databaseUrl,
      initialised: false,
      embedded: false,
      stop: () => Promise.resolve(),
    };
  }
  const embedded = await startEmbedded({
    dataDir: config.dataDir,
    pgHome: config.pgHome,
    ...(log === undefined ? {} : { log }),
  });
  return { ...embedded, embedded: true, stop: () => embedded.stop() };
}
