import { parentPort, workerData } from 'node:worker_threads';
import { BLOCK_PATHS, simulateBlocks, type MonteCarloSpec } from './montecarlo.ts';

/**
 * Worker side of `runMonteCarlo`: simulates blocks [from, to) and posts the P&L back as a
 * transferred buffer, with a progress message after each block.
 */
interface Job {
  readonly spec: MonteCarloSpec;
  readonly from: number;
  readonly to: number;
}

const job = workerData as Job;
const port = parentPort;
if (port !== null) {
  const firstPath = job.from * BLOCK_PATHS;
  const lastPath = Math.min(job.spec.paths, job.to * BLOCK_PATHS);
  const out = new Float64Array(Math.max(0, lastPath - firstPath));
  simulateBlocks(job.spec, job.from, job.to, out, firstPath, () => {
    port.postMessage({ kind: 'block' });
  });
  port.postMessage({ kind: 'done', pnl: out }, [out.buffer]);
}
