import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTOR,
  ledgerFixture,
  openAccount,
  single,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import { SUBJECT_TRANSFERS_MAX } from './service.ts';

/** What a batch's audit entry is indexed under: its transfers when few, its accounts always. */
describe.each(testTargets())('ledger audit subjects on $label', (target) => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture(target);
  });
  afterAll(async () => {
    await f.close();
  });

  async function subjectsOf(seq: bigint): Promise<string[]> {
    const [row] = await f.database.db.query<{ subjects: string[] }>(
      'SELECT subjects FROM audit_entries WHERE seq = $1',
      [seq],
    );
    return row?.subjects ?? [];
  }

  it.each([
    ['a single transfer', 1, true],
    ['the largest batch that names its transfers', SUBJECT_TRANSFERS_MAX, true],
    ['a larger batch', SUBJECT_TRANSFERS_MAX + 1, false],
  ])('%s: transfers named %s', async (_what, size, named) => {
    const a = await openAccount(f.ledger, 'BTC');
    const b = await openAccount(f.ledger, 'BTC');
    const batch = Array.from({ length: size }, () => single(f.ids, a.id, b.id, 1n));
    const r = await f.ledger.transferBatch(ACTOR, batch);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const seq = r.value.transfers[0]?.auditSeq;
    expect(seq).toBeDefined();
    const subjects = await subjectsOf(seq ?? -1n);
    const ids = batch.map((t) => t.id);
    expect(subjects).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(subjects).toHaveLength(named ? size + 2 : 2);
    if (named) expect(subjects).toEqual(expect.arrayContaining(ids));
    // Either way the transfer's own row leads to the entry.
    const t = await f.ledger.read.transfer(ids[size - 1] ?? '');
    expect(t?.auditSeq).toBe(seq);
  });
});
