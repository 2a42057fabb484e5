import { type AssetCode } from '../core/assets.ts';
import { canonicalBytes, type Json } from '../core/canonical.ts';
import type { Role } from '../core/identity.ts';
import type { Id } from '../core/ids.ts';
import { mulDiv } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Chain } from '../core/addresses.ts';

/**
 * Seizures as pure data and `decide` functions: no I/O, no clock. A lot is one asset and amount from
 * one seizure; it is the unit of legal status and custody. The transition table below is the law
 * this code enforces: which status may follow which, who may record it, and what it needs.
 */
export type OperationId = Id<'SeizureOperation'>;
export type CaseId = Id<'SeizureCase'>;
export type SeizureId = Id<'Seizure'>;
export type LotId = Id<'SeizureLot'>;

export const LEGAL_STATUSES = [
  'seized',
  'frozen',
  'forfeiture_pending',
  'forfeited',
  'returned_to_owner',
  'restitution_to_victims',
  'released',
  'emergency_sold',
  // A split lot is superseded by its parts and takes no further transitions.
  'split',
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const CUSTODY_KINDS = ['seizure_wallet', 'custodian_account', 'exchange_freeze'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

export interface TransitionRule {
  /** Roles that may record this transition. */
  readonly roles: readonly Role[];
  /**
   * The law requires a court order (forfeiture, return, restitution): its reference, its date and
   * the SHA-256 of its document, so the decision can be checked against the paper it rests on.
   */
  readonly courtOrder: boolean;
  /** A stated ground is required (emergency sale before forfeiture). */
  readonly ground: boolean;
}

const REGISTRAR: readonly Role[] = ['court_registrar'];
const rule = (roles: readonly Role[], courtOrder: boolean, ground = false): TransitionRule => ({
  roles,
  courtOrder,
  ground,
});

/** Decisions open to a lot that is not yet finally decided (seized, frozen, forfeiture pending). */
const BEFORE_JUDGMENT = {
  returned_to_owner: rule(REGISTRAR, true),
  restitution_to_victims: rule(REGISTRAR, true),
  released: rule(REGISTRAR, false),
  emergency_sold: rule(REGISTRAR, false, true),
} as const;

/** Every allowed transition; anything not listed is `transition_not_allowed`. */
export const TRANSITIONS: Readonly<
  Record<LegalStatus, Partial<Record<LegalStatus, TransitionRule>>>
> = {
  seized: {
    frozen: rule(['enforcement_officer', 'court_registrar'], false),
    forfeiture_pending: rule(REGISTRAR, false),
    ...BEFORE_JUDGMENT,
  },
  frozen: { forfeiture_pending: rule(REGISTRAR, false), ...BEFORE_JUDGMENT },
  forfeiture_pending: { forfeited: rule(REGISTRAR, true), ...BEFORE_JUDGMENT },
  // After an emergency sale the proceeds wait in escrow for the court's decision.
  emergency_sold: {
    forfeited: rule(REGISTRAR, true),
    returned_to_owner: rule(REGISTRAR, true),
    restitution_to_victims: rule(REGISTRAR, true),
  },
  forfeited: {},
  returned_to_owner: {},
  restitution_to_victims: {},
  released: {},
  split: {},
};

export type TransitionError =
  | 'transition_not_allowed'
  | 'role_not_allowed'
  | 'court_order_required'
  | 'court_order_document_required'
  | 'ground_required'
  | 'reason_required';

export interface TransitionInput {
  readonly to: LegalStatus;
  readonly courtOrderRef?: string | null | undefined;
  readonly courtOrderDate?: string | null | undefined;
  /** Hex SHA-256 of the order's document (the document itself never leaves the court). */
  readonly courtOrderSha256?: string | null | undefined;
  readonly ground?: string | null | undefined;
  readonly reason: string;
}

/** Decides one legal step for a lot in `from`, recorded by someone holding `roles`. */
export function decideTransition(
  from: LegalStatus,
  input: TransitionInput,
  roles: readonly Role[],
): Result<TransitionRule, TransitionError> {
  const found = TRANSITIONS[from][input.to];
  if (found === undefined) {
    const allowed = Object.keys(TRANSITIONS[from]);
    return err('transition_not_allowed', `a ${from} lot cannot become ${input.to}`, {
      from,
      to: input.to,
      allowed,
    });
  }
  if (!roles.some((r) => found.roles.includes(r))) {
    return err(
      'role_not_allowed',
      `${from} -> ${input.to} is recorded by ${found.roles.join('/')}`,
      {
        from,
        to: input.to,
        needed: [...found.roles],
      },
    );
  }
  if (found.courtOrder && (blank(input.courtOrderRef) || blank(input.courtOrderDate))) {
    return err('court_order_required', `${input.to} needs the court order's reference and date`, {
      to: input.to,
    });
  }
  if (found.courtOrder && !/^[0-9a-f]{64}$/.test(input.courtOrderSha256 ?? '')) {
    return err('court_order_document_required', `${input.to} needs the order's document hash`, {
      to: input.to,
    });
  }
  if (found.ground && blank(input.ground)) {
    return err('ground_required', 'an emergency sale before forfeiture needs a stated ground', {
      to: input.to,
    });
  }
  if (input.reason.trim().length === 0) return err('reason_required', 'say why');
  return ok(found);
}

/** Why a step is not open to someone, as the lot page says it. */
export type StepRefusal =
  /** The lot is finally decided: nothing follows its status. */
  | 'lot_finally_decided'
  /** Not directly, but after another step (`first`): forfeiture needs forfeiture pending first. */
  | 'needs_step_first'
  /** Not from this status at all (a forfeiture-pending lot is not frozen again). */
  | 'not_from_this_status'
  /** Only the court records this step. */
  | 'court_only'
  /** Recorded by other roles than the caller's (and not only by the court). */
  | 'role_not_allowed';

export interface NextStep {
  readonly to: LegalStatus;
  readonly allowed: boolean;
  readonly reason: StepRefusal | null;
  /** For `needs_step_first`: the step to record first. */
  readonly first: LegalStatus | null;
  readonly courtOrder: boolean;
  readonly ground: boolean;
}

/** The decisions a lot may take, in the order the page offers them. */
export const DECISIONS: readonly LegalStatus[] = [
  'frozen',
  'forfeiture_pending',
  'forfeited',
  'returned_to_owner',
  'restitution_to_victims',
  'emergency_sold',
  'released',
];

/**
 * Every decision for a lot in `from`, for someone holding `roles`: allowed, or why not. The lot page
 * and the API answer both read this, so the rules live in TRANSITIONS only.
 */
export function nextSteps(from: LegalStatus, roles: readonly Role[]): NextStep[] {
  const open = TRANSITIONS[from];
  return DECISIONS.filter((to) => to !== from).map((to): NextStep => {
    const found = open[to];
    const base = { to, first: null, courtOrder: found?.courtOrder ?? false };
    const withGround = { ...base, ground: found?.ground ?? false };
    if (found === undefined) {
      if (Object.keys(open).length === 0) {
        return { ...withGround, allowed: false, reason: 'lot_finally_decided' };
      }
      const first = DECISIONS.find((s) => open[s] !== undefined && TRANSITIONS[s][to]);
      return first === undefined
        ? { ...withGround, allowed: false, reason: 'not_from_this_status' }
        : { ...withGround, allowed: false, reason: 'needs_step_first', first };
    }
    if (roles.some((r) => found.roles.includes(r))) {
      return { ...withGround, allowed: true, reason: null };
    }
    const courtOnly = found.roles.every((r) => r === 'court_registrar');
    return { ...withGround, allowed: false, reason: courtOnly ? 'court_only' : 'role_not_allowed' };
  });
}

function blank(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim().length === 0;
}

/** Which chains can hold which assets; a lot whose asset is not on its chain is refused. */
export const ASSET_CHAINS: Readonly<Partial<Record<AssetCode, readonly Chain[]>>> = {
  BTC: ['BTC'],
  LTC: ['LTC'],
  ETH: ['EVM'],
  USDT: ['TRON', 'EVM'],
  USDC: ['EVM', 'TRON'],
  TRX: ['TRON'],
};

export function assetOnChain(asset: AssetCode, chain: Chain): boolean {
  return ASSET_CHAINS[asset]?.includes(chain) === true;
}

export type SplitError = 'split_needs_two_parts' | 'split_part_not_positive' | 'split_sum_mismatch';

/** Parts of a lot, exact: every part positive and the sum equal to what the lot holds. */
export function decideSplit(
  total: bigint,
  parts: readonly bigint[],
): Result<readonly bigint[], SplitError> {
  if (parts.length < 2) return err('split_needs_two_parts', 'a split has at least two parts');
  if (parts.some((p) => p <= 0n)) {
    return err('split_part_not_positive', 'every part of a split holds something');
  }
  const sum = parts.reduce((a, b) => a + b, 0n);
  if (sum !== total) {
    return err('split_sum_mismatch', 'the parts must add up to the lot exactly', {
      total: total.toString(),
      sum: sum.toString(),
    });
  }
  return ok(parts);
}

/**
 * Parts by basis points (e.g. 7000/3000): each part rounds down and the last takes the remainder,
 * so the parts add up to the lot exactly whatever the amounts.
 */
export function splitByBasisPoints(total: bigint, bps: readonly number[]): bigint[] {
  const sum = bps.reduce((a, b) => a + b, 0);
  if (sum !== 10_000 || bps.some((b) => !Number.isInteger(b) || b <= 0)) {
    throw new RangeError('basis points must be positive integers adding up to 10000');
  }
  const parts = bps.slice(0, -1).map((b) => mulDiv(total, BigInt(b), 10_000n, 'floor'));
  const used = parts.reduce((a, b) => a + b, 0n);
  return [...parts, total - used];
}

export type RestitutionError =
  | 'restitution_exceeds_lot'
  | 'restitution_exceeds_claim'
  | 'amount_must_be_positive'
  | 'lot_not_in_restitution';

/** A payout to a victim: never more than what the lot still holds, nor than the approved claim. */
export function decidePayout(
  lot: { readonly status: LegalStatus; readonly remainingUnits: bigint },
  claim: { readonly approvedUnits: bigint; readonly paidUnits: bigint },
  amount: bigint,
): Result<bigint, RestitutionError> {
  if (amount <= 0n) return err('amount_must_be_positive', 'a payout is greater than zero');
  if (lot.status !== 'restitution_to_victims') {
    return err('lot_not_in_restitution', 'pay victims only from a lot ordered for restitution', {
      status: lot.status,
    });
  }
  if (amount > lot.remainingUnits) {
    return err('restitution_exceeds_lot', 'the payout is more than the lot holds', {
      amount: amount.toString(),
      remaining: lot.remainingUnits.toString(),
    });
  }
  if (claim.paidUnits + amount > claim.approvedUnits) {
    return err('restitution_exceeds_claim', 'the payout is more than the approved claim', {
      amount: amount.toString(),
      approved: claim.approvedUnits.toString(),
      paid: claim.paidUnits.toString(),
    });
  }
  return ok(lot.remainingUnits - amount);
}

/**
 * Where restitution on a lot is paid from. A lot sold in an emergency holds no crypto any more: its
 * fiat proceeds wait in escrow, so victims are paid from the escrow, in the escrow's currency.
 */
export type RestitutionSource =
  | { readonly kind: 'custody'; readonly asset: AssetCode }
  | { readonly kind: 'escrow'; readonly asset: AssetCode };

export function restitutionSource(lot: {
  readonly asset: AssetCode;
  readonly escrowAsset: AssetCode | null;
}): RestitutionSource {
  return lot.escrowAsset === null
    ? { kind: 'custody', asset: lot.asset }
    : { kind: 'escrow', asset: lot.escrowAsset };
}

export type EscrowPayoutError =
  | 'amount_must_be_positive'
  | 'lot_not_in_restitution'
  | 'lot_has_no_escrow'
  | 'restitution_exceeds_escrow'
  | 'restitution_exceeds_claim';

/**
 * A payout from a lot's escrowed sale proceeds: only once the court ordered restitution, never above
 * what is still in escrow, nor above the approved claim. Returns what stays in escrow.
 */
export function decideEscrowPayout(
  lot: { readonly status: LegalStatus; readonly escrowUnits: bigint | null },
  escrowPaidUnits: bigint,
  claim: { readonly approvedUnits: bigint; readonly paidUnits: bigint },
  amount: bigint,
): Result<bigint, EscrowPayoutError> {
  if (amount <= 0n) return err('amount_must_be_positive', 'a payout is greater than zero');
  if (lot.escrowUnits === null) return err('lot_has_no_escrow', 'the lot was never sold');
  if (lot.status !== 'restitution_to_victims') {
    return err('lot_not_in_restitution', 'pay victims only from a lot ordered for restitution', {
      status: lot.status,
    });
  }
  const balance = lot.escrowUnits - escrowPaidUnits;
  if (amount > balance) {
    return err('restitution_exceeds_escrow', 'the payout is more than the escrow holds', {
      amount: amount.toString(),
      escrowBalance: balance.toString(),
    });
  }
  if (claim.paidUnits + amount > claim.approvedUnits) {
    return err('restitution_exceeds_claim', 'the payout is more than the approved claim', {
      amount: amount.toString(),
      approved: claim.approvedUnits.toString(),
      paid: claim.paidUnits.toString(),
    });
  }
  return ok(balance - amount);
}

/** A claim is approved for at most what the lot holds (after other approved, unpaid claims). */
export function decideClaimApproval(
  lotRemaining: bigint,
  otherApprovedUnpaid: bigint,
  amount: bigint,
): Result<bigint, 'restitution_exceeds_lot' | 'amount_must_be_positive'> {
  if (amount <= 0n) return err('amount_must_be_positive', 'an approved claim is greater than zero');
  if (otherApprovedUnpaid + amount > lotRemaining) {
    return err('restitution_exceeds_lot', 'approved claims would exceed what the lot holds', {
      amount: amount.toString(),
      available: (lotRemaining - otherApprovedUnpaid).toString(),
    });
  }
  return ok(amount);
}

/** What both officers sign for a hand-off (Ed25519 over these canonical bytes). */
export interface HandoffContent {
  readonly handoffId: string;
  readonly lotIds: readonly string[];
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly releasingOfficerId: string;
  readonly receivingOfficerId: string;
  readonly note: string;
}

export function handoffJson(c: HandoffContent): Json {
  return {
    domain: 'kazna.handoff.v1',
    handoffId: c.handoffId,
    lotIds: [...c.lotIds].sort(),
    fromOrganisationId: c.fromOrganisationId,
    toOrganisationId: c.toOrganisationId,
    releasingOfficerId: c.releasingOfficerId,
    receivingOfficerId: c.receivingOfficerId,
    note: c.note,
  };
}

export function handoffMessage(c: HandoffContent): Uint8Array {
  return canonicalBytes(handoffJson(c));
}

/** Legal statuses after which the state no longer holds the lot: given back, let go, superseded. */
const GONE_STATUSES: readonly LegalStatus[] = ['returned_to_owner', 'released', 'split'];

/** What decides whether a lot can still be handed over, read from the lot and its disposal. */
export interface CustodyFacts {
  readonly status: LegalStatus;
  readonly remainingUnits: bigint;
  /** Sale proceeds still in escrow, or null when the lot was never sold. */
  readonly escrowBalance: bigint | null;
  /** The reserve's hold on the lot: none, reserved for a disposal, or units already taken out. */
  readonly disposal: 'none' | 'committed' | 'taken';
  /** Victims have been paid from the lot (custody or escrow). */
  readonly paidOut: boolean;
}

export type CustodyPresenceError = 'lot_is_empty' | 'lot_left_custody';

/**
 * A hand-off moves responsibility for something the releasing organisation still holds. A lot that
 * left custody (returned, released, split, committed to or taken by a disposal, paid out to
 * victims) is refused as such; a lot that simply holds nothing (no units, no escrow) as empty.
 */
export function decideHandOver(f: CustodyFacts): Result<null, CustodyPresenceError> {
  const holds = f.remainingUnits > 0n || (f.escrowBalance ?? 0n) > 0n;
  const why = GONE_STATUSES.includes(f.status)
    ? f.status
    : f.disposal !== 'none'
      ? `disposal_${f.disposal}`
      : f.paidOut && !holds
        ? 'paid_out'
        : null;
  if (why !== null) {
    return err('lot_left_custody', 'the lot has left custody; there is nothing to hand over', {
      reason: why,
    });
  }
  if (!holds) return err('lot_is_empty', 'the lot holds nothing to hand over');
  return ok(null);
}
