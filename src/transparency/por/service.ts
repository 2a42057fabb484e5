import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../audit/append.ts';
import { canSeeOrganisation, SYSTEM, type Actor } from '../../core/identity.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Tx } from '../../db/pool.ts';
import { assert } from '../../core/assert.ts';
import { normalBalance, type Account } from '../../ledger/model.ts';
import { toHex } from '../../../verifier/src/hex.ts';
import {
  claimantCommitment,
  lotCommitment,
  porMessage,
  sha256Json,
  type ClaimProofDocument,
  type PorDocument,
} from '../../../verifier/src/por.ts';
import type { LotReceipt, LotReceiptLeaf } from '../../../verifier/src/receipts.ts';
import { sumTreeProof } from '../../../verifier/src/sumtree.ts';
import { accountsOwnedBy } from '../ledger-reads.ts';
import * as store from '../store.ts';
import type { TransparencyDeps } from '../deps.ts';
import {
  buildPorBody,
  lotsWithLeaves,
  type ClaimInput,
  type EscrowInput,
  type PorInput,
  type ReserveAccountInput,
} from './model.ts';

/**
 * Builds, signs and publishes a proof of reserves (one transaction: the claim and lot salts it needs,
 * the document, and its `transparency.por.published` entry), serves claimants their inclusion proofs,
 * and hands a lot's officials the lot's receipt.
 */
export type ClaimProofError = 'por_not_found' | 'leaf_not_found';
export type ReceiptError = 'claim_not_in_proof_of_reserves';
export type LotReceiptError = 'lot_not_found' | 'por_not_found' | 'lot_not_in_proof_of_reserves';

export interface PublishedPor {
  readonly document: PorDocument;
  readonly auditSeq: number;
}

const PAGE = 500;

/** A proof of reserves' id, or `latest`. */
type PorRef = string;

type Lot = Awaited<ReturnType<TransparencyDeps['seizures']['lots']>>[number];

async function allLots(d: TransparencyDeps): Promise<Lot[]> {
  const out: Lot[] = [];
  for (let after: string | undefined; ;) {
    const page = await d.seizures.lots(SYSTEM, {
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    after = last.id;
  }
}

const units = (a: Account): bigint => normalBalance(a.type, a.balances);

/** An escrow account is opened for one lot (`lot:<id>`, seizures' legal.ts): its leaf is the lot's. */
function escrowInput(a: Account): EscrowInput {
  assert(a.owner.ref.startsWith('lot:'), `escrow account ${a.id} is not a lot's`);
  return { lotId: a.owner.ref.slice('lot:'.length), asset: a.asset, units: units(a) };
}

function reserveAccountInput(a: Account): ReserveAccountInput {
  return { bucket: a.owner.ref, asset: a.asset, units: units(a) };
}

/** Everything the proof reads from other domains, before its transaction. */
async function gather(d: TransparencyDeps, day: string) {
  const lots = await allLots(d);
  const claims = (await Promise.all(lots.map((l) => d.seizures.claims(l.id)))).flat();
  return {
    lots: lots.map((l) => ({
      id: l.id,
      asset: l.asset,
      chain: l.chain,
      status: l.status,
      remainingUnits: l.remainingUnits,
      custodyKind: l.custodyKind,
      addresses: l.addresses,
    })),
    claims,
    escrows: (await accountsOwnedBy(d.ledger, 'escrow')).map(escrowInput),
    reserveAccounts: (await accountsOwnedBy(d.ledger, 'reserve')).map(reserveAccountInput),
    managers: await d.reserve.managerPositions(day),
  };
}

/** Each claim or lot keeps the salt drawn the first time a proof of reserves gave it a leaf. */
async function saltsFor(
  tx: Tx,
  kind: store.SaltKind,
  ids: readonly string[],
  at: Date,
): Promise<Map<string, string>> {
  const salts = await store.salts(tx, kind, ids);
  for (const id of ids) {
    if (salts.has(id)) continue;
    // A secret, so from the OS CSPRNG, not the injectable (possibly seeded) RandomSource.
    const salt = randomBytes(32).toString('hex');
    await store.insertSalt(tx, kind, id, salt, at);
    salts.set(id, salt);
  }
  return salts;
}

type Facts = Awaited<ReturnType<typeof gather>>;

/** The proof's input, with the salts of its claims and lots (drawn in the proof's transaction). */
async function porInput(tx: Tx, d: TransparencyDeps, facts: Facts, now: Date): Promise<PorInput> {
  const claimSalts = await saltsFor(
    tx,
    'claim',
    facts.claims.map((c) => c.id),
    now,
  );
  const lotSalts = await saltsFor(tx, 'lot', lotsWithLeaves(facts.lots, facts.escrows), now);
  // Only what the tree needs: the claimant reference never reaches the document.
  const claims: ClaimInput[] = facts.claims.map((c) => ({
    id: c.id,
    lotId: c.lotId,
    status: c.status,
    claimedUnits: c.claimedUnits,
    approvedUnits: c.approvedUnits,
    paidUnits: c.paidUnits,
    salt: claimSalts.get(c.id) ?? '',
  }));
  return {
    id: d.ids.next<'Por'>(),
    day: now.toISOString().slice(0, 10),
    asOf: now.toISOString(),
    ...facts,
    claims,
    lotSalts,
  };
}

export async function buildPor(d: TransparencyDeps, actor: Actor): Promise<PublishedPor> {
  const { key } = await d.reportKey();
  const now = d.clock.now();
  const day = now.toISOString().slice(0, 10);
  const facts = await gather(d, day);
  const made = await d.db.command(async (tx) => {
    const input = await porInput(tx, d, facts, now);
    const body = buildPorBody(input);
    const sha256 = sha256Json(body);
    const signature = toHex(key.sign(porMessage(sha256)));
    const document: PorDocument = {
      body,
      sha256,
      signature: { keyId: key.keyId, publicKey: key.publicKeyHex, signature },
    };
    const roots = body.trees.map((t) => ({ side: t.side, asset: t.asset, ...t.root }));
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'transparency.por.published',
      subjects: [body.id],
      payload: { porId: body.id, day, sha256, keyId: key.keyId, signature, roots },
    });
    await store.insertPor(tx, {
      id: body.id,
      day,
      sha256,
      document: JSON.stringify(document),
      createdAt: now,
      auditSeq: Number(seq),
    });
    return ok({ document, auditSeq: Number(seq) });
  });
  if (!made.ok) throw new Error('a proof of reserves could not be recorded');
  return made.value;
}

export async function porDocument(d: TransparencyDeps, id: PorRef): Promise<store.PorRow | null> {
  return id === 'latest' ? store.latestPor(d.db) : store.porById(d.db, id);
}

/** The claimant's leaf (found by its commitment) with its path to the signed root. */
export async function claimProof(
  d: TransparencyDeps,
  porId: PorRef,
  commitment: string,
): Promise<Result<ClaimProofDocument, ClaimProofError>> {
  const row = await porDocument(d, porId);
  if (row === null) return err('por_not_found', `no proof of reserves ${porId}`);
  const doc = JSON.parse(row.document) as PorDocument;
  for (const tree of doc.body.trees) {
    if (tree.side !== 'liabilities') continue;
    const index = tree.leaves.findIndex((l) => l.leaf['commitment'] === commitment);
    if (index < 0) continue;
    const leaves = tree.leaves.map((l) => l.leaf);
    return ok({
      porId: doc.body.id,
      porSha256: doc.sha256,
      side: 'liabilities',
      asset: tree.asset,
      index,
      leaf: leaves[index] ?? { amount: '0' },
      proof: sumTreeProof(leaves, index),
      root: tree.root,
    });
  }
  return err('leaf_not_found', 'no liability leaf has this commitment', { porId: doc.body.id });
}

/** For the court registrar to hand the claimant: the claim id and its salt, and their commitment. */
export async function claimReceipt(
  d: TransparencyDeps,
  claimId: string,
): Promise<Result<{ claimId: string; salt: string; commitment: string }, ReceiptError>> {
  const salt = (await store.salts(d.db, 'claim', [claimId])).get(claimId);
  if (salt === undefined)
    return err(
      'claim_not_in_proof_of_reserves',
      'no proof of reserves has included this claim yet',
    );
  return ok({ claimId, salt, commitment: claimantCommitment(claimId, salt) });
}

/** Every leaf of a proof of reserves that names this lot commitment, each with its path. */
function leavesOf(doc: PorDocument, commitment: string): LotReceiptLeaf[] {
  const out: LotReceiptLeaf[] = [];
  for (const tree of doc.body.trees) {
    const leaves = tree.leaves.map((l) => l.leaf);
    leaves.forEach((leaf, index) => {
      if (leaf['lotCommitment'] !== commitment) return;
      const proof = sumTreeProof(leaves, index);
      out.push({ side: tree.side, asset: tree.asset, index, leaf, proof, root: tree.root });
    });
  }
  return out;
}

/**
 * For a lot's officials (those who may see the lot): its salt and commitment, and its leaves in a
 * proof of reserves with their paths, to check offline (`verifyLotReceipt`) that the proof counts
 * the lot. A lot the actor may not see is not found, so the answer says nothing about other lots.
 */
export async function lotReceipt(
  d: TransparencyDeps,
  actor: Actor,
  lotId: string,
  porId: PorRef,
): Promise<Result<LotReceipt, LotReceiptError>> {
  const lot = await d.seizures.lot(lotId);
  const visible =
    lot !== null &&
    (canSeeOrganisation(actor, lot.organisationId) ||
      canSeeOrganisation(actor, lot.custodianOrganisationId));
  if (!visible) return err('lot_not_found', `no lot ${lotId}`);
  const row = await porDocument(d, porId);
  if (row === null) return err('por_not_found', `no proof of reserves ${porId}`);
  const doc = JSON.parse(row.document) as PorDocument;
  const salt = (await store.salts(d.db, 'lot', [lotId])).get(lotId);
  const commitment = salt === undefined ? null : lotCommitment(lotId, salt);
  const leaves = commitment === null ? [] : leavesOf(doc, commitment);
  if (salt === undefined || commitment === null || leaves.length === 0)
    return err('lot_not_in_proof_of_reserves', 'this proof of reserves has no leaf of the lot', {
      porId: doc.body.id,
    });
  return ok({ lotId, salt, commitment, porId: doc.body.id, porSha256: doc.sha256, leaves });
}
