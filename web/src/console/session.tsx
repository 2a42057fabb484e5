import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Action } from '../../../src/core/identity.ts';
import { api } from '../api.ts';
import { logOut, whoAmI, type Me } from '../pages/LoginSession.ts';

/**
 * The logged-in official as every part of the console sees them: their permissions (which pages
 * the navigation offers), their name and organisation (the header), what waits for them (the home
 * page and the navigation's counts), and the names behind the ids other answers carry.
 */
export interface Organisation {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

export interface Person {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly organisation: Organisation | null;
}

export interface Tasks {
  readonly person: Person;
  readonly approvals: readonly { id: string; kind: string; createdAt: string; expiresAt: string }[];
  readonly handoffs: readonly {
    id: string;
    lotCount: number;
    fromOrganisationId: string;
    toOrganisationId: string;
    at: string;
  }[];
  readonly riskAlerts: readonly { id: string; kind: string; subject: string; day: string }[];
  readonly complianceAlerts: readonly { id: string; address: string; raisedAt: string }[];
  readonly claims: readonly { id: string; claimantRef: string; caseId: string }[];
  readonly reports: readonly { period: string }[];
}

export type TaskList = Exclude<keyof Tasks, 'person'>;

export interface Directory {
  readonly people: readonly { id: string; displayName: string; organisationId: string | null }[];
  readonly organisations: readonly Organisation[];
}

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
      const [t, d] = await Promise.all([api<Tasks>('/me/tasks'), api<Directory>('/directory')]);
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
