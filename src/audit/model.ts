import type { Json } from '../core/canonical.ts';
import type { SignedCheckpoint } from '../../verifier/src/formats.ts';

/** What the audit API hands out. Hashes and keys are lower-case hex; sizes and seqs are numbers. */
export interface EntryView {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly action: string;
  readonly subjects: readonly string[];
  readonly payload: Json;
  /** The exact canonical text that was hashed; a verifier rehashes this. */
  readonly entry: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface CheckpointView extends SignedCheckpoint {
  readonly size: number;
  readonly cosignatures: readonly { readonly witnessId: string; readonly signature: string }[];
}

export interface KeyView {
  readonly keyId: string;
  readonly algorithm: 'ed25519';
  readonly publicKey: string;
  /** Seq of the entry that introduced it; it signs checkpoints of size > this. */
  readonly introducedAt: number;
  readonly introducedOn: string;
  readonly previousKeyId: string | null;
  readonly current: boolean;
}

export interface WitnessView {
  readonly witnessId: string;
  readonly name: string;
  readonly publicKey: string;
  readonly registeredAt: number;
  readonly registeredOn: string;
}

export type ProofError =
  'size_zero' | 'index_not_below_size' | 'old_size_exceeds_new_size' | 'size_exceeds_log';

export type CheckpointError = 'log_key_not_current';
export type RotateError = 'log_key_managed_externally';
export type WitnessError = 'witness_key_invalid' | 'witness_exists';
export type CosignError =
  'checkpoint_not_found' | 'witness_not_found' | 'cosignature_invalid' | 'cosignature_exists';

/** Checks a proof request before any read: index < size, 1 <= m <= n, size > 0. */
export function checkInclusionRequest(
  index: number,
  size: number,
  logSize: number,
): { code: ProofError; message: string } | null {
  if (size === 0) return { code: 'size_zero', message: 'the empty tree has no inclusion proofs' };
  if (index >= size)
    return { code: 'index_not_below_size', message: `index ${index} is not below size ${size}` };
  if (size > logSize)
    return { code: 'size_exceeds_log', message: `size ${size} exceeds the log's ${logSize}` };
  return null;
}

export function checkConsistencyRequest(
  m: number,
  n: number,
  logSize: number,
): { code: ProofError; message: string } | null {
  if (m === 0 || n === 0)
    return { code: 'size_zero', message: 'consistency is defined from a non-empty tree' };
  if (m > n)
    return { code: 'old_size_exceeds_new_size', message: `old size ${m} exceeds new size ${n}` };
  if (n > logSize)
    return { code: 'size_exceeds_log', message: `size ${n} exceeds the log's ${logSize}` };
  return null;
}
