import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSETS, type AssetCode } from '../core/assets.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { asId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { NewTransfer, TransferKind } from './model.ts';
import { batchPayload, transferRecords } from './payload.ts';

/**
 * Format 2 writes a batch by column. Whatever the batch (values shared or not, columns all null or
 * not, few accounts or many), reading it back gives each transfer exactly as the row-per-transfer
 * format stated it, and so the replay rebuilds the same balances from either.
 */
const few = <T>(values: readonly T[]) => fc.constantFrom(...values);
const uuid = fc.uuid();
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
// Small pools, so that batches have shared values and repeated accounts as often as distinct ones.
const accounts = fc.uniqueArray(uuid, { minLength: 2, maxLength: 5 });
const text = fc.oneof(few(['bench.move', 'seizure.intake', '']), fc.string({ maxLength: 8 }));

function transferAt(pool: readonly string[]) {
  return fc.record({
    id: uuid,
    kind: few<TransferKind>(['single', 'pending', 'post', 'void', 'expire']),
    debit: fc.nat({ max: pool.length - 1 }),
    credit: fc.nat({ max: pool.length - 1 }),
    asset: few(Object.keys(ASSETS) as AssetCode[]),
    amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
    pendingId: maybe(uuid),
    pendingReleased: maybe(fc.bigInt({ min: 1n, max: 10n ** 6n })),
    timeoutSeconds: maybe(fc.nat({ max: 1000 })),
    expiresAt: maybe(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })),
    code: text,
    reason: text,
    caseId: fc.option(text, { nil: undefined }),
    lotId: fc.option(text, { nil: undefined }),
    correctsId: maybe(uuid),
    valueAt: maybe(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })),
    clearance: maybe(few(['policy:1/ordinary-fee', 'approval:r1'])),
    requestHash: few(['a'.repeat(64), 'b'.repeat(64)]),
  });
}

const batch = accounts.chain((pool) =>
  fc.array(transferAt(pool), { minLength: 1, maxLength: 40 }).map((rows) =>
    rows.map((r, i): NewTransfer => ({
      ...r,
      id: asId(r.id),
      debitAccountId: asId(pool[r.debit] ?? ''),
      creditAccountId: asId(pool[r.credit] ?? ''),
      pendingId: r.pendingId === null ? null : asId(r.pendingId),
      correctsId: r.correctsId === null ? null : asId(r.correctsId),
      refs: {
        ...(r.caseId === undefined ? {} : { caseId: r.caseId }),
        ...(r.lotId === undefined ? {} : { lotId: r.lotId }),
      },
      actor: 'tester',
      createdAt: new Date(0),
      batchIndex: i,
    })),
  ),
);

/** A transfer as the format before columns stated it, refs flattened. */
function expected(t: NewTransfer): Record<string, Json> {
  return {
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    id: t.id,
    kind: t.kind,
    asset: t.asset,
    amount: formatAmount(t.amount, t.asset),
    pendingId: t.pendingId,
    pendingReleased: t.pendingReleased === null ? null : formatAmount(t.pendingReleased, t.asset),
    timeoutSeconds: t.timeoutSeconds,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    code: t.code,
    reason: t.reason,
    caseId: t.refs.caseId ?? null,
    lotId: t.refs.lotId ?? null,
    approvalId: null,
    externalTxId: null,
    correctsId: t.correctsId,
    valueAt: t.valueAt?.toISOString() ?? null,
    clearance: t.clearance,
    requestHash: t.requestHash,
    createdAt: t.createdAt.toISOString(),
    batchIndex: t.batchIndex,
  };
}

/** What the log holds is text: read it back the way the replay does. */
const stored = (transfers: readonly NewTransfer[]): Json =>
  JSON.parse(canonicalize(batchPayload(transfers))) as Json;

const sample: NewTransfer = {
  id: asId('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f70'),
  kind: 'single',
  debitAccountId: asId('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f71'),
  creditAccountId: asId('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f72'),
  asset: 'BTC',
  amount: 1000n,
  pendingId: null,
  pendingReleased: null,
  timeoutSeconds: null,
  expiresAt: null,
  code: 'bench.move',
  reason: 'benchmark',
  refs: {},
  correctsId: null,
  valueAt: null,
  actor: 'tester',
  requestHash: 'c'.repeat(64),
  createdAt: new Date(0),
  batchIndex: 0,
  clearance: null,
};

function sampleAt(i: number): NewTransfer {
  return { ...sample, id: asId(`0192f0a4-7d1c-7e0a-8b1b-00000000000${i}`), batchIndex: i };
}

describe('ledger batch payload, format 2', () => {
  it('reads back every transfer as it was written', () => {
    fc.assert(
      fc.property(batch, (transfers) => {
        const read = transferRecords(stored(transfers));
        expect(read).toEqual({ ok: true, value: transfers.map(expected) });
      }),
      { numRuns: 1000 },
    );
  });

  it('names each account once and leaves out what every transfer leaves null', () => {
    fc.assert(
      fc.property(batch, (transfers) => {
        const payload = batchPayload(transfers) as { accounts: string[]; columns: object };
        const named = new Set(transfers.flatMap((t) => [t.debitAccountId, t.creditAccountId]));
        expect(payload.accounts).toHaveLength(named.size);
        expect(new Set(payload.accounts)).toEqual(named);
        expect('approvalId' in payload.columns).toBe(false);
      }),
    );
  });

  it('writes a batch that shares its values once, not once per transfer', () => {
    const [a, b] = ['0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f71', '0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f72'];
    const one = (i: number): NewTransfer => ({
      ...sample,
      id: asId(`0192f0a4-7d1c-7e0a-8b1b-${i.toString().padStart(12, '0')}`),
      debitAccountId: asId(a),
      creditAccountId: asId(b),
      batchIndex: i,
    });
    const payload = batchPayload(Array.from({ length: 3 }, (_, i) => one(i)));
    expect(payload).toEqual({
      format: 2,
      count: 3,
      accounts: [a, b],
      columns: {
        debit: 0,
        credit: 1,
        id: [0, 1, 2].map((i) => `0192f0a4-7d1c-7e0a-8b1b-${i.toString().padStart(12, '0')}`),
        kind: 'single',
        asset: 'BTC',
        amount: '0.00001',
        code: 'bench.move',
        reason: 'benchmark',
        requestHash: 'c'.repeat(64),
        createdAt: '1970-01-01T00:00:00.000Z',
      },
    });
  });

  it('passes entries of the earlier format through unchanged', () => {
    const old = { transfers: [{ id: 'x', debitAccountId: 'a', creditAccountId: 'b' }] };
    expect(transferRecords(old)).toEqual({ ok: true, value: old.transfers });
  });

  const good = JSON.parse(canonicalize(batchPayload([sampleAt(0), sampleAt(1)]))) as {
    columns: Record<string, Json>;
  };
  it.each<[string, Json, RegExp]>([
    ['not an object', [1], /not an object/],
    ['an unknown format', { ...good, format: 3 }, /unknown payload format 3/],
    ['no transfers', { ...good, count: 0 }, /count is not a positive integer/],
    ['a short column', { ...good, columns: { ...good.columns, id: ['x'] } }, /column id holds 1/],
    ['an unknown column', { ...good, columns: { ...good.columns, fee: 1 } }, /unknown column fee/],
    ['an account outside the list', { ...good, columns: { ...good.columns, debit: 7 } }, /outside/],
    ['a listed transfer that is not an object', { transfers: [1] }, /not an object/],
  ])('refuses %s', (_, payload, message) => {
    const read = transferRecords(payload);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.code).toBe('payload_malformed');
      expect(read.message).toMatch(message);
    }
  });
});
