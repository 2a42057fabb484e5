import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, parseAnswer, type Problem } from './api.ts';

export interface Fetched<T> {
  data: T | null;
  problem: Problem | null;
  /** Fetches the same path again (after the page changed something). */
  reload: () => void;
}

/**
 * Fetches `path` (null: nothing yet) and re-fetches when it changes; a reply that arrives after the
 * path changed is dropped, so a page never shows data for the wrong selection. The body is parsed
 * with the route's answer schema (the server's own), and its type is the schema's: a page never
 * reads a shape it only assumed.
 */
export function useApi<S extends z.ZodType>(path: string | null, answer: S): Fetched<z.output<S>> {
  const [state, setState] = useState<{ data: z.output<S> | null; problem: Problem | null }>({
    data: null,
    problem: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    void api<unknown>(path).then((fetched) => {
      if (!live) return;
      const r = fetched.ok ? parseAnswer(answer, fetched.value, path) : fetched;
      setState(r.ok ? { data: r.value, problem: null } : { data: null, problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, [path, version, answer]);
  return {
    ...state,
    reload: () => {
      setVersion((v) => v + 1);
    },
  };
}
