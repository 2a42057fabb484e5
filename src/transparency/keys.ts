import { createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendAudit } from '../audit/append.ts';
import {
  generateKey,
  keyFromPrivate,
  writeKeyFile,
  type AuditService,
  type LogKey,
} from '../audit/service.ts';
import type { Clock } from '../core/clock.ts';
import { ok } from '../core/result.ts';
import type { Db } from '../db/pool.ts';
import { REPORT_KEY_ACTION } from '../../verifier/src/reports.ts';

/**
 * The report key signs reports and proofs of reserves. It is an Ed25519 key of its own, not the log
 * key, so the audit domain keeps its key to itself; it lives beside the log key in the data folder
 * (0600, from the OS CSPRNG) and enters the log as a `transparency.report_key.introduced` entry
 * before its first signature. A bundle carries that entry with its inclusion proof, so a verifier
 * learns the key from the log, not from the server's word.
 */
export const REPORT_KEY_FILE = 'transparency-report-key.pem';

export async function loadReportKey(dataDir: string): Promise<LogKey> {
  const path = join(dataDir, REPORT_KEY_FILE);
  if ((await stat(path).catch(() => null)) !== null)
    return keyFromPrivate(createPrivateKey(await readFile(path, 'utf8')), 'data_dir');
  const generated = generateKey();
  await writeKeyFile(path, generated.pem);
  return generated.key;
}

export interface IntroducedKey {
  readonly key: LogKey;
  /** The seq of the entry that introduced the key. */
  readonly seq: number;
}

/** Finds the key's introduction in the log, appending it first if the log has not seen the key. */
export async function introduceReportKey(
  deps: { readonly db: Db; readonly clock: Clock; readonly audit: AuditService },
  key: LogKey,
): Promise<IntroducedKey> {
  const found = await findIntroduction(deps.audit, key.keyId);
  if (found !== null) return { key, seq: found };
  const made = await deps.db.command(async (tx) => {
    const { seq } = await appendAudit(tx, deps.clock, {
      actor: 'system',
      action: REPORT_KEY_ACTION,
      subjects: [`report_key:${key.keyId}`],
      payload: { keyId: key.keyId, publicKey: key.publicKeyHex },
    });
    return ok(Number(seq));
  });
  if (!made.ok) throw new Error('the report key could not be introduced');
  return { key, seq: made.value };
}

async function findIntroduction(audit: AuditService, keyId: string): Promise<number | null> {
  const page = await audit.entries({
    action: REPORT_KEY_ACTION,
    subject: `report_key:${keyId}`,
    order: 'asc',
    limit: 1,
  });
  return page.entries[0]?.seq ?? null;
}
