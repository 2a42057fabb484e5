import { parentPort } from 'node:worker_threads';
import { BLOCK_PATHS, simulateBlocks, type MonteCarloSpec } from './montecarlo.ts';

/**
 * Worker side of `runMonteCarlo`: a long-lived thread that simulates each job's blocks [from, to)
 * and posts the P&L back as a transferred buffer, with a progress message after each block.
 */
interface Job {
  readonly id: number;
  readonly spec: MonteCarloSpec;
  readonly from: number;
  readonly to: number;
}

const port = parentPort;
port?.on('message', (job: Job) => {
  const firstPath = job.from * BLOCK_PATHS;
  const lastPath = Math.min(job.spec.paths, job.to * BLOCK_PATHS);
  const out = new Float64Array(Math.max(0, lastPath - firstPath));
  simulateBlocks(job.spec, job.from, job.to, out, firstPath, () => {
    port.postMessage({ id: job.id, kind: 'block' });
  });
  port.postMessage({ id: job.id, kind: 'done', pnl: out }, [out.buffer]);
});
