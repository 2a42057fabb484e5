import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Action } from '../../../src/core/identity.ts';
import type { z } from 'zod';
import { DirectoryJson, MyTasksJson } from '../../../src/console/answers.ts';
import { fetchAnswer } from '../api.ts';
import { logOut, whoAmI, type Me } from '../pages/LoginSession.ts';

/**
 * The logged-in official as every part of the console sees them: their permissions (which pages
 * the navigation offers), their name and organisation (the header), what waits for them (the home
 * page and the navigation's counts), and the names behind the ids other answers carry.
 */
export type Person = Tasks['person'];
export type Organisation = Directory['organisations'][number];

export type Tasks = z.output<typeof MyTasksJson>;

export type TaskList = Exclude<keyof Tasks, 'person'>;

export type Directory = z.output<typeof DirectoryJson>;

export interface Session {
  /** null: nobody is logged in; undefined: not known yet. */
  readonly me: Me | null | undefined;
  readonly tasks: Tasks | null;
  readonly directory: Directory | null;
  readonly can: (action: Action) => boolean;
  /** Reads who is logged in and what waits for them again (after a login or a vote). */
  readonly refresh: () => void;
  readonly logout: () => Promise<void>;
}

const SessionContext = createContext<Session>({
  me: undefined,
  tasks: null,
  directory: null,
  can: () => false,
  refresh: () => undefined,
  logout: () => Promise.resolve(),
});

export function useSession(): Session {
  return useContext(SessionContext);
}

export function SessionProvider({ children, path }: { children: ReactNode; path: string }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [tasks, setTasks] = useState<Tasks | null>(null);
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // An answer that arrives after the next read started is dropped.
    let live = true;
    const stale = (): boolean => !live;
    void whoAmI().then(async (r) => {
      if (stale()) return;
      setMe(r.ok ? r.value : null);
      if (!r.ok) return;
      const [t, d] = await Promise.all([
        fetchAnswer('/me/tasks', MyTasksJson),
        fetchAnswer('/directory', DirectoryJson),
      ]);
      if (stale()) return;
      setTasks(t.ok ? t.value : null);
      setDirectory(d.ok ? d.value : null);
    });
    return () => {
      live = false;
    };
    // A new page is a moment to recount what waits: a vote or a signature may have just been made.
  }, [version, path]);
  const refresh = useCallback(() => {
    setVersion((v) => v + 1);
  }, []);
  const value = useMemo<Session>(
    () => ({
      me,
      tasks,
      directory,
      can: (action) => me?.permissions.includes(action) === true,
      refresh,
      logout: async () => {
        await logOut();
        setMe(null);
        setTasks(null);
      },
    }),
    [me, tasks, directory, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The number of items waiting in each list, and in all of them together. */
export function taskCount(tasks: Tasks | null, list?: TaskList): number {
  if (tasks === null) return 0;
  const lists: readonly TaskList[] =
    list === undefined
      ? ['approvals', 'handoffs', 'riskAlerts', 'complianceAlerts', 'claims', 'reports']
      : [list];
  return lists.reduce((n, l) => n + tasks[l].length, 0);
}
