import { parentPort } from 'node:worker_threads';
import { assert } from '../core/assert.ts';
import { simulatePaths } from './engine.ts';
import type { Scenario } from './model.ts';
import type { PathSource } from './paths.ts';

/**
 * A simulation worker: it receives the validated scenario and the price source once, then chunks
 * of path indices, and answers each chunk with its records (transferred, not copied).
 */
export interface WorkerSetup {
  readonly kind: 'setup';
  readonly scenario: Scenario;
  readonly source: PathSource;
  readonly seed: number;
}
export interface WorkerChunk {
  readonly kind: 'chunk';
  readonly index: number;
  readonly from: number;
  readonly to: number;
}
export type WorkerReply =
  | { readonly kind: 'progress'; readonly paths: number }
  | { readonly kind: 'done'; readonly index: number; readonly records: Float64Array };

const port = parentPort;
assert(port !== null, 'the simulation worker must run in a worker thread');
let setup: WorkerSetup | null = null;
port.on('message', (message: WorkerSetup | WorkerChunk) => {
  if (message.kind === 'setup') {
    setup = message;
    return;
  }
  assert(setup !== null, 'chunk before setup');
  let pending = 0;
  const records = simulatePaths(
    setup.scenario,
    setup.source,
    setup.seed,
    message.from,
    message.to,
    () => {
      if (++pending === 10) {
        port.postMessage({ kind: 'progress', paths: pending } satisfies WorkerReply);
        pending = 0;
      }
    },
  );
  if (pending > 0) port.postMessage({ kind: 'progress', paths: pending } satisfies WorkerReply);
  port.postMessage({ kind: 'done', index: message.index, records } satisfies WorkerReply, [
    records.buffer as ArrayBuffer,
  ]);
});
