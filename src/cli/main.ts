import { CommanderError } from '@commander-js/extra-typings';
import { buildProgram } from './program.ts';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printError } from './io.ts';

/** The `kazna` binary. Commander errors become exit code 2; a failed command exits 1 with a message. */
const program = buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
      return EXIT_OK;
    if (error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof CliFailure) {
    printError(`kazna: ${error.message}`);
    return error.exitCode;
  }
  printError(`kazna: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILURE;
}
