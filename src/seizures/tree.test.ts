import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { formatAmount } from '../core/money.ts';
import { allowLegalSteps, lot, world, type World } from '../../test/support/seizures.ts';
import { leaves, lotTreeProjector, treeProblems, type LotNode } from './tree.ts';

interface Row {
  id: string;
  parent_lot_id: string | null;
  asset: string;
  amount_units: bigint;
  remaining_units: bigint;
  status: string;
}

/** The tree as the live tables have it, built independently of the log. */
function liveTree(rows: readonly Row[], id: string): unknown {
  const r = rows.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no row ${id}`);
  return {
    lotId: r.id,
    asset: r.asset,
    amountUnits: r.amount_units.toString(),
    remainingUnits: r.remaining_units.toString(),
    status: r.status,
    parts: rows.filter((x) => x.parent_lot_id === id).map((x) => liveTree(rows, x.id)),
  };
}

function withoutHeld(n: LotNode): unknown {
  return {
    lotId: n.lotId,
    asset: n.asset,
    amountUnits: n.amountUnits,
    remainingUnits: n.remainingUnits,
    status: n.status,
    parts: n.parts.map(withoutHeld),
  };
}

/** Splits a split part again: the history and the API show the whole tree, adding up at each level. */
describe.each(testTargets())('split trees on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let caseId: string;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 's');
    await allowLegalSteps(k);
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'S-1',
      court: 'Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    caseId = c.value.id;
  });
  afterAll(() => k.close());

  async function intake(amount: string): Promise<string> {
    const r = await k.services.seizures.intake(w.officer.actor, {
      caseId,
      seizedOn: '2025-05-01',
      exchangeId: null,
      note: '',
      lots: [lot({ amount })],
    });
    if (!r.ok) throw new Error(r.message);
    return r.value.lots[0]?.id ?? '';
  }

  async function rows(): Promise<Row[]> {
    return k.db.query<Row & Record<string, unknown>>(
      `SELECT id, parent_lot_id, asset, amount_units, remaining_units, status
         FROM seizure_lots ORDER BY audit_seq, id`,
    );
  }

  async function replayProblems(): Promise<string[]> {
    const replay = lotTreeProjector.start();
    for (let cursor: number | undefined; ;) {
      const page = await k.services.audit.entries({
        order: 'asc',
        limit: 1000,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const e of page.entries) replay.apply({ ...e, seq: BigInt(e.seq) });
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    return replay.compare(k.db);
  }

  it('shows parent -> parts -> sub-parts, each level adding up, over HTTP', async () => {
    const s = k.services.seizures;
    const root = await intake('10');
    const first = await s.split(w.registrar.actor, root, ['6', '4']);
    if (!first.ok) throw new Error(first.message);
    const [six = '', four = ''] = first.value.lotIds;
    const second = await s.split(w.registrar.actor, six, ['3', '2.5', '0.5']);
    if (!second.ok) throw new Error(second.message);
    const half = second.value.lotIds[2] ?? '';
    const r = await k.app.inject({
      url: `/api/v1/seizures/lots/${half}`,
      headers: w.officer.headers,
    });
    expect(r.statusCode).toBe(200);
    const body = r.json<{ tree: unknown; history: { action: string; summary: string }[] }>();
    expect(body.tree).toMatchObject({
      lotId: root,
      amount: '10',
      heldAtSplit: '10',
      status: 'split',
      parts: [
        {
          lotId: six,
          amount: '6',
          heldAtSplit: '6',
          parts: [{ amount: '3' }, { amount: '2.5' }, { lotId: half, amount: '0.5', parts: [] }],
        },
        { lotId: four, amount: '4', heldAtSplit: null, parts: [] },
      ],
    });
    // The sub-part's story: the lot seized, its two splits, its own record; not its siblings'.
    expect(body.history.map((h) => h.action)).toEqual([
      'seizures.lot.recorded',
      'seizures.lot.split',
      'seizures.lot.recorded',
      'seizures.lot.split',
      'seizures.lot.recorded',
    ]);
    expect(await replayProblems()).toEqual([]);
  });

  it('any sequence of splits keeps the leaves adding up to the lot; the log rebuilds the tree', async () => {
    const plan = fc.array(
      fc.record({
        pick: fc.nat(),
        weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 5 },
    );
    const amount = fc.bigInt({ min: 2n, max: 10n ** 12n });
    await fc.assert(
      fc.asyncProperty(amount, plan, async (units, splits) => {
        const s = k.services.seizures;
        const root = await intake(formatAmount(units, 'BTC'));
        let open = [{ id: root, units }];
        for (const { pick, weights } of splits) {
          const at = pick % open.length;
          const target = open[at];
          if (target === undefined) continue;
          const total = BigInt(weights.reduce((a, b) => a + b, 0));
          const parts = weights.slice(0, -1).map((wt) => (target.units * BigInt(wt)) / total);
          parts.push(target.units - parts.reduce((a, b) => a + b, 0n));
          if (parts.some((p) => p <= 0n)) continue;
          const r = await s.split(
            w.registrar.actor,
            target.id,
            parts.map((p) => formatAmount(p, 'BTC')),
          );
          if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
          const made = r.value.lotIds.map((id, i) => ({ id, units: parts[i] ?? 0n }));
          open = [...open.slice(0, at), ...made, ...open.slice(at + 1)];
        }
        const { tree } = await s.history(root);
        if (tree === null) throw new Error('no tree');
        expect(treeProblems(tree)).toEqual([]);
        const leafTotal = leaves(tree).reduce((a, l) => a + BigInt(l.amountUnits), 0n);
        expect(leafTotal).toBe(units);
        expect(withoutHeld(tree)).toEqual(liveTree(await rows(), root));
      }),
      { numRuns: 6 },
    );
    expect(await replayProblems()).toEqual([]);
  }, 120_000);
});
