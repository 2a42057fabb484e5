import type { IncomingMessage } from 'node:http';

/**
 * Reading the rest of a refused request's body before answering. Fastify refuses an oversized body
 * as soon as it knows (from Content-Length, or once the limit is passed) and closes the connection
 * after its answer; a client still writing then meets a closed socket and sees a reset or a broken
 * pipe instead of the 413. Discarding the remaining bytes first lets every client read its problem,
 * and leaves the connection clean enough to keep.
 *
 * Draining is bounded: a body that claims or sends more than `maxBytes`, or takes longer than
 * `maxMs`, is not worth the bandwidth, and that client gets the old behaviour (answer, then close).
 */
export interface DrainLimits {
  readonly maxBytes: number;
  readonly maxMs: number;
}

export const DEFAULT_DRAIN: DrainLimits = { maxBytes: 32 * 1024 * 1024, maxMs: 10_000 };

/** Part of the body is still unread (`complete` alone is not enough: injected requests never set it). */
export function bodyPending(request: IncomingMessage): boolean {
  return !request.complete && !request.readableEnded;
}

/** Resolves true once the whole body has been read and discarded; false if it gave up. */
export function drainBody(request: IncomingMessage, limits: DrainLimits): Promise<boolean> {
  if (!bodyPending(request)) return Promise.resolve(true);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (drained: boolean): void => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      request.off('error', onClose);
      resolve(drained);
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limits.maxBytes) finish(false);
    };
    const onEnd = (): void => {
      finish(true);
    };
    const onClose = (): void => {
      finish(request.complete);
    };
    const timer = setTimeout(() => {
      finish(false);
    }, limits.maxMs);
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
    request.once('error', onClose);
    request.resume();
  });
}
