import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../core/result.ts';
import type { EvidenceError } from './codes.ts';

/**
 * The evidence store (KAZNA_EVIDENCE_DIR): files kept by their SHA-256, under a folder named by the
 * hash's first two characters. A file's name is its content's hash, so storing is idempotent and a
 * stored file cannot be replaced by other bytes; the server hashes what it received and refuses
 * bytes that do not match the name they were sent under.
 */
export const EVIDENCE_MAX_BYTES = 25 * 1024 * 1024;

export function evidencePath(dir: string, sha256: string): string {
  return join(dir, sha256.slice(0, 2), sha256);
}

export async function storeEvidence(
  dir: string | null,
  sha256: string,
  bytes: Uint8Array,
): Promise<Result<{ created: boolean }, EvidenceError>> {
  if (dir === null) {
    return err('evidence_store_not_configured', 'this deployment keeps no evidence files');
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    return err('evidence_hash_mismatch', 'the bytes do not hash to the name they were sent as', {
      expected: sha256,
      actual,
    });
  }
  const path = evidencePath(dir, sha256);
  if (await exists(path)) return ok({ created: false });
  await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
  // Written beside and renamed: a reader never sees half a file under the hash's name.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, bytes, { mode: 0o600 });
  await rename(partial, path);
  return ok({ created: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
