import { err, ok, type Result } from '../core/result.ts';
import type { IdSource } from '../core/ids.ts';

/**
 * Runs in the background for the web app, which polls their progress: a long run must show how
 * far it is. Jobs live in this process's memory only: a run writes nothing (saving a study is the
 * durable path), so a restart loses only progress that can be recomputed from the same inputs. At
 * most `RUNNING_MAX` run at once (the machine's cores are the limit), and the latest `KEPT_MAX`
 * finished jobs are kept for their owners to fetch.
 */
export const RUNNING_MAX = 2;
const KEPT_MAX = 50;

export type JobStatus = 'running' | 'done' | 'failed';

export interface JobView<T> {
  readonly id: string;
  readonly status: JobStatus;
  readonly pathsDone: number;
  readonly pathsTotal: number;
  readonly result: T | null;
  readonly problem: { readonly code: string; readonly message: string } | null;
}

interface Job<T> {
  id: string;
  owner: string;
  status: JobStatus;
  pathsDone: number;
  pathsTotal: number;
  result: T | null;
  problem: { code: string; message: string } | null;
}

export function jobRunner<T>(ids: IdSource) {
  const jobs = new Map<string, Job<T>>();

  function evict(): void {
    const finished = [...jobs.values()].filter((j) => j.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEPT_MAX))) jobs.delete(j.id);
  }

  /** Errors: simulator_busy (retry once a running job finishes). */
  function start(
    owner: string,
    pathsTotal: number,
    work: (onPaths: (n: number) => void) => Promise<Result<T, string>>,
  ): Result<{ readonly id: string }, 'simulator_busy'> {
    const running = [...jobs.values()].filter((j) => j.status === 'running').length;
    if (running >= RUNNING_MAX) {
      return err('simulator_busy', `${running} runs are in progress; try again when one finishes`);
    }
    const job: Job<T> = {
      id: ids.next<'simulation_job'>(),
      owner,
      status: 'running',
      pathsDone: 0,
      pathsTotal,
      result: null,
      problem: null,
    };
    jobs.set(job.id, job);
    const settle = (r: Result<T, string>): void => {
      if (r.ok) {
        job.result = r.value;
        job.status = 'done';
        job.pathsDone = pathsTotal;
      } else {
        job.problem = { code: r.code, message: r.message };
        job.status = 'failed';
      }
      evict();
    };
    work((n) => {
      job.pathsDone += n;
    }).then(settle, (e: unknown) => {
      // An infrastructure failure (a worker crashed): the job fails, the server goes on.
      settle(err('run_failed', String(e)));
    });
    return ok({ id: job.id });
  }

  /** A job as its owner sees it; another caller gets null, as for an unknown id. */
  function view(owner: string, id: string): JobView<T> | null {
    const j = jobs.get(id);
    if (j?.owner !== owner) return null;
    const { status, pathsDone, pathsTotal, result, problem } = j;
    return { id, status, pathsDone, pathsTotal, result, problem };
  }

  return { start, view };
}
