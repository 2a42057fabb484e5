import { sha256Hex } from '../../src/core/hash.ts';
import { ed25519 } from '@noble/curves/ed25519.js';
import { listFromAddresses } from '../../src/compliance/sanctions-file.ts';
import { approver, installPolicy, type Approver } from './governance.ts';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import { SYSTEM } from '../../src/core/identity.ts';
import type { Kazna } from '../../src/kazna.ts';
import type { TransitionContent } from '../../src/seizures/legal.ts';
import { handoffMessage, type HandoffContent, type LegalStatus } from '../../src/seizures/model.ts';
import type { LotText } from '../../src/seizures/intake.ts';

/**
 * Test fixtures for seizures: organisations, officers with Ed25519 keys (held by the test), a
 * sanctions list with one listed address, and a policy that lets legal steps through at once (the
 * default policy asks a committee member; one test shows that path).
 */
export const LISTED_BTC = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
export const ADDRESSES = {
  btc: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  btc2: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
  eth: '0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe',
  eth2: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
  tron: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
  tron2: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
} as const;

export interface World {
  readonly orgs: { police: string; court: string; treasury: string };
  readonly officer: Approver;
  readonly registrar: Approver;
  readonly custody: Approver;
  readonly committee: Approver;
}

export async function world(k: Kazna, prefix = 't'): Promise<World> {
  const gov = k.services.governance;
  const org = async (code: string): Promise<string> => {
    const r = await gov.createOrganisation(SYSTEM, {
      code: `${prefix}-${code}`,
      name: code,
      kind: code,
    });
    if (!r.ok) throw new Error('organisation');
    return r.value.id;
  };
  const orgs = {
    police: await org('police'),
    court: await org('court'),
    treasury: await org('treasury'),
  };
  const list = listFromAddresses('BTC', 'test list', [LISTED_BTC]);
  if (!list.ok) throw new Error(list.message);
  await k.services.compliance.importSanctions(SYSTEM, list.value);
  return {
    orgs,
    officer: await approver(k, `${prefix}-officer`, ['enforcement_officer'], orgs.police),
    registrar: await approver(k, `${prefix}-registrar`, ['court_registrar'], orgs.court),
    custody: await approver(k, `${prefix}-custody`, ['custody_officer'], orgs.treasury),
    committee: await approver(k, `${prefix}-committee`, ['investment_committee'], orgs.treasury),
  };
}

/** The default policy with one rule in front: legal steps need no quorum (tests only). */
export async function allowLegalSteps(k: Kazna): Promise<void> {
  await installPolicy(k, {
    ...DEFAULT_POLICY,
    rules: [
      { id: 'legal-steps', match: { actions: ['seizures.legal.*'] }, outcome: { kind: 'allow' } },
      ...DEFAULT_POLICY.rules,
    ],
  });
}

export function lot(over: Partial<LotText> = {}): LotText {
  return {
    asset: 'BTC',
    chain: 'BTC',
    amount: '1.5',
    addresses: [ADDRESSES.btc],
    txids: ['ab'.repeat(32)],
    evidence: [{ sha256: 'cd'.repeat(32), name: 'seizure-protocol.pdf' }],
    custodyKind: 'seizure_wallet',
    custodyRef: 'police cold wallet 1',
    ...over,
  };
}

export function signHandoff(a: Approver, c: HandoffContent): string {
  return Buffer.from(ed25519.sign(handoffMessage(c), a.secretKey)).toString('hex');
}

/** A change of legal status with nothing but what `over` adds: the bare request a test varies. */
export function transition(
  lotId: string,
  to: LegalStatus,
  over: Partial<TransitionContent> = {},
): TransitionContent {
  return {
    lotId,
    to,
    courtOrderRef: null,
    ground: null,
    reason: 'as ordered',
    proceeds: null,
    ...over,
    // An order named by reference comes with its date and its document's hash, as the court has.
    ...(over.courtOrderRef == null || over.courtOrderSha256 !== undefined
      ? {}
      : {
          courtOrderDate: over.courtOrderDate ?? '2025-06-30',
          courtOrderSha256: sha256Hex(`order ${over.courtOrderRef}`),
          courtOrderName: 'order.pdf',
        }),
  };
}

const BY_COURT_ORDER: readonly LegalStatus[] = [
  'forfeited',
  'returned_to_owner',
  'restitution_to_victims',
];

/** A change of legal status as a court orders it: the order where one is needed, and an emergency
 * sale's ground and proceeds. */
export function orderedTransition(lotId: string, to: LegalStatus): TransitionContent {
  const sold = to === 'emergency_sold';
  return transition(lotId, to, {
    courtOrderRef: BY_COURT_ORDER.includes(to) ? 'court order 2/1-25' : null,
    ground: sold ? 'value falling fast' : null,
    proceeds: sold ? { asset: 'USD', amount: '100.00' } : null,
  });
}

/** The statuses a lot passes through, from seized, to reach each status it can be walked to. */
export const WALK: Readonly<Record<string, readonly LegalStatus[]>> = {
  seized: [],
  frozen: ['frozen'],
  forfeiture_pending: ['frozen', 'forfeiture_pending'],
  forfeited: ['frozen', 'forfeiture_pending', 'forfeited'],
  returned_to_owner: ['returned_to_owner'],
  restitution_to_victims: ['restitution_to_victims'],
  released: ['released'],
  emergency_sold: ['emergency_sold'],
};
