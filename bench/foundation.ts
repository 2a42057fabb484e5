import type { Bench } from './harness.ts';

/** Filled in with the start-to-ready time and /readyz throughput against a bare Fastify route. */
export const foundationBench: Bench = (ctx) => {
  ctx.progress('foundation benchmarks are not written yet');
  return Promise.resolve();
};
