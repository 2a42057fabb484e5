import type { SignedCheckpoint } from './formats.ts';

/**
 * What a verification found. Each finding names where (an entry's seq or a checkpoint's size) and
 * carries its evidence (what the verifier computed versus what it found), so a report can be shown
 * to someone else and checked by them.
 */
export type FindingCode =
  | 'entry_missing'
  | 'entry_out_of_order'
  | 'entry_malformed'
  | 'entry_seq_mismatch'
  | 'entry_link_broken'
  | 'entry_hash_mismatch'
  | 'entry_column_mismatch'
  | 'merkle_leaf_mismatch'
  | 'merkle_node_mismatch'
  | 'merkle_nodes_extra'
  | 'head_mismatch'
  | 'head_unsigned'
  | 'head_signature_invalid'
  | 'checkpoint_key_unknown'
  | 'checkpoint_key_not_current'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_origin_mismatch'
  | 'checkpoint_root_mismatch'
  | 'checkpoint_time_regressed'
  | 'checkpoint_unverifiable'
  | 'checkpoint_beyond_log'
  | 'checkpoint_inconsistent'
  | 'checkpoint_stored_mismatch'
  | 'trusted_checkpoint_forked'
  | 'log_rolled_back'
  | 'log_key_entry_invalid'
  | 'log_key_not_pinned'
  | 'log_key_rotation_broken'
  | 'log_key_endorsement_invalid'
  | 'witness_entry_invalid'
  | 'cosignature_invalid'
  | 'cosignature_unmatched'
  | 'witnesses_insufficient'
  | 'bundle_malformed'
  | 'replay_mismatch'
  | 'row_not_in_log'
  | 'row_missing'
  | 'row_differs'
  | 'signature_evidence_invalid';

export interface Finding {
  readonly code: FindingCode;
  readonly message: string;
  readonly seq?: number;
  readonly checkpointSize?: number;
  readonly expected?: string;
  readonly found?: string;
  /** For a row finding: the table, the row's key, and the column that differs. */
  readonly table?: string;
  readonly row?: string;
  readonly column?: string;
  /** For a signature finding: where in the entry (`payload.signature`) and whose signature. */
  readonly path?: string;
  readonly userId?: string;
}

export interface Report {
  readonly ok: boolean;
  /** Entries in the log (or up to the end of the checked range). */
  readonly size: number;
  /** The root the checker rebuilt; null when the log is broken before its end. */
  readonly root: string | null;
  readonly entriesChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint: SignedCheckpoint | null;
  /** The latest checkpoint with at least one valid witness cosignature. */
  readonly witnessed: { readonly size: number; readonly witnesses: readonly string[] } | null;
  /** The lowest-numbered entry any finding points at. */
  readonly firstBadEntry: Finding | null;
  /** The first findings (capped); `findingsTotal` counts them all. */
  readonly findings: readonly Finding[];
  readonly findingsTotal: number;
}

export function findingOf(
  code: FindingCode,
  message: string,
  where: Omit<Finding, 'code' | 'message'> = {},
): Finding {
  return { code, message, ...where };
}

/** Adds findings made outside the checker (stored columns, replay) and recomputes the verdict. */
export function withFindings(report: Report, extra: readonly Finding[], findingsMax = 100): Report {
  if (extra.length === 0) return report;
  const all = [...report.findings, ...extra];
  const firstBad = firstBadEntry(all);
  return {
    ...report,
    ok: false,
    findings: all.slice(0, findingsMax),
    findingsTotal: report.findingsTotal + extra.length,
    firstBadEntry: firstBad,
  };
}

/** The finding about the lowest-numbered entry, if any finding names one. */
export function firstBadEntry(findings: readonly Finding[]): Finding | null {
  let best: Finding | null = null;
  for (const f of findings)
    if (f.seq !== undefined && (best?.seq === undefined || f.seq < best.seq)) best = f;
  return best;
}
