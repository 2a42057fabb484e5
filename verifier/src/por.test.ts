import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { toHex } from './hex.ts';
import {
  lotCommitment,
  porMessage,
  sha256Json,
  verifyPorDocument,
  type PorDocument,
  type PorFormat,
  type PorSide,
} from './por.ts';
import { verifyLotReceipt, type LotReceipt } from './receipts.ts';
import { keyIdOf } from './signature.ts';
import { sumLeafNode, sumNodeJson, sumTreeProof, sumTreeRoot, type SumLeaf } from './sumtree.ts';

/**
 * Proofs of reserves of both versions, and a lot's receipt. The server's real documents are checked
 * in src/transparency; these are built here, so each rule can be broken on purpose.
 */
const SECRET = new Uint8Array(32).fill(7);
const PUBLIC_KEY = toHex(ed25519.getPublicKey(SECRET));
const LOT_ID = '01941f29-7c00-7dba-8f3d-9327689a27f4';
const SALT = 'ab'.repeat(32);
const COMMITMENT = lotCommitment(LOT_ID, SALT);

type Trees = readonly { side: PorSide; asset: string; leaves: SumLeaf[] }[];

function document(format: PorFormat, trees: Trees): PorDocument {
  const built = trees.map((t) => ({
    side: t.side,
    asset: t.asset,
    root: sumNodeJson(sumTreeRoot(t.leaves)),
    leaves: t.leaves.map((leaf) => ({ hash: toHex(sumLeafNode(leaf).hash), leaf })),
  }));
  const sumOf = (side: PorSide, asset: string) =>
    BigInt(built.find((t) => t.side === side && t.asset === asset)?.root.sum ?? '0');
  const assets = [...new Set(built.filter((t) => t.side !== 'reserve').map((t) => t.asset))];
  const body = {
    format,
    id: '01941f29-7c00-7000-8000-000000000001',
    day: '2026-11-02',
    asOf: '2026-11-02T09:00:00.000Z',
    trees: built,
    coverage: assets.map((asset) => {
      const [owed, held] = [sumOf('liabilities', asset), sumOf('custody', asset)];
      return {
        asset,
        liabilities: owed.toString(),
        custody: held.toString(),
        covered: held >= owed,
      };
    }),
    notes: [],
  };
  const sha256 = sha256Json(body);
  const signature = toHex(ed25519.sign(porMessage(sha256), SECRET));
  return {
    body,
    sha256,
    signature: { keyId: keyIdOf(PUBLIC_KEY), publicKey: PUBLIC_KEY, signature },
  };
}

const held = (lot: Record<string, string>): SumLeaf => ({
  category: 'custody_lot',
  asset: 'BTC',
  amount: '650000000',
  chain: 'BTC',
  custodyKind: 'seizure_wallet',
  addresses: [],
  ...lot,
});
const owed = (lot: Record<string, string>): SumLeaf => ({
  category: 'court_pending_lot',
  asset: 'BTC',
  amount: '650000000',
  status: 'forfeiture_pending',
  ...lot,
});
const other = held({ lotCommitment: 'cd'.repeat(32), amount: '5' });

describe('proof of reserves versions', () => {
  it('keeps verifying a v1 document, whose leaves name lots by id', () => {
    const v1 = document('kazna.por/v1', [
      { side: 'custody', asset: 'BTC', leaves: [held({ lotId: LOT_ID })] },
    ]);
    expect(verifyPorDocument(v1, [PUBLIC_KEY])).toEqual({ ok: true, problems: [] });
  });

  it('refuses a v2 leaf that names a record, and passes one that names a commitment', () => {
    const named = document('kazna.por/v2', [
      { side: 'custody', asset: 'BTC', leaves: [held({ lotId: LOT_ID })] },
    ]);
    expect(verifyPorDocument(named).problems).toEqual([
      'tree custody/BTC leaf 0 (custody_lot): names a record id, which a v2 leaf never does',
    ]);
    const committed = document('kazna.por/v2', [
      { side: 'custody', asset: 'BTC', leaves: [held({ lotCommitment: COMMITMENT })] },
    ]);
    expect(verifyPorDocument(committed)).toEqual({ ok: true, problems: [] });
    expect(JSON.stringify(committed)).not.toContain(LOT_ID);
  });
});

describe("a lot's inclusion receipt", () => {
  const por = document('kazna.por/v2', [
    { side: 'custody', asset: 'BTC', leaves: [other, held({ lotCommitment: COMMITMENT })] },
    { side: 'liabilities', asset: 'BTC', leaves: [owed({ lotCommitment: COMMITMENT })] },
  ]);
  const receipt: LotReceipt = {
    lotId: LOT_ID,
    salt: SALT,
    commitment: COMMITMENT,
    porId: por.body.id,
    porSha256: por.sha256,
    leaves: por.body.trees.flatMap((t) => {
      const leaves = t.leaves.map((l) => l.leaf);
      return leaves.flatMap((leaf, index) =>
        leaf['lotCommitment'] === COMMITMENT
          ? [
              {
                side: t.side,
                asset: t.asset,
                index,
                leaf,
                proof: sumTreeProof(leaves, index),
                root: t.root,
              },
            ]
          : [],
      );
    }),
  };

  it('verifies on its own and against the signed proof it names', () => {
    expect(receipt.leaves).toHaveLength(2);
    expect(verifyLotReceipt(receipt)).toEqual({ ok: true, problems: [] });
    expect(verifyLotReceipt(receipt, por)).toEqual({ ok: true, problems: [] });
  });

  it('fails with another salt, a leaf left out, a root not published, or another proof', () => {
    expect(verifyLotReceipt({ ...receipt, salt: '00'.repeat(32) }).problems).toEqual([
      'the commitment is not the one of this lot id and salt',
    ]);
    const partial = { ...receipt, leaves: receipt.leaves.slice(0, 1) };
    expect(verifyLotReceipt(partial).ok).toBe(true);
    expect(verifyLotReceipt(partial, por).problems).toEqual([
      'leaf liabilities/BTC#0 names the lot but the receipt leaves it out',
    ]);
    const [first, second] = receipt.leaves;
    if (first === undefined || second === undefined) throw new Error('two leaves expected');
    const moved = { ...first, leaf: { ...first.leaf, amount: '1' } };
    expect(verifyLotReceipt({ ...receipt, leaves: [moved, second] }).problems).toEqual([
      'leaf custody/BTC#1 (custody_lot): the proof does not reach the root hash',
    ]);
    const forged = { ...first, proof: [], root: sumNodeJson(sumTreeRoot([first.leaf])) };
    expect(verifyLotReceipt({ ...receipt, leaves: [forged, second] }, por).problems).toEqual([
      'leaf custody/BTC#1 (custody_lot): the root is not the published root of custody/BTC',
    ]);
    expect(verifyLotReceipt({ ...receipt, porSha256: '00'.repeat(32) }, por).problems).toEqual([
      'the receipt names another proof of reserves',
    ]);
  });

  it('says a receipt that is not one is malformed, without throwing', () => {
    for (const bad of [null, {}, { ...receipt, leaves: [null] }, { ...receipt, salt: 'x' }])
      expect(verifyLotReceipt(bad)).toEqual({
        ok: false,
        problems: ['the lot receipt is malformed'],
      });
  });
});
