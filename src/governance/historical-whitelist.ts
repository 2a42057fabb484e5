import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import { ok, type Result } from '../core/result.ts';
import type { Db } from '../db/pool.ts';
import * as store from './store.ts';

/**
 * A destination the reserve already used before Kazna (a fund manager's receiving address from the
 * onboarding records), whitelisted under the committee's onboarding approval. It is not new, so it
 * has no cooling period: the cooling protects against an address added now, not one on file. Used
 * by the demo's onboarding; anything added in operation goes through `governance.whitelist.add`.
 */
export async function recordHistoricalWhitelist(
  d: { db: Db; clock: Clock; ids: IdSource },
  actor: Actor,
  w: { asset: string; address: string; label: string },
  onboardingRequestId: string,
): Promise<Result<{ id: string | null }, never>> {
  return d.db.command(async (tx): Promise<Result<{ id: string | null }, never>> => {
    // Already on the list (the demo loaded again): nothing to add.
    if ((await store.whitelistEntry(tx, w.asset, w.address)) !== null) return ok({ id: null });
    const id = d.ids.next<'whitelist'>();
    const at = d.clock.now();
    await store.insertWhitelist(tx, {
      id,
      ...w,
      addedAt: at,
      usableFrom: at,
      requestId: onboardingRequestId,
    });
    await appendAudit(tx, d.clock, {
      actor,
      action: 'governance.whitelist.added',
      subjects: [id, onboardingRequestId],
      payload: { id, ...w, usableFrom: at.toISOString(), historical: true },
    });
    return ok({ id });
  });
}
