import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSETS, type AssetCode } from '../core/assets.ts';
import { canonicalize } from '../core/canonical.ts';
import { asId } from '../core/ids.ts';
import {
  transferRequestCanonical,
  transferRequestJson,
  type TransferInput,
  type TransferRefs,
} from './model.ts';

/** The hand-written request encoding is an optimisation; it must never differ from the definition. */
const text = fc.string({ maxLength: 12 });
const id = fc.uuid().map((u) => asId<'LedgerTransfer'>(u));
const account = fc.uuid().map((u) => asId<'LedgerAccount'>(u));
const refs: fc.Arbitrary<TransferRefs> = fc.record(
  { caseId: text, lotId: text, approvalId: text, externalTxId: text },
  { requiredKeys: [] },
);
const common = fc.record(
  {
    id,
    asset: fc.constantFrom(...(Object.keys(ASSETS) as AssetCode[])),
    code: text,
    reason: text,
    refs,
    correctsId: id,
  },
  { requiredKeys: ['id', 'asset', 'code', 'reason'] },
);
const amount = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const input: fc.Arbitrary<TransferInput> = fc.oneof(
  fc
    .tuple(common, account, account, amount, fc.option(fc.date({ noInvalidDate: true })))
    .map(([c, d, cr, a, v]) => ({
      ...c,
      kind: 'single' as const,
      debitAccountId: d,
      creditAccountId: cr,
      amount: a,
      ...(v === null ? {} : { valueAt: v }),
    })),
  fc.tuple(common, account, account, amount, fc.nat()).map(([c, d, cr, a, t]) => ({
    ...c,
    kind: 'pending' as const,
    debitAccountId: d,
    creditAccountId: cr,
    amount: a,
    timeoutSeconds: t,
  })),
  fc.tuple(common, id, fc.option(amount, { nil: undefined })).map(([c, p, a]) => ({
    ...c,
    kind: 'post' as const,
    pendingId: p,
    ...(a === undefined ? {} : { amount: a }),
  })),
  fc.tuple(common, id).map(([c, p]) => ({ ...c, kind: 'void' as const, pendingId: p })),
);

describe('transfer request encoding', () => {
  it('equals the canonical JSON of the request for every kind', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(transferRequestCanonical(i)).toBe(canonicalize(transferRequestJson(i)));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what canonical JSON refuses', () => {
    const bad = {
      kind: 'pending' as const,
      id: asId<'LedgerTransfer'>('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f70'),
      debitAccountId: asId<'LedgerAccount'>('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f71'),
      creditAccountId: asId<'LedgerAccount'>('0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f72'),
      asset: 'BTC',
      amount: 1n,
      code: 'x.y',
      reason: 'r',
      timeoutSeconds: Number.NaN,
    } as const;
    expect(() => canonicalize(transferRequestJson(bad))).toThrow();
    expect(() => transferRequestCanonical(bad)).toThrow();
  });
});
