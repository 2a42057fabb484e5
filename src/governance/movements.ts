import type { Clock } from '../core/clock.ts';
import { isRole, type Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { Movement, MovementRefusal } from '../ledger/model.ts';
import type { MovementGate } from '../ledger/service.ts';
import { coveringRequest } from './approvals.ts';
import { gatherFacts, type PriceLookup, type SanctionsScreen } from './facts.ts';
import { evaluate, type Policy, type PolicyDecision } from './policy.ts';
import * as store from './store.ts';

/**
 * The transaction policy in front of the ledger (Fireblocks' TAP and BitGo's policies are the
 * models): before any value moves, from any route, command or service, the policy decides.
 *
 * - Inside the execution of an approved request, the movement is the request's: the quorum that
 *   approved it cleared it (`approval:<request id>`). The same holds in a transaction a command
 *   declared to act under an approved request (`coverWith`).
 * - Otherwise the active policy is evaluated on the movement's facts (kind, initiator and roles,
 *   asset, amount and value in the reporting currency, the owners of both accounts, velocity over
 *   the rule's window). `allow` records the clearance with its rule (`policy:<version>/<rule id>`);
 *   a quorum refuses with `approval_required` (make an approval request instead); `block` refuses
 *   with `policy_denied`. Default deny: a movement no rule matches is refused.
 */
export interface MovementGateDeps {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly prices: PriceLookup;
  readonly screen: SanctionsScreen;
}

export function movementGate(deps: MovementGateDeps): MovementGate {
  return async (tx, movements) => {
    const covering = coveringRequest(tx);
    if (covering !== null) return ok(movements.map(() => `approval:${covering.id}`));
    const policy = await store.activePolicy(tx);
    const actor = await initiator(tx, movements[0]?.actorId ?? 'system');
    const refs: string[] = [];
    for (const m of movements) {
      const decided = await decide(deps, tx, policy, actor, m);
      if (!decided.ok) return decided;
      refs.push(decided.value);
    }
    return ok(refs);
  };
}

/** What the policy decides about one movement, as `evaluate` sees it (for dry runs too). */
export async function movementDecision(
  deps: Pick<MovementGateDeps, 'clock' | 'prices' | 'screen'>,
  tx: Tx,
  policy: Policy,
  actor: Actor,
  m: Movement,
): Promise<{ decision: PolicyDecision; valueUnits: bigint | null }> {
  const facts = await gatherFacts(
    tx,
    {
      policy,
      kind: m.kind,
      described: {
        asset: m.asset,
        amount: formatAmount(m.amount, m.asset),
        sourceAccount: m.from.owner,
        fromOwner: m.from.owner,
        toOwner: m.to.owner,
      },
      actor,
      at: deps.clock.now(),
      prices: deps.prices,
    },
    deps.screen,
  );
  const decision = evaluate(policy, facts);
  return { decision, valueUnits: facts.valueUnits };
}

async function decide(
  deps: MovementGateDeps,
  tx: Tx,
  policy: Policy,
  actor: Actor,
  m: Movement,
): Promise<Result<string, MovementRefusal>> {
  if (m.approval !== undefined) return coveredBy(tx, m.approval);
  const { decision, valueUnits } = await movementDecision(deps, tx, policy, actor, m);
  const o = decision.outcome;
  const where = {
    kind: m.kind,
    asset: m.asset,
    amount: formatAmount(m.amount, m.asset),
    from: m.from.owner,
    to: m.to.owner,
    policyVersion: policy.version,
    ruleId: decision.ruleId,
  };
  if (o.kind === 'block') return err('policy_denied', o.reason, where);
  if (o.kind === 'quorum') {
    return err(
      'approval_required',
      `the transaction policy requires approval for this movement (${decision.reason}): submit it as an approval request`,
      { ...where, quorum: o.quorum as unknown as Record<string, never> },
    );
  }
  // An allow always names its rule: the hard guards never allow.
  const ruleId = decision.ruleId ?? 'unknown';
  await store.insertClearance(tx, {
    id: deps.ids.next<'Clearance'>(),
    kind: m.kind,
    initiatorId: actor.id,
    asset: m.asset,
    amount: m.amount,
    valueReporting: valueUnits,
    fromOwner: m.from.owner,
    toOwner: m.to.owner,
    policyVersion: policy.version,
    ruleId,
    at: deps.clock.now(),
  });
  return ok(`policy:${String(policy.version)}/${ruleId}`);
}

/** A movement an earlier approval covers: the request must exist, be of its kind, and be approved. */
async function coveredBy(
  tx: Tx,
  approval: { readonly id: string; readonly kind: string },
): Promise<Result<string, MovementRefusal>> {
  const r = await store.requestById(tx, approval.id);
  if (r?.kind !== approval.kind || (r.status !== 'approved' && r.status !== 'executed')) {
    return err('policy_denied', `request ${approval.id} is not an approved ${approval.kind}`, {
      requestId: approval.id,
      status: r?.status ?? null,
    });
  }
  return ok(`approval:${r.id}`);
}

/** The initiator with the roles the database gives them now (not what a caller claims). */
async function initiator(tx: Tx, id: string): Promise<Actor> {
  const user = await store.userById(tx, id);
  const roles = (user?.roles ?? []).filter(isRole);
  return {
    kind: user === null ? 'system' : 'user',
    id,
    roles: user?.disabled === true ? [] : roles,
    organisationId: user?.organisationId ?? null,
  };
}
