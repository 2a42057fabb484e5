import { assert } from '../../core/assert.ts';
import { canonicalize } from '../../core/canonical.ts';
import type { ManagerPosition } from '../../reserve/public.ts';
import { publicationOf, type LotFacts } from '../public/policy.ts';
import {
  claimantCommitment,
  lotCommitment,
  POR_FORMAT,
  type PorBody,
  type PorSide,
  type PorTree,
} from '../../../verifier/src/por.ts';
import {
  sumLeafNode,
  sumNodeJson,
  sumTreeRoot,
  type SumLeaf,
} from '../../../verifier/src/sumtree.ts';
import { toHex } from '../../../verifier/src/hex.ts';

/**
 * Pure construction of a proof of reserves from what the service read. Liabilities per asset:
 * victims' claims (salted commitments, never the claimant), lots still before a court (what they hold
 * beyond the claims already lodged against them, so nothing is counted twice) and escrowed sale
 * proceeds. Custody per asset: every lot still holding something, with the on-chain addresses the
 * publication rule allows, and the escrow balances. Reserve: the reserve's accounts by bucket and
 * each manager's position by name, with the hash of the NAV statement it rests on (USD cents).
 * No leaf names a record: a lot (and its escrow) is its salted commitment.
 */
export interface LotInput extends LotFacts {
  readonly id: string;
}

export interface ClaimInput {
  readonly id: string;
  readonly lotId: string;
  readonly status: 'registered' | 'approved' | 'paid';
  readonly claimedUnits: bigint;
  readonly approvedUnits: bigint | null;
  readonly paidUnits: bigint;
  /** The claim's secret salt (hex); only its commitment is published. */
  readonly salt: string;
}

/** An early sale's proceeds, held in escrow for the lot until its court rules. */
export interface EscrowInput {
  readonly lotId: string;
  readonly asset: string;
  readonly units: bigint;
}

export interface ReserveAccountInput {
  readonly bucket: string;
  readonly asset: string;
  readonly units: bigint;
}

export interface PorInput {
  readonly id: string;
  readonly day: string;
  readonly asOf: string;
  readonly lots: readonly LotInput[];
  readonly claims: readonly ClaimInput[];
  readonly escrows: readonly EscrowInput[];
  readonly reserveAccounts: readonly ReserveAccountInput[];
  readonly managers: readonly ManagerPosition[];
  /** Each lot's secret salt (hex), for the lots `lotsWithLeaves` names. */
  readonly lotSalts: ReadonlyMap<string, string>;
}

/** Lots whose fate a court has not decided yet: what they hold is owed to whoever it decides for. */
const BEFORE_COURT = new Set(['seized', 'frozen', 'forfeiture_pending']);

/** What a claim still stands for: the approved amount not yet paid, or the amount claimed. */
export function outstanding(c: ClaimInput): bigint {
  if (c.status === 'paid') return 0n;
  const owed = c.approvedUnits === null ? c.claimedUnits : c.approvedUnits - c.paidUnits;
  return owed > 0n ? owed : 0n;
}

type Placed = { side: PorSide; leaf: SumLeaf };

/** The lots the proof gives a leaf to (so they need a salt): those holding units, or an escrow. */
export function lotsWithLeaves(
  lots: readonly LotInput[],
  escrows: readonly EscrowInput[],
): string[] {
  const ids = [
    ...lots.filter((l) => l.remainingUnits > 0n).map((l) => l.id),
    ...escrows.filter((e) => e.units > 0n).map((e) => e.lotId),
  ];
  return [...new Set(ids)];
}

function commitmentOf(input: PorInput, lotId: string): string {
  const salt = input.lotSalts.get(lotId);
  assert(salt !== undefined, `lot ${lotId} has a leaf but no salt`);
  return lotCommitment(lotId, salt);
}

/** Victims' claims, and what they still claim of each lot (so a lot is not owed twice). */
function claimLeaves(input: PorInput): { placed: Placed[]; claimed: Map<string, bigint> } {
  const placed: Placed[] = [];
  const lots = new Map(input.lots.map((l) => [l.id, l]));
  const claimed = new Map<string, bigint>();
  for (const c of input.claims) {
    const lot = lots.get(c.lotId);
    const amount = outstanding(c);
    if (lot === undefined || amount === 0n) continue;
    claimed.set(lot.id, (claimed.get(lot.id) ?? 0n) + amount);
    const leaf = {
      category: 'victim_claim',
      asset: lot.asset,
      amount: amount.toString(),
      commitment: claimantCommitment(c.id, c.salt),
      status: c.status,
    };
    placed.push({ side: 'liabilities', leaf });
  }
  return { placed, claimed };
}

function lotLeaves(input: PorInput): Placed[] {
  const { placed: out, claimed } = claimLeaves(input);
  const rule = publicationOf(input.lots);
  for (const lot of input.lots) {
    if (lot.remainingUnits === 0n) continue;
    const commitment = commitmentOf(input, lot.id);
    const shown = rule.lot(lot);
    out.push({
      side: 'custody',
      leaf: {
        category: 'custody_lot',
        asset: shown.asset,
        amount: shown.remainingUnits.toString(),
        lotCommitment: commitment,
        chain: shown.chain,
        custodyKind: shown.custodyKind,
        addresses: [...shown.addresses],
      },
    });
    const beyondClaims = lot.remainingUnits - (claimed.get(lot.id) ?? 0n);
    if (BEFORE_COURT.has(lot.status) && beyondClaims > 0n)
      out.push({
        side: 'liabilities',
        leaf: {
          category: 'court_pending_lot',
          asset: shown.asset,
          amount: beyondClaims.toString(),
          lotCommitment: commitment,
          status: shown.status,
        },
      });
  }
  return out;
}

function accountLeaves(input: PorInput): Placed[] {
  const out: Placed[] = [];
  for (const e of input.escrows) {
    if (e.units <= 0n) continue;
    const base = {
      asset: e.asset,
      amount: e.units.toString(),
      lotCommitment: commitmentOf(input, e.lotId),
    };
    out.push({ side: 'custody', leaf: { category: 'escrow_account', ...base } });
    out.push({ side: 'liabilities', leaf: { category: 'escrowed_proceeds', ...base } });
  }
  for (const r of input.reserveAccounts) {
    if (r.units <= 0n) continue;
    out.push({
      side: 'reserve',
      leaf: {
        category: 'reserve_account',
        asset: r.asset,
        amount: r.units.toString(),
        bucket: r.bucket,
      },
    });
  }
  for (const m of input.managers)
    out.push({
      side: 'reserve',
      leaf: {
        category: 'manager_position',
        asset: 'USD',
        amount: m.value.toString(),
        name: m.name,
        kind: m.kind,
        navDay: m.navDay,
        statementSha256: m.statementSha256,
      },
    });
  return out;
}

function treesOf(placed: readonly Placed[]): PorTree[] {
  const groups = new Map<string, Placed[]>();
  for (const p of placed) {
    const key = `${p.side}/${String(p.leaf.asset)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.keys()].sort().map((key) => {
    const group = groups.get(key) ?? [];
    // Sorted by content so a rebuild from the same facts gives the same root.
    const leaves = group
      .map((p) => p.leaf)
      .sort((a, b) => (canonicalize(a) < canonicalize(b) ? -1 : 1));
    const first = group[0];
    return {
      side: first?.side ?? 'liabilities',
      asset: String(first?.leaf.asset),
      root: sumNodeJson(sumTreeRoot(leaves)),
      leaves: leaves.map((leaf) => ({ hash: toHex(sumLeafNode(leaf).hash), leaf })),
    };
  });
}

export function buildPorBody(input: PorInput): PorBody {
  const trees = treesOf([...lotLeaves(input), ...accountLeaves(input)]);
  const assets = [...new Set(trees.filter((t) => t.side !== 'reserve').map((t) => t.asset))].sort();
  const sumOf = (side: PorSide, asset: string) =>
    BigInt(trees.find((t) => t.side === side && t.asset === asset)?.root.sum ?? '0');
  const coverage = assets.map((asset) => {
    const owed = sumOf('liabilities', asset);
    const held = sumOf('custody', asset);
    return { asset, liabilities: owed.toString(), custody: held.toString(), covered: held >= owed };
  });
  return {
    format: POR_FORMAT,
    id: input.id,
    day: input.day,
    asOf: input.asOf,
    trees,
    coverage,
    notes: [
      "Amounts are base units of each tree's asset; manager positions are USD cents at their latest NAV.",
      'A claimant finds their leaf by the commitment SHA-256 of canonical {"claimId","kind":"kazna.por.claimant","salt","v":1}; the salt is given to them with their claim.',
      'A lot\'s leaves name it by the commitment SHA-256 of canonical {"kind":"kazna.por.lot","lotId","salt","v":1}; its officials hold the salt. Addresses are listed only where the publication rule allows.',
      'Lots before a court count as liabilities only for what exceeds the claims lodged against them.',
    ],
  };
}
