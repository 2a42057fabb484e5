import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/identity.ts';
import {
  decideClaimApproval,
  decideHandOver,
  decidePayout,
  decideSplit,
  decideTransition,
  LEGAL_STATUSES,
  nextSteps,
  splitByBasisPoints,
  type CustodyFacts,
  type LegalStatus,
  type StepRefusal,
} from './model.ts';

/**
 * The legal state machine, written out by hand as the law reads (independently of TRANSITIONS):
 * [from, to, roles that may record it, court order required, ground required].
 */
type Row = readonly [LegalStatus, LegalStatus, readonly Role[], boolean, boolean];
const R: readonly Role[] = ['court_registrar'];
const BEFORE: readonly LegalStatus[] = ['seized', 'frozen', 'forfeiture_pending'];
const ALLOWED: readonly Row[] = [
  ['seized', 'frozen', ['enforcement_officer', 'court_registrar'], false, false],
  ['seized', 'forfeiture_pending', R, false, false],
  ['frozen', 'forfeiture_pending', R, false, false],
  ['forfeiture_pending', 'forfeited', R, true, false],
  ...BEFORE.flatMap((from): Row[] => [
    [from, 'returned_to_owner', R, true, false],
    [from, 'restitution_to_victims', R, true, false],
    [from, 'released', R, false, false],
    [from, 'emergency_sold', R, false, true],
  ]),
  ['emergency_sold', 'forfeited', R, true, false],
  ['emergency_sold', 'returned_to_owner', R, true, false],
  ['emergency_sold', 'restitution_to_victims', R, true, false],
];

const full = {
  courtOrderRef: 'Court 2-123/2025',
  courtOrderDate: '2025-06-30',
  courtOrderSha256: 'ab'.repeat(32),
  ground: 'price fell 12% in a week',
  reason: 'order',
};

describe('legal status transitions', () => {
  const pairs = LEGAL_STATUSES.flatMap((from) => LEGAL_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s: allowed only as the table says', (from, to) => {
    const row = ALLOWED.find(([f, t]) => f === from && t === to);
    const r = decideTransition(from, { to, ...full }, ROLES);
    if (row === undefined) {
      expect(r.ok ? 'ok' : r.code).toBe('transition_not_allowed');
      return;
    }
    expect(r.ok).toBe(true);
  });

  it.each(ALLOWED.flatMap((row) => ROLES.map((role) => [row[0], row[1], role, row] as const)))(
    '%s -> %s recorded by %s',
    (from, to, role, row) => {
      const r = decideTransition(from, { to, ...full }, [role]);
      if (row[2].includes(role)) expect(r).toMatchObject({ ok: true });
      else expect(r.ok ? 'ok' : r.code).toBe('role_not_allowed');
    },
  );

  it.each(ALLOWED)(
    '%s -> %s without a court order or a ground',
    (from, to, roles, court, ground) => {
      const noOrder = decideTransition(from, { to, ...full, courtOrderRef: null }, roles);
      expect(noOrder.ok ? 'ok' : noOrder.code).toBe(court ? 'court_order_required' : 'ok');
      const blankOrder = decideTransition(from, { to, ...full, courtOrderRef: '  ' }, roles);
      expect(blankOrder.ok ? 'ok' : blankOrder.code).toBe(court ? 'court_order_required' : 'ok');
      const noGround = decideTransition(from, { to, ...full, ground: null }, roles);
      expect(noGround.ok ? 'ok' : noGround.code).toBe(ground ? 'ground_required' : 'ok');
    },
  );

  it.each(ALLOWED)(
    '%s -> %s: an order is its reference, its date and its document',
    (from, to, roles, court) => {
      const missing = [
        [{ courtOrderDate: null }, 'court_order_required'],
        [{ courtOrderDate: ' ' }, 'court_order_required'],
        [{ courtOrderSha256: null }, 'court_order_document_required'],
        [{ courtOrderSha256: 'AB'.repeat(32) }, 'court_order_document_required'],
        [{ courtOrderSha256: 'ab'.repeat(31) }, 'court_order_document_required'],
      ] as const;
      for (const [over, code] of missing) {
        const r = decideTransition(from, { to, ...full, ...over }, roles);
        expect(r.ok ? 'ok' : r.code).toBe(court ? code : 'ok');
      }
    },
  );

  it('refuses a step without a reason', () => {
    const r = decideTransition('seized', { to: 'frozen', ...full, reason: ' ' }, R);
    expect(r.ok ? 'ok' : r.code).toBe('reason_required');
  });

  it('names the allowed next statuses in the evidence', () => {
    const r = decideTransition('forfeited', { to: 'released', ...full }, R);
    expect(r).toMatchObject({ ok: false, detail: { from: 'forfeited', allowed: [] } });
  });
});

/**
 * What the lot page offers, written out by hand: for a status and a role, each decision's answer
 * (ok, or the reason it is closed, with the step to take first).
 */
type Offer = 'ok' | StepRefusal | `needs_step_first:${LegalStatus}`;
const OFFERS: readonly (readonly [LegalStatus, Role, Partial<Record<LegalStatus, Offer>>])[] = [
  [
    'seized',
    'court_registrar',
    {
      frozen: 'ok',
      forfeiture_pending: 'ok',
      forfeited: 'needs_step_first:forfeiture_pending',
      returned_to_owner: 'ok',
      restitution_to_victims: 'ok',
      emergency_sold: 'ok',
      released: 'ok',
    },
  ],
  [
    'seized',
    'enforcement_officer',
    {
      frozen: 'ok',
      forfeiture_pending: 'court_only',
      forfeited: 'needs_step_first:forfeiture_pending',
      returned_to_owner: 'court_only',
      released: 'court_only',
    },
  ],
  ['seized', 'auditor', { frozen: 'role_not_allowed', forfeiture_pending: 'court_only' }],
  [
    'frozen',
    'court_registrar',
    { forfeiture_pending: 'ok', forfeited: 'needs_step_first:forfeiture_pending', released: 'ok' },
  ],
  [
    'forfeiture_pending',
    'court_registrar',
    { frozen: 'not_from_this_status', forfeited: 'ok', emergency_sold: 'ok' },
  ],
  [
    'emergency_sold',
    'court_registrar',
    {
      frozen: 'not_from_this_status',
      forfeiture_pending: 'not_from_this_status',
      forfeited: 'ok',
      restitution_to_victims: 'ok',
      released: 'not_from_this_status',
    },
  ],
  [
    'forfeited',
    'court_registrar',
    { frozen: 'lot_finally_decided', released: 'lot_finally_decided' },
  ],
  ['returned_to_owner', 'court_registrar', { forfeited: 'lot_finally_decided' }],
  ['restitution_to_victims', 'court_registrar', { forfeited: 'lot_finally_decided' }],
  ['released', 'court_registrar', { frozen: 'lot_finally_decided' }],
  ['split', 'court_registrar', { forfeited: 'lot_finally_decided' }],
];

describe('next steps offered on the lot page', () => {
  it.each(OFFERS)('a %s lot, for a %s', (from, role, expected) => {
    const steps = nextSteps(from, [role]);
    expect(steps.map((s) => s.to)).not.toContain(from);
    for (const [to, offer] of Object.entries(expected)) {
      const step = steps.find((s) => s.to === to);
      const got =
        step === undefined
          ? 'missing'
          : step.allowed
            ? 'ok'
            : step.reason === 'needs_step_first'
              ? `needs_step_first:${step.first ?? ''}`
              : step.reason;
      expect([to, got]).toEqual([to, offer]);
    }
  });

  it.each(LEGAL_STATUSES)('from %s: offered exactly when the decision itself allows it', (from) => {
    for (const step of nextSteps(from, ROLES)) {
      const r = decideTransition(from, { to: step.to, ...full }, ROLES);
      expect([step.to, step.allowed]).toEqual([step.to, r.ok]);
    }
  });
});

describe('splits', () => {
  it('parts by basis points always add up to the lot exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 8 }),
        (total, weights) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const bps = weights.map((w) => Math.floor((w * 10_000) / sum));
          bps[bps.length - 1] = 10_000 - bps.slice(0, -1).reduce((a, b) => a + b, 0);
          fc.pre(bps.every((b) => b > 0));
          const parts = splitByBasisPoints(total, bps);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          expect(parts.every((p) => p >= 0n)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a split is accepted exactly when its positive parts add up to the lot', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.array(fc.bigInt({ min: -5n, max: 10n ** 24n }), { minLength: 0, maxLength: 6 }),
        (total, parts) => {
          const r = decideSplit(total, parts);
          const sum = parts.reduce((a, b) => a + b, 0n);
          const valid = parts.length >= 2 && parts.every((p) => p > 0n) && sum === total;
          expect(r.ok).toBe(valid);
          if (r.ok) expect(r.value.reduce((a, b) => a + b, 0n)).toBe(total);
        },
      ),
      { numRuns: 500 },
    );
    expect(decideSplit(100n, [70n, 30n])).toEqual({ ok: true, value: [70n, 30n] });
    expect(splitByBasisPoints(10n ** 18n + 1n, [7000, 3000])).toEqual([
      700000000000000000n,
      300000000000000001n,
    ]);
  });
});

describe('restitution', () => {
  it('payouts in any order never take more than the lot holds', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.array(fc.bigInt({ min: -3n, max: 10n ** 20n }), { maxLength: 30 }),
        (amount, requests) => {
          let remaining = amount;
          let paid = 0n;
          for (const ask of requests) {
            const r = decidePayout(
              { status: 'restitution_to_victims', remainingUnits: remaining },
              { approvedUnits: amount, paidUnits: paid },
              ask,
            );
            if (!r.ok) {
              expect(['restitution_exceeds_lot', 'amount_must_be_positive']).toContain(r.code);
              continue;
            }
            remaining = r.value;
            paid += ask;
          }
          expect(paid + remaining).toBe(amount);
          expect(remaining >= 0n).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('approved claims never exceed the lot, and payouts never exceed a claim', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { maxLength: 20 }),
        (lot, claims) => {
          let approved = 0n;
          for (const c of claims) {
            const r = decideClaimApproval(lot, approved, c);
            if (r.ok) approved += c;
            else expect(r.code).toBe('restitution_exceeds_lot');
          }
          expect(approved <= lot).toBe(true);
        },
      ),
    );
    const over = decidePayout(
      { status: 'restitution_to_victims', remainingUnits: 100n },
      { approvedUnits: 10n, paidUnits: 5n },
      6n,
    );
    expect(over.ok ? 'ok' : over.code).toBe('restitution_exceeds_claim');
    const wrong = decidePayout(
      { status: 'forfeited', remainingUnits: 100n },
      { approvedUnits: 10n, paidUnits: 0n },
      1n,
    );
    expect(wrong.ok ? 'ok' : wrong.code).toBe('lot_not_in_restitution');
  });
});

describe('decideHandOver', () => {
  const held: CustodyFacts = {
    status: 'seized',
    remainingUnits: 5n,
    escrowBalance: null,
    disposal: 'none',
    paidOut: false,
  };
  it.each<[string, Partial<CustodyFacts>, string | null, string | null]>([
    ['a lot holding units', {}, null, null],
    [
      'a sold lot whose proceeds wait in escrow',
      { status: 'emergency_sold', remainingUnits: 0n, escrowBalance: 9n },
      null,
      null,
    ],
    [
      'a lot partly paid to victims',
      { status: 'restitution_to_victims', paidOut: true },
      null,
      null,
    ],
    ['a lot holding nothing', { remainingUnits: 0n }, 'lot_is_empty', null],
    [
      'a sold lot whose escrow is spent',
      { status: 'emergency_sold', remainingUnits: 0n, escrowBalance: 0n },
      'lot_is_empty',
      null,
    ],
    [
      'a lot returned to its owner',
      { status: 'returned_to_owner', remainingUnits: 0n },
      'lot_left_custody',
      'returned_to_owner',
    ],
    ['a released lot', { status: 'released' }, 'lot_left_custody', 'released'],
    ['a split lot', { status: 'split', remainingUnits: 0n }, 'lot_left_custody', 'split'],
    [
      'a lot committed to a disposal',
      { status: 'forfeited', disposal: 'committed' },
      'lot_left_custody',
      'disposal_committed',
    ],
    [
      'a lot contributed in kind',
      { status: 'forfeited', remainingUnits: 0n, disposal: 'taken' },
      'lot_left_custody',
      'disposal_taken',
    ],
    [
      'a lot paid out to victims',
      { status: 'restitution_to_victims', remainingUnits: 0n, paidOut: true },
      'lot_left_custody',
      'paid_out',
    ],
  ])('%s', (_name, over, code, reason) => {
    const r = decideHandOver({ ...held, ...over });
    expect(r.ok ? null : r.code).toBe(code);
    expect(r.ok ? null : (r.detail?.['reason'] ?? null)).toBe(reason);
  });
});
