import { contentSigner } from './content-signature.ts';
import { appendAudit } from '../audit/append.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import { sha256Hex } from '../core/hash.ts';
import type { IdSource } from '../core/ids.ts';
import type { RandomSource } from '../core/random.ts';
import type { Db } from '../db/pool.ts';
import { createApprovals } from './approvals.ts';
import { passkeysOf } from './credential-store.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { governanceExecutors } from './executors.ts';
import { recordHistoricalWhitelist } from './historical-whitelist.ts';
import { identityPrices, noSanctions, type PriceLookup, type SanctionsScreen } from './facts.ts';
import { createIdentity, DEFAULT_IDENTITY_OPTIONS, type IdentityOptions } from './identity.ts';
import { passkeys, type RelyingParty } from './passkeys.ts';
import { revocation } from './revocation.ts';
import { serviceAccountExecutors } from './service-accounts.ts';
import { policySchema, type Policy } from './policy.ts';
import * as store from './store.ts';

/**
 * The governance service: identity (users, sessions, tokens, keys, passkeys) and approvals (requests, votes,
 * execution, policy). Domains describe their executors (`executor(…)`), main.ts registers them
 * all with `registerExecutor(kind, execute, options)`, and domains create requests with
 * `request(actor, kind, content)`; see docs/design/governance.md.
 */
export interface GovernanceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
  /** Prices for amount thresholds in the reporting currency (the market domain's lookup). */
  readonly prices?: PriceLookup;
  /** Sanctions screening of destinations (the compliance domain's screen). */
  readonly screen?: SanctionsScreen;
  readonly identity?: Partial<IdentityOptions>;
  /** The WebAuthn relying party (KAZNA_RP_ID, KAZNA_ORIGIN); absent: localhost on port 3000. */
  readonly relyingParty?: RelyingParty;
}

export const LOCAL_RELYING_PARTY: RelyingParty = {
  id: 'localhost',
  origin: 'http://localhost:3000',
  name: 'Kazna',
};

export function createGovernance(deps: GovernanceDeps) {
  const screen = deps.screen ?? noSanctions;
  const identityDeps = {
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    random: deps.random,
    options: { ...DEFAULT_IDENTITY_OPTIONS, ...deps.identity },
  };
  const identity = createIdentity(identityDeps);
  const rp = deps.relyingParty ?? LOCAL_RELYING_PARTY;
  const approvals = createApprovals({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    prices: deps.prices ?? identityPrices,
    screen,
    signer: contentSigner(rp, deps.clock),
  });
  return {
    ...identity,
    ...passkeys(identityDeps, rp),
    ...revocation(identityDeps),
    ...approvals,
    policy: (): Promise<Policy> => store.activePolicy(deps.db),
    ensurePolicy: () => ensurePolicy(deps),
    parsePolicy: (doc: unknown) => policySchema.safeParse(doc),
    organisations: () => store.listOrganisations(deps.db),
    whitelist: () => store.listWhitelist(deps.db),
    recordHistoricalWhitelist: (
      actor: Actor,
      w: { asset: string; address: string; label: string },
      onboardingRequestId: string,
    ) => recordHistoricalWhitelist(deps, actor, w, onboardingRequestId),
    /** A person's active Ed25519 keys and organisation, for signatures other domains verify. */
    signingKeys: (userId: string) => store.activeKeys(deps.db, userId),
    /** Whether a person can sign a content at all: an active signing key or an active passkey. */
    canSign: async (userId: string): Promise<boolean> =>
      (await store.activeKeys(deps.db, userId)).length > 0 ||
      (await passkeysOf(deps.db, userId)).some((p) => p.revokedAt === null),
    userById: (userId: string) => store.userById(deps.db, userId),
    now: (): Date => deps.clock.now(),
    /** Governance's own approval kinds, registered by main.ts with every other domain's. */
    executors: [
      ...governanceExecutors({ ids: deps.ids, screen }),
      ...serviceAccountExecutors({ ids: deps.ids }),
    ],
  };
}

export type Governance = ReturnType<typeof createGovernance>;

/**
 * Installs version 1 of the policy (`DEFAULT_POLICY`) on a database that has none, with its audit
 * entry: the first start of a new deployment. Returns the version in force.
 */
async function ensurePolicy(deps: Pick<GovernanceDeps, 'db' | 'clock'>): Promise<number> {
  return deps.db.write(async (tx) => {
    const [any] = await tx.query<{ version: number }>(
      'SELECT version FROM gov_policies ORDER BY version DESC LIMIT 1',
    );
    if (any !== undefined) return any.version;
    const document = policySchema.parse(DEFAULT_POLICY);
    const hash = sha256Hex(canonicalize(document));
    const at = deps.clock.now();
    await store.insertPolicy(tx, { version: 1, document, hash, requestId: null, at });
    await appendAudit(tx, deps.clock, {
      actor: 'system',
      action: 'governance.policy.activated',
      subjects: ['policy:1'],
      payload: { version: 1, hash, policy: document as unknown as Json, installed: 'default' },
    });
    return 1;
  });
}
