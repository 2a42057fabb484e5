import type { Projector, Replay, ReplayEntry } from '../audit/replay.ts';
import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';
import { applyEntry, type HistoryEvent, type LotState } from './history.ts';
import type { LegalStatus } from './model.ts';

/**
 * Split trees rebuilt from the log. A part of a split lot can itself be split, so a lot's story is
 * a tree: the lot seized, its parts, their sub-parts. The fold keeps, beside each lot's state
 * (`applyEntry`), its parent and what it held when it was split, so every level can be checked:
 * the parts add up to what their parent held at that moment, and the leaves to the seized lot.
 */
export interface LotNode {
  readonly lotId: string;
  readonly asset: string;
  readonly amountUnits: string;
  readonly remainingUnits: string;
  readonly status: LegalStatus;
  /** What the lot held when it was split (per the fold, before the split); null if never split. */
  readonly heldAtSplitUnits: string | null;
  readonly parts: readonly LotNode[];
}

interface Link {
  readonly parentLotId: string | null;
  readonly parts: readonly string[];
  readonly heldAtSplitUnits: string | null;
}

export interface Folded {
  readonly lots: Map<string, LotState>;
  readonly links: Map<string, Link>;
  /** Summaries by entry seq, for the history of one lot. */
  readonly summaries: Map<bigint, string>;
}

type P = Readonly<Record<string, Json>>;

function str(p: P, k: string): string {
  const v = p[k];
  return typeof v === 'string' ? v : '';
}

export function emptyFold(): Folded {
  return { lots: new Map(), links: new Map(), summaries: new Map() };
}

/** Applies one entry: the lot's state through `applyEntry`, and the tree's links around it. */
export function foldEntry(f: Folded, e: ReplayEntry): void {
  const p = e.payload as P;
  let held: string | null = null;
  if (e.action === 'seizures.lot.split') {
    held = f.lots.get(str(p, 'parentLotId'))?.remainingUnits ?? null;
  }
  const summary = applyEntry(f.lots, e);
  if (summary === null) return;
  f.summaries.set(e.seq, summary);
  if (e.action === 'seizures.lot.recorded') {
    const lot = p['lot'] as P;
    const parent = typeof lot['parentLotId'] === 'string' ? lot['parentLotId'] : null;
    f.links.set(str(lot, 'id'), { parentLotId: parent, parts: [], heldAtSplitUnits: null });
  }
  if (e.action === 'seizures.lot.split') {
    const id = str(p, 'parentLotId');
    const parts = (p['parts'] as P[]).map((x) => str(x, 'lotId'));
    const link = f.links.get(id);
    if (link !== undefined) f.links.set(id, { ...link, parts, heldAtSplitUnits: held });
  }
}

export function fold(entries: readonly ReplayEntry[]): Folded {
  const f = emptyFold();
  for (const e of entries) foldEntry(f, e);
  return f;
}

/** The chain from the seized lot down to `lotId`'s parent (empty for an unsplit lot). */
export function ancestorsOf(f: Folded, lotId: string): string[] {
  const out: string[] = [];
  const seen = new Set([lotId]);
  for (let id = f.links.get(lotId)?.parentLotId ?? null; id !== null;) {
    if (seen.has(id)) break;
    seen.add(id);
    out.unshift(id);
    id = f.links.get(id)?.parentLotId ?? null;
  }
  return out;
}

export function treeOf(f: Folded, lotId: string): LotNode | null {
  const s = f.lots.get(lotId);
  if (s === undefined) return null;
  const link = f.links.get(lotId);
  const parts = (link?.parts ?? []).flatMap((id) => {
    const node = treeOf(f, id);
    return node === null ? [] : [node];
  });
  return {
    lotId,
    asset: s.asset,
    amountUnits: s.amountUnits,
    remainingUnits: s.remainingUnits,
    status: s.status,
    heldAtSplitUnits: link?.heldAtSplitUnits ?? null,
    parts,
  };
}

export function leaves(node: LotNode): LotNode[] {
  return node.parts.length === 0 ? [node] : node.parts.flatMap(leaves);
}

/** Every level where the parts do not add up to what their parent held; empty when sound. */
export function treeProblems(node: LotNode): string[] {
  const own: string[] = [];
  if (node.parts.length > 0) {
    const sum = node.parts.reduce((a, p) => a + BigInt(p.amountUnits), 0n);
    if (node.heldAtSplitUnits === null || sum !== BigInt(node.heldAtSplitUnits)) {
      own.push(
        `lot ${node.lotId}: parts add up to ${sum}, it held ${node.heldAtSplitUnits ?? 'nothing'}`,
      );
    }
  }
  return [...own, ...node.parts.flatMap(treeProblems)];
}

/**
 * One lot's story from the entries of its tree: its state, its history (its own entries and its
 * ancestors', but not its siblings'), and the whole tree from the seized lot down.
 */
export function lotStory(
  lotId: string,
  entries: readonly ReplayEntry[],
): { state: LotState | null; history: HistoryEvent[]; tree: LotNode | null } {
  const f = fold(entries);
  const ancestors = ancestorsOf(f, lotId);
  const ours = new Set([lotId, ...ancestors]);
  const history: HistoryEvent[] = [];
  for (const e of entries) {
    const summary = f.summaries.get(e.seq);
    if (summary === undefined || !e.subjects.some((s) => ours.has(s))) continue;
    // An ancestor's subjects also name the parts it was split into; a sibling's own record is not
    // part of this lot's story.
    if (e.action === 'seizures.lot.recorded' && !ours.has(e.subjects[0] ?? '')) continue;
    history.push({
      seq: e.seq.toString(),
      at: e.recordedAt,
      actor: e.actor,
      action: e.action,
      summary,
    });
  }
  return { state: f.lots.get(lotId) ?? null, history, tree: treeOf(f, ancestors[0] ?? lotId) };
}

class TreeReplay implements Replay {
  private readonly f = emptyFold();

  apply(entry: ReplayEntry): void {
    foldEntry(this.f, entry);
  }

  async compare(db: Queryable): Promise<string[]> {
    const rows = await db.query<{ id: string; parent_lot_id: string | null; amount_units: bigint }>(
      'SELECT id, parent_lot_id, amount_units FROM seizure_lots',
    );
    const problems: string[] = [];
    for (const r of rows) {
      const link = this.f.links.get(r.id);
      const s = this.f.lots.get(r.id);
      if (link === undefined || s === undefined) continue; // the lots projector reports it
      if (link.parentLotId !== r.parent_lot_id)
        problems.push(
          `lot ${r.id}: parent ${r.parent_lot_id ?? '-'}, log ${link.parentLotId ?? '-'}`,
        );
      if (s.amountUnits !== r.amount_units.toString())
        problems.push(`lot ${r.id}: amount ${r.amount_units}, log ${s.amountUnits}`);
      if (link.parentLotId === null) {
        const tree = treeOf(this.f, r.id);
        if (tree !== null) problems.push(...treeProblems(tree));
      }
    }
    return problems;
  }
}

/** `kazna audit verify --replay`: every split tree, rebuilt from the log, matches and adds up. */
export const lotTreeProjector: Projector = {
  name: 'seizures.lot_tree',
  start: () => new TreeReplay(),
};
