import { visibleOrganisations, type Actor } from '../core/identity.ts';
import type { Queryable } from '../db/pool.ts';
import * as store from './store.ts';

/**
 * Who may record a step on a lot. A case before a named court is decided by that court's own
 * registrars: a registrar of another court does not even see the lot. Officers who are not
 * registrars (an enforcement officer freezing) must see the lot. A case with no court named keeps
 * the older rule: any registrar decides.
 */
export async function mayDecide(tx: Queryable, actor: Actor, lot: store.LotRow): Promise<boolean> {
  if (actor.kind === 'system') return true;
  const court = (await store.caseById(tx, lot.caseId))?.courtOrganisationId ?? null;
  if (actor.roles.includes('court_registrar')) {
    return court === null || actor.organisationId === court;
  }
  return store.lotVisible(tx, visibleOrganisations(actor), lot.id);
}
