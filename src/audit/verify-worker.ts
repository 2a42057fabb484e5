import { parentPort } from 'node:worker_threads';
import { examineRun, type RunJob } from './verify-run.ts';

/**
 * Worker side of the streamed verification: examines each run it is sent and posts the prepared
 * run back, its leaf and node hashes transferred rather than copied.
 */
const port = parentPort;
port?.on('message', (message: { readonly id: number; readonly job: RunJob }) => {
  const run = examineRun(message.job);
  const transfer = [run.leaves.buffer, ...(run.nodes === null ? [] : [run.nodes.hashes.buffer])];
  port.postMessage({ id: message.id, run }, transfer as ArrayBuffer[]);
});
