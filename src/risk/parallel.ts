import { Worker } from 'node:worker_threads';
import { assert } from '../core/assert.ts';
import {
  BLOCK_PATHS,
  blockCount,
  checkSpec,
  simulatePnl,
  type MonteCarloSpec,
} from './montecarlo.ts';

/**
 * Runs a Monte Carlo spec on `workers` threads (0 = on this thread). Blocks are split into contiguous
 * ranges, one per worker, so the result is the same array, bit for bit, for any worker count.
 */
export interface RunOptions {
  readonly workers?: number;
  /** Called after each finished block with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

const WORKER_URL = new URL('./mc-worker.ts', import.meta.url);

export async function runMonteCarlo(
  spec: MonteCarloSpec,
  options: RunOptions = {},
): Promise<Float64Array> {
  checkSpec(spec);
  const total = blockCount(spec.paths);
  const workers = Math.min(options.workers ?? 0, total);
  let done = 0;
  const tick = (): void => {
    done++;
    options.onProgress?.(done, total);
  };
  if (workers <= 0) return simulatePnl(spec, tick);
  const out = new Float64Array(spec.paths);
  const ranges = splitBlocks(total, workers);
  await Promise.all(
    ranges.map(async ([from, to]) => {
      const part = await runWorker(spec, from, to, tick);
      out.set(part, from * BLOCK_PATHS);
    }),
  );
  return out;
}

/** Contiguous block ranges, as even as possible. */
export function splitBlocks(total: number, workers: number): (readonly [number, number])[] {
  assert(workers >= 1, 'at least one worker');
  const ranges: (readonly [number, number])[] = [];
  let from = 0;
  for (let w = 0; w < workers; w++) {
    const size = Math.floor(total / workers) + (w < total % workers ? 1 : 0);
    if (size > 0) ranges.push([from, from + size]);
    from += size;
  }
  return ranges;
}

function runWorker(
  spec: MonteCarloSpec,
  from: number,
  to: number,
  onBlock: () => void,
): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { spec, from, to } });
    let result: Float64Array | null = null;
    worker.on('message', (message: { kind: 'block' } | { kind: 'done'; pnl: Float64Array }) => {
      if (message.kind === 'block') onBlock();
      else result = message.pnl;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (result !== null) resolve(result);
      else reject(new Error(`Monte Carlo worker stopped with code ${code} before finishing`));
    });
  });
}
