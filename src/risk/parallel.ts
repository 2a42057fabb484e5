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

/**
 * Worker threads outlive a run: starting one (a fresh V8 isolate that loads this module graph)
 * costs about as much as simulating a hundred thousand paths, so a run that started its own would
 * spend most of its second core on start-up. Idle workers do not keep the process alive.
 */
interface Pooled {
  readonly worker: Worker;
  busy: boolean;
}
const POOL: Pooled[] = [];
let nextJob = 0;

/** Starts workers up to `count` ahead of the first run (a server at boot, a benchmark). */
export async function prestartWorkers(count: number): Promise<void> {
  const started: Promise<unknown>[] = [];
  while (POOL.length < count) {
    const p = spawn();
    // Held while it starts, so a process with nothing else to do waits for it.
    p.worker.ref();
    started.push(
      new Promise((resolve) =>
        p.worker.once('online', () => {
          p.worker.unref();
          resolve(undefined);
        }),
      ),
    );
  }
  await Promise.all(started);
}

function spawn(): Pooled {
  const p: Pooled = { worker: new Worker(WORKER_URL), busy: false };
  p.worker.unref();
  p.worker.on('exit', () => {
    const at = POOL.indexOf(p);
    if (at >= 0) POOL.splice(at, 1);
  });
  POOL.push(p);
  return p;
}

function acquire(): Pooled {
  const idle = POOL.find((p) => !p.busy) ?? spawn();
  idle.busy = true;
  // A busy worker keeps the process alive until its run is done; an idle one does not.
  idle.worker.ref();
  return idle;
}

function runWorker(
  spec: MonteCarloSpec,
  from: number,
  to: number,
  onBlock: () => void,
): Promise<Float64Array> {
  const p = acquire();
  const id = nextJob++;
  return new Promise((resolve, reject) => {
    type Message = { id: number; kind: 'block' } | { id: number; kind: 'done'; pnl: Float64Array };
    const onMessage = (message: Message): void => {
      if (message.id !== id) return;
      if (message.kind === 'block') {
        onBlock();
        return;
      }
      settle();
      p.busy = false;
      p.worker.unref();
      resolve(message.pnl);
    };
    const onError = (error: Error): void => {
      settle();
      reject(error);
    };
    const onExit = (code: number): void => {
      settle();
      reject(new Error(`Monte Carlo worker stopped with code ${String(code)} before finishing`));
    };
    const settle = (): void => {
      p.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    p.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    p.worker.postMessage({ id, spec, from, to });
  });
}
