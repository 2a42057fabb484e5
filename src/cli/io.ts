import { bigintReplacer } from '../http/problem.ts';

/** Exit codes: 0 success, 1 failure, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliFailure extends Error {
  override name = 'CliFailure';
  readonly exitCode: number;
  readonly code: string | undefined;
  constructor(message: string, exitCode: number = EXIT_FAILURE, code?: string) {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, bigintReplacer, 2)}\n`);
}

export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}
