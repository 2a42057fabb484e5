import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Runs the real `kazna` binary, the way a user or an operator would. */
export const KAZNA_BIN = join(import.meta.dirname, '..', '..', 'bin', 'kazna.js');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKazna(args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KAZNA_BIN, ...args], {
      env: { ...process.env, KAZNA_LOG: 'off', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `kazna serve` on a free port and resolves once it prints its address. */
// Generous: on a loaded machine seeding the demo alone has taken more than 90 seconds.
export function serve(env: Record<string, string>, timeoutMs = 300_000): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KAZNA_BIN, 'serve'], {
      env: {
        ...process.env,
        KAZNA_LOG: 'off',
        PORT: '0',
        KAZNA_CHECKPOINT_INTERVAL_SECONDS: '0',
        ...env,
      },
    });
    let output = '';
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kazna serve did not start in time:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      output += d.toString();
      const match = /Kazna is running at (\S+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        output: () => output,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kazna serve exited with ${String(code)}:\n${output}`));
    });
  });
}
