import type { Actor } from '../core/identity.ts';
import type { ReserveDeps } from './deps.ts';
import { reserveState } from './holdings.ts';
import { managerCommands } from './managers.ts';
import { policyCommands } from './policy.ts';
import { attribution, reserveReads } from './reads.ts';
import { checkAndAlert, rebalancing } from './rebalance.ts';
import { redemptionCommands } from './redemptions.ts';
import { statementCommands } from './statements.ts';
import * as store from './store.ts';
import { subscriptionCommands } from './subscriptions.ts';
import { ventureCommands } from './venture.ts';
import { feeCheckOf, managerView, navViews, performance } from './views.ts';

/**
 * The reserve domain: the allocation policy, external managers and their due diligence, capital
 * flows with hedge and venture funds, NAV statements, provenance by funding source, rebalancing,
 * and the reads other domains take (public.ts). Governed changes (a policy version, a manager's
 * approval, a subscription, a commitment) are approval requests whose executors are described
 * here and registered by main.ts; every other command is one transaction with its audit entry.
 */
export type { ReserveDeps } from './deps.ts';
/** What the commands take, and the approval kind of onboarding, for callers that build them. */
export { newManagerSchema, type NewManagerInput } from './managers.ts';
export type { StatementText } from './statements.ts';
export { ONBOARDING_KIND } from './subscriptions.ts';

export function createReserve(d: ReserveDeps) {
  const reads = reserveReads(d);
  const policy = policyCommands(d);
  const managers = managerCommands(d);
  const subscriptions = subscriptionCommands(d);
  const redemptions = redemptionCommands(d);
  const ventures = ventureCommands(d);
  const statements = statementCommands(d);
  return {
    ...reads,
    ...policy,
    ...managers,
    ...subscriptions,
    ...redemptions,
    ...ventures,
    ...statements,
    /** The reserve's approval kinds, for main.ts to register with governance. */
    executors: [
      ...policy.executors,
      ...managers.executors,
      ...subscriptions.executors,
      ...ventures.executors,
    ],
    state: (day: string) => reserveState(d, day),
    attribution: (managerId: string, day: string) => attribution(d, managerId, day),
    rebalancing: (day: string) => rebalancing(d, day),
    /** Errors: no_allocation_policy, no_valuation_for_day. */
    checkAllocation: (actor: Actor, day: string) => checkAndAlert(d, actor, day),
    alerts: (limit = 100) => store.alerts(d.db, limit),
    flows: (f: store.FlowFilter) => store.flows(d.db, f),
    flow: (id: string) => store.flow(d.db, id),
    /** The audit entries behind the funds' values on a day (flows and the NAV statements used). */
    evidence: (day: string) => store.evidence(d.db, day),
    /** The day as the clock sees it (UTC), the default for every `day` query. */
    today: () => d.clock.now().toISOString().slice(0, 10),
    managerView: (id: string, day: string) => managerView(d, id, day),
    navView: (id: string) => navViews(d, id),
    /** Errors: manager_not_found, manager_not_hedge_fund, no_statements. */
    feeCheck: (id: string) => feeCheckOf(d, id),
    performance: (day: string) => performance(d, day),
  };
}

export type Reserve = ReturnType<typeof createReserve>;
