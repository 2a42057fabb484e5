import type { AssetCode } from '../core/assets.ts';
import { visibleOrganisations, type Actor } from '../core/identity.ts';
import { formatAmount } from '../core/money.ts';
import type { SeizuresDeps } from './deps.ts';
import { lotEvents, type Who } from './events.ts';
import { restitutionSource } from './model.ts';
import { available } from './restitution.ts';
import * as store from './store.ts';

/**
 * Reads the lot page, the custody page and the restitution page need, joined here so that each
 * page makes one request. People appear by role and organisation: a lot's timeline says "court
 * registrar, Specialised Court", not a name.
 */

export function seizuresReads(d: SeizuresDeps) {
  return {
    lotDetail: (lot: store.LotRow) => lotDetail(d, lot),
    lotEvents: (lot: store.LotRow) => lotEvents(d, lot, cachedWho(d)),
    claimList: (actor: Actor, f: Omit<store.ClaimFilter, 'organisations'>) =>
      claimList(d, actor, f),
    officers: () => officers(d),
    who: (actorId: string) => whoFor(d, actorId),
  };
}

/** `whoFor` remembering its answers for one read: a lot's story names the same few people often. */
function cachedWho(d: SeizuresDeps): (actorId: string) => Promise<Who> {
  const known = new Map<string, Promise<Who>>();
  return (id) => {
    const found = known.get(id) ?? whoFor(d, id);
    known.set(id, found);
    return found;
  };
}

async function whoFor(d: SeizuresDeps, actorId: string): Promise<Who> {
  // Audit actors are user ids, or `system` / `demo` for work Kazna did on its own behalf.
  const isUser = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actorId);
  const user = isUser ? await d.governance.userById(actorId) : null;
  const orgs = await d.governance.organisations();
  const org = orgs.find((o) => o.id === user?.organisationId);
  return {
    roles: user?.roles ?? [],
    organisationId: user?.organisationId ?? null,
    organisationName: org?.name ?? (actorId === 'system' || actorId === 'demo' ? 'Kazna' : null),
  };
}

function balanceOf(b: { debitsPosted: bigint; creditsPosted: bigint } | undefined): bigint | null {
  return b === undefined ? null : b.debitsPosted - b.creditsPosted;
}

async function lotDetail(d: SeizuresDeps, lot: store.LotRow) {
  const custody = await d.ledger.read.account(lot.accountId);
  const escrow =
    lot.escrowAccountId === null ? undefined : await d.ledger.read.account(lot.escrowAccountId);
  const whoCache = new Map<string, Who>();
  const who = async (id: string): Promise<Who> => {
    const known = whoCache.get(id) ?? (await whoFor(d, id));
    whoCache.set(id, known);
    return known;
  };
  const transitions = await Promise.all(
    (await store.transitionsForLot(d.db, lot.id)).map(async (t) => ({
      ...t,
      by: await who(t.initiator),
      initiator: undefined,
    })),
  );
  const handoffs = await store.listHandoffs(d.db, {
    organisations: 'all',
    lotId: lot.id,
    limit: 100,
  });
  const custodyUnits = balanceOf(custody?.balances);
  const escrowUnits = balanceOf(escrow?.balances);
  return {
    transitions,
    handoffs,
    ledger: {
      custodyAccountId: lot.accountId,
      custodyBalance: custodyUnits === null ? null : formatAmount(custodyUnits, lot.asset),
      escrowAccountId: lot.escrowAccountId,
      escrowBalance:
        escrowUnits === null || lot.escrowAsset === null
          ? null
          : formatAmount(escrowUnits, lot.escrowAsset),
      escrowAsset: lot.escrowAsset,
    },
  };
}

async function claimList(
  d: SeizuresDeps,
  actor: Actor,
  f: Omit<store.ClaimFilter, 'organisations'>,
) {
  // The court sees the claims on the lots of its cases, whichever agency holds them.
  const claims = await store.listClaims(d.db, { ...f, organisations: visibleOrganisations(actor) });
  const payouts = await store.payoutsForClaims(
    d.db,
    claims.map((c) => c.id),
  );
  const lots = new Map<string, store.LotRow>();
  const holds = new Map<string, bigint>();
  const caseNumbers = new Map<string, string>();
  for (const c of claims) {
    if (!lots.has(c.lotId)) {
      const lot = await store.getLot(d.db, c.lotId);
      if (lot !== null) {
        lots.set(c.lotId, lot);
        holds.set(c.lotId, await available(d.db, lot));
      }
    }
    if (!caseNumbers.has(c.caseId)) {
      caseNumbers.set(c.caseId, (await store.caseById(d.db, c.caseId))?.caseNumber ?? '');
    }
  }
  return claims.map((c) => {
    const lot = lots.get(c.lotId);
    const source = lot === undefined ? null : restitutionSource(lot);
    const asset: AssetCode = source?.asset ?? lot?.asset ?? 'USD';
    return {
      id: c.id,
      caseId: c.caseId,
      caseNumber: caseNumbers.get(c.caseId) ?? '',
      lotId: c.lotId,
      claimantRef: c.claimantRef,
      status: c.status,
      asset,
      source: source?.kind ?? 'custody',
      lotStatus: lot?.status ?? null,
      lotHolds: holdsOf(holds.get(c.lotId), asset),
      evidence: c.evidence,
      claimed: formatAmount(c.claimedUnits, asset),
      approved: c.approvedUnits === null ? null : formatAmount(c.approvedUnits, asset),
      paid: formatAmount(c.paidUnits, asset),
      payouts: payouts
        .filter((p) => p.claimId === c.id)
        .map((p) => ({
          id: p.id,
          source: p.source,
          asset: p.asset ?? asset,
          amount: formatAmount(p.amountUnits, p.asset ?? asset),
          transferId: p.transferId,
          at: p.at,
        })),
    };
  });
}

function holdsOf(units: bigint | undefined, asset: AssetCode): string | null {
  return units === undefined ? null : formatAmount(units, asset);
}

/** People who can sign hand-offs: those with a registered signing key, by organisation. */
async function officers(d: SeizuresDeps) {
  const users = await d.governance.users();
  const out = [];
  for (const u of users) {
    if (u.disabled || u.organisationId === null) continue;
    // Who can sign a hand-off: a key registered in governance or a passkey both count.
    if (!(await d.governance.canSign(u.id))) continue;
    out.push({
      id: u.id,
      username: u.username,
      roles: u.roles,
      organisationId: u.organisationId,
    });
  }
  return out;
}
