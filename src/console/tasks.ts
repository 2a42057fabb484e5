import type { Actor } from '../core/identity.ts';
import type { Quorum, Vote } from '../governance/model.ts';

/**
 * What is waiting for one official: the pure rules that pick, from each domain's lists, the items
 * this person is the one to act on. The route gathers the lists (only those the person may read)
 * and this file decides; so the home page and the navigation's counts say the same thing.
 */
export interface PendingRequest {
  readonly id: string;
  readonly kind: string;
  readonly initiatorId: string;
  readonly quorum: Quorum;
  readonly votes: readonly Vote[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/**
 * A request waits for my vote while it is open, someone else asked for it, I have not voted, and a
 * group of the quorum that one of my roles can fill still lacks approvals.
 */
export function awaitingVote(actor: Actor, r: PendingRequest, now: Date): boolean {
  if (r.expiresAt.getTime() <= now.getTime()) return false;
  if (r.initiatorId === actor.id) return false;
  if (r.votes.some((v) => v.userId === actor.id)) return false;
  return r.quorum.groups.some((g) => {
    const have = r.votes.filter((v) => v.decision === 'approve' && v.role === g.role).length;
    return actor.roles.includes(g.role) && have < g.count;
  });
}

export interface PendingHandoff {
  readonly id: string;
  readonly state: 'pending' | 'completed' | 'cancelled';
  readonly releasingOfficerId: string;
  readonly receivingOfficerId: string;
  readonly signed: { readonly releasing: boolean; readonly receiving: boolean };
}

/** A proposed hand-off waits for each of the two officers it names until that officer signs. */
export function awaitingSignature(actor: Pick<Actor, 'id'>, h: PendingHandoff): boolean {
  if (h.state !== 'pending') return false;
  return (
    (h.releasingOfficerId === actor.id && !h.signed.releasing) ||
    (h.receivingOfficerId === actor.id && !h.signed.receiving)
  );
}

/** `2026-11` for any day in December 2026: the latest month that has ended. */
export function lastEndedMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${String(d.getUTCFullYear())}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The latest ended quarter, `2026-Q3` for any day from October to December 2026. */
export function lastEndedQuarter(now: Date): string {
  const q = Math.floor(now.getUTCMonth() / 3);
  const year = q === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  return `${String(year)}-Q${String(q === 0 ? 4 : q)}`;
}

/** The periods that have ended and have no published report yet. */
export function reportsDue(published: readonly string[], now: Date): string[] {
  return [lastEndedMonth(now), lastEndedQuarter(now)].filter((p) => !published.includes(p));
}
