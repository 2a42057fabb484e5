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
  /** Settles once every worker runs. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./verify-worker.ts', import.meta.url);

/** One per core, less the one that reads the stream; at least one. */
export function defaultExaminers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function runExaminers(count: number): RunExaminers {
  const inline = (job: RunJob): Promise<PreparedRun> => Promise.resolve(examineRun(job));
  if (count <= 0)
    return { examine: inline, ready: Promise.resolve(), close: () => Promise.resolve() };
  const workers = Array.from({ length: count }, () => ({
    worker: new Worker(WORKER_URL),
    ready: false,
    queued: 0,
  }));
  const waiting = new Map<
    number,
    { resolve: (r: PreparedRun) => void; reject: (e: unknown) => void }
  >();
  const failed = (error: unknown): void => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const online: Promise<void>[] = [];
  for (const w of workers) {
    online.push(
      new Promise((resolve) =>
        w.worker.once('online', () => {
          w.ready = true;
          resolve();
        }),
      ),
    );
    w.worker.on('message', (m: { id: number; run: PreparedRun }) => {
      w.queued--;
      const pending = waiting.get(m.id);
      waiting.delete(m.id);
      pending?.resolve(m.run);
    });
    w.worker.on('error', failed);
  }
  let next = 0;
  return {
    ready: Promise.all(online).then(() => undefined),
    examine: (job) => {
      // A worker still starting, or every worker two runs behind: this thread takes the run, so
      // neither a slow start nor a busy machine leaves the stream waiting.
      const free = workers.filter((w) => w.ready && w.queued < 2);
      const w = free.sort((a, b) => a.queued - b.queued)[0];
      if (w === undefined) return inline(job);
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        w.queued++;
        w.worker.postMessage({ id, job }, [job.bytes.buffer as ArrayBuffer]);
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
