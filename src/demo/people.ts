import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '../core/hash.ts';
import { SYSTEM, type Actor } from '../core/identity.ts';
import type { Result } from '../core/result.ts';
import { approvalMessage } from '../governance/model.ts';
import type { Kazna } from '../kazna.ts';

/**
 * The demo's officials, and how their approvals are made: the committee members and the risk
 * officer sign with keys derived from their usernames (demo only, never a way to make real keys),
 * registered the first time they are needed. Every movement of money the demo makes is an approval
 * request they vote on, as a real deployment's would be.
 */
export interface DemoPeople {
  readonly officer: Actor;
  readonly registrar: Actor;
  readonly custody: Actor;
  readonly investment: Actor;
  /** In the order they vote: the committee members, then the risk officer. */
  readonly approvers: readonly { readonly actor: Actor; readonly secret: Uint8Array }[];
}

function must<T>(r: Result<T, string>, what: string): T {
  if (!r.ok) throw new Error(`demo: ${what}: ${r.code}: ${r.message}`);
  return r.value;
}

export async function demoPeople(k: Kazna): Promise<DemoPeople> {
  const gov = k.services.governance;
  const users = await gov.users();
  const find = async (username: string) => {
    const u = users.find((x) => x.username === username);
    if (u === undefined) throw new Error(`demo: no demo user ${username}`);
    const secret = sha256(new TextEncoder().encode(`kazna demo signing key of ${username}`));
    const publicKeyHex = Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
    const registered = await gov.signingKeys(u.id);
    if (!registered.some((r) => r.publicKeyHex === publicKeyHex)) {
      must(await gov.registerKey(SYSTEM, { userId: u.id, publicKeyHex, password: null }), 'key');
    }
    const actor: Actor = {
      kind: 'user',
      id: u.id,
      roles: u.roles,
      organisationId: u.organisationId,
    };
    return { actor, secret };
  };
  return {
    officer: (await find('officer')).actor,
    registrar: (await find('registrar')).actor,
    custody: (await find('custody')).actor,
    investment: (await find('investment')).actor,
    approvers: [await find('committee'), await find('committee2'), await find('risk')],
  };
}

/**
 * Votes with the approvers, in order, until the request is approved, then executes it as the
 * investment officer (or `executor`). A vote the quorum does not need is not cast.
 */
export async function approveAndExecute(
  k: Kazna,
  p: DemoPeople,
  requestId: string,
  executor: Actor = p.investment,
): Promise<void> {
  const gov = k.services.governance;
  for (const a of p.approvers) {
    const view = await gov.get(requestId);
    if (view === null) throw new Error(`demo: no request ${requestId}`);
    if (view.request.status !== 'pending') break;
    const needed = view.tally.groups.some(
      (g) => g.have < g.count && a.actor.roles.includes(g.role),
    );
    if (!needed) continue;
    const signatureHex = Buffer.from(
      ed25519.sign(approvalMessage(view.request.requestHash, 'approve'), a.secret),
    ).toString('hex');
    must(await gov.vote(a.actor, requestId, { decision: 'approve', signatureHex }), 'vote');
  }
  must(await gov.execute(executor, requestId), 'execute');
}

/** The demo's court (the organisation of kind `court`), before which every demo case is brought. */
export async function demoCourt(k: Kazna): Promise<string> {
  const court = (await k.services.governance.organisations()).find((o) => o.kind === 'court');
  if (court === undefined) throw new Error('the demo has no court organisation');
  return court.id;
}
