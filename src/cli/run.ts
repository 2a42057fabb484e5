import { loadConfig, type Config } from '../config.ts';
import type { Kazna } from '../kazna.ts';
import { CliFailure, EXIT_USAGE } from './io.ts';

/**
 * What a domain's commands are given to run: the configuration, and a way to run a function on the
 * assembled app. src/cli/program.ts hands each domain's `registerXCommands` the one `withKazna` of
 * src/cli/core-commands.ts, so a domain's commands never import the composition root.
 */
export type Access = 'read' | 'write';

/**
 * Opens the database, assembles Kazna without listening, runs `fn`, and shuts down. `read` also
 * runs beside a server on the same data folder (on its database, read-only); `write`, the default,
 * is refused there.
 */
export type WithKazna = (
  config: Config,
  fn: (kazna: Kazna) => Promise<void>,
  access?: Access,
) => Promise<void>;

export function configOrFail(): Config {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new CliFailure(loaded.message, EXIT_USAGE, 'invalid_configuration');
  return loaded.config;
}
