import { useEffect, useState } from 'react';
import { api, type Problem } from './api.ts';

/**
 * Fetches `path` (null: nothing yet) and re-fetches when it changes; a reply that arrives after the
 * path changed is dropped, so a page never shows data for the wrong selection.
 */
// The caller names the reply's shape.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function useApi<T>(path: string | null): {
  data: T | null;
  problem: Problem | null;
  /** Fetches the same path again (after the page changed something). */
  reload: () => void;
} {
  const [state, setState] = useState<{ data: T | null; problem: Problem | null }>({
    data: null,
    problem: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    void api<T>(path).then((r) => {
      if (!live) return;
      setState(r.ok ? { data: r.value, problem: null } : { data: null, problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, [path, version]);
  return {
    ...state,
    reload: () => {
      setVersion((v) => v + 1);
    },
  };
}
