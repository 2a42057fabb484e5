import { Worker } from 'node:worker_threads';
import type { Scenario } from './model.ts';
import type { PathSource } from './paths.ts';
import type { WorkerChunk, WorkerReply, WorkerSetup } from './worker.ts';

/**
 * Runs paths [0, paths) over `workers` threads. Chunks are handed out as workers free up (so a slow
 * chunk does not idle the other thread), and each result is put back at its chunk's place: the
 * concatenation is the same array whatever the worker count or the finishing order.
 */
export async function simulateInWorkers(
  scenario: Scenario,
  source: PathSource,
  seed: number,
  paths: number,
  workers: number,
  recordsPerPath: number,
  onPaths: (n: number) => void,
): Promise<Float64Array> {
  const size = Math.max(1, Math.min(500, Math.ceil(paths / (workers * 8))));
  const chunks: WorkerChunk[] = [];
  for (let from = 0, index = 0; from < paths; from += size, index++) {
    chunks.push({ kind: 'chunk', index, from, to: Math.min(paths, from + size) });
  }
  const out = new Float64Array(paths * recordsPerPath);
  const threads = Array.from({ length: Math.min(workers, chunks.length) }, () => {
    return new Worker(new URL('./worker.ts', import.meta.url));
  });
  let next = 0;
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              const chunk = chunks[next++];
              if (chunk === undefined) resolve();
              else thread.postMessage(chunk);
            };
            thread.on('message', (reply: WorkerReply) => {
              if (reply.kind === 'progress') {
                onPaths(reply.paths);
                return;
              }
              const chunk = chunks[reply.index];
              if (chunk !== undefined) out.set(reply.records, chunk.from * recordsPerPath);
              feed();
            });
            thread.on('error', reject);
            thread.on('exit', (code) => {
              if (code !== 0) reject(new Error(`simulation worker exited with code ${code}`));
            });
            thread.postMessage({ kind: 'setup', scenario, source, seed } satisfies WorkerSetup);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return out;
}
