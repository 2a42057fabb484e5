import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PreparedRun } from '../../verifier/src/checker.ts';
import { examineRun, type RunJob } from './verify-run.ts';

/**
 * Worker threads that examine runs of the log (`examineRun`) while the main thread reads the next
 * ones. With no workers the runs are examined on this thread, in the same code.
 */
export interface RunExaminers {
  examine(job: RunJob): Promise<PreparedRun>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./verify-worker.ts', import.meta.url);

/** One per core, less the one that reads the stream; at least one. */
export function defaultExaminers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function runExaminers(count: number): RunExaminers {
  if (count <= 0)
    return { examine: (job) => Promise.resolve(examineRun(job)), close: () => Promise.resolve() };
  const workers = Array.from({ length: count }, () => new Worker(WORKER_URL));
  const waiting = new Map<
    number,
    { resolve: (r: PreparedRun) => void; reject: (e: unknown) => void }
  >();
  const failed = (error: unknown): void => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (const w of workers) {
    w.on('message', (m: { id: number; run: PreparedRun }) => {
      const pending = waiting.get(m.id);
      waiting.delete(m.id);
      pending?.resolve(m.run);
    });
    w.on('error', failed);
  }
  let next = 0;
  return {
    examine: (job) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        workers[id % workers.length]?.postMessage({ id, job }, [job.bytes.buffer as ArrayBuffer]);
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
