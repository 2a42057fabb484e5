import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { ReplayEntry } from '../audit/replay.ts';
import { lotProjector } from './history.ts';
import { decideEscrowPayout } from './model.ts';
import {
  ADDRESSES,
  allowLegalSteps,
  lot,
  world,
  type World,
  transition,
} from '../../test/support/seizures.ts';

describe('decideEscrowPayout', () => {
  const lotIn = { status: 'restitution_to_victims' as const, escrowUnits: 1000n };
  const claim = { approvedUnits: 800n, paidUnits: 0n };

  it.each([
    [lotIn, 0n, claim, 0n, 'amount_must_be_positive'],
    [{ ...lotIn, escrowUnits: null }, 0n, claim, 1n, 'lot_has_no_escrow'],
    [{ ...lotIn, status: 'emergency_sold' as const }, 0n, claim, 1n, 'lot_not_in_restitution'],
    [lotIn, 900n, claim, 101n, 'restitution_exceeds_escrow'],
    [lotIn, 0n, { approvedUnits: 800n, paidUnits: 700n }, 101n, 'restitution_exceeds_claim'],
    [lotIn, 100n, claim, 800n, 'ok'],
  ])('%#: decides %s', (l, escrowPaid, c, amount, code) => {
    const r = decideEscrowPayout(l, escrowPaid, c, amount);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  it('never pays more than the escrow balance or the approved claim', () => {
    const units = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(
        units,
        units,
        units,
        units,
        units,
        (escrow, paid, approved, claimPaid, amount) => {
          const r = decideEscrowPayout(
            { status: 'restitution_to_victims', escrowUnits: escrow },
            paid,
            { approvedUnits: approved, paidUnits: claimPaid },
            amount,
          );
          if (!r.ok) return;
          expect(amount).toBeGreaterThan(0n);
          expect(amount).toBeLessThanOrEqual(escrow - paid);
          expect(claimPaid + amount).toBeLessThanOrEqual(approved);
          expect(r.value).toBe(escrow - paid - amount);
        },
      ),
    );
  });
});

/** Victims of a lot sold in an emergency are paid in fiat from its escrow, never from custody. */
describe.each(testTargets())('restitution from escrow on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let lotId: string;
  let claimId: string;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'e');
    await allowLegalSteps(k);
    const s = k.services.seizures;
    const c = await s.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'E-1',
      court: 'Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    const eth = lot({ asset: 'ETH', chain: 'EVM', amount: '4', addresses: [ADDRESSES.eth] });
    const r = await s.intake(w.officer.actor, {
      caseId: c.value.id,
      seizedOn: '2025-05-01',
      exchangeId: null,
      note: '',
      lots: [{ ...eth, txids: [] }],
    });
    if (!r.ok) throw new Error(r.message);
    lotId = r.value.lots[0]?.id ?? '';
    const sold = await s.requestTransition(
      w.registrar.actor,
      transition(lotId, 'emergency_sold', {
        ground: 'value falling fast',
        proceeds: { asset: 'USD', amount: '10000.00' },
      }),
    );
    if (!sold.ok) throw new Error(sold.message);
  });
  afterAll(() => k.close());

  const nothingWritten = async (f: () => Promise<{ ok: boolean; code?: string }>) => {
    const before = await k.services.audit.size();
    const r = await f();
    expect(await k.services.audit.size()).toBe(before);
    return r.ok ? 'ok' : r.code;
  };

  it('takes claims in the escrow currency, approved up to the escrow balance', async () => {
    const s = k.services.seizures;
    const reg = (amount: string) =>
      s.registerClaim(w.registrar.actor, { lotId, claimantRef: 'victim:e0001', amount });
    expect(await nothingWritten(() => reg('10.001'))).toBe('amount_exceeds_asset_scale');
    const c = await reg('7000');
    if (!c.ok) throw new Error(c.message);
    claimId = c.value.claimId;
    const approve = (amount: string) => s.approveClaim(w.registrar.actor, claimId, amount);
    expect(await nothingWritten(() => approve('10000.01'))).toBe('restitution_exceeds_lot');
    expect((await approve('6000')).ok).toBe(true);
  });

  it('pays nothing until the court orders restitution', async () => {
    const pay = () => k.services.seizures.payClaim(w.registrar.actor, claimId, '100');
    expect(await nothingWritten(pay)).toBe('lot_not_in_restitution');
  });

  it('pays from the escrow account in fiat, limited to the claim and the escrow', async () => {
    const s = k.services.seizures;
    const ordered = await s.requestTransition(
      w.registrar.actor,
      transition(lotId, 'restitution_to_victims', { courtOrderRef: 'No. 9/2025' }),
    );
    expect(ordered.ok).toBe(true);
    const pay = (amount: string) => s.payClaim(w.registrar.actor, claimId, amount);
    expect(await nothingWritten(() => pay('6000.01'))).toBe('restitution_exceeds_claim');
    expect(await nothingWritten(() => pay('0.001'))).toBe('amount_exceeds_asset_scale');
    const lotBefore = await s.lot(lotId);
    const custodyBefore = await k.services.ledger.read.account(lotBefore?.accountId ?? '');
    const paid = await pay('2500.50');
    expect(paid).toMatchObject({
      ok: true,
      value: { source: 'escrow', asset: 'USD', escrowRemainingUnits: '749950' },
    });
    const lotNow = await s.lot(lotId);
    const escrow = await k.services.ledger.read.account(lotNow?.escrowAccountId ?? '');
    expect(escrow?.balances).toMatchObject({ debitsPosted: 1000000n, creditsPosted: 250050n });
    const custody = await k.services.ledger.read.account(lotNow?.accountId ?? '');
    expect(custody?.balances).toEqual(custodyBefore?.balances);
    const [entry] = (await k.services.audit.entries({ order: 'desc', limit: 1 })).entries;
    expect(entry).toMatchObject({
      action: 'seizures.lot.paid_out',
      payload: { source: 'escrow', asset: 'USD', amountUnits: '250050', remainingUnits: '0' },
    });
  });

  it('never pays out more than the escrow holds, whatever the claims', async () => {
    const s = k.services.seizures;
    // A second claim approved for the rest; the first still has 3499.50 approved and unpaid.
    const c = await s.registerClaim(w.registrar.actor, {
      lotId,
      claimantRef: 'victim:e0002',
      amount: '5000',
    });
    if (!c.ok) throw new Error(c.message);
    const over = await s.approveClaim(w.registrar.actor, c.value.claimId, '4000.01');
    expect(over.ok ? 'ok' : over.code).toBe('restitution_exceeds_lot');
    expect((await s.approveClaim(w.registrar.actor, c.value.claimId, '4000')).ok).toBe(true);
    expect((await s.payClaim(w.registrar.actor, c.value.claimId, '4000')).ok).toBe(true);
    expect((await s.payClaim(w.registrar.actor, claimId, '3499.50')).ok).toBe(true);
    const empty = await s.payClaim(w.registrar.actor, c.value.claimId, '0.01');
    expect(empty.ok ? 'ok' : empty.code).toBe('restitution_exceeds_escrow');
    const lotNow = await s.lot(lotId);
    const escrow = await k.services.ledger.read.account(lotNow?.escrowAccountId ?? '');
    expect(escrow?.balances.debitsPosted).toBe(escrow?.balances.creditsPosted);
    const claims = await k.app.inject({
      url: '/api/v1/seizures/claims',
      headers: w.registrar.headers,
    });
    expect(claims.json<{ claims: unknown[] }>().claims).toContainEqual(
      expect.objectContaining({ asset: 'USD', source: 'escrow', paid: '6000', status: 'paid' }),
    );
  });

  it('the log still rebuilds the lot, which holds no crypto', async () => {
    const entries: ReplayEntry[] = [];
    for (let cursor: number | undefined; ;) {
      const page = await k.services.audit.entries({
        order: 'asc',
        limit: 1000,
        ...(cursor === undefined ? {} : { cursor }),
      });
      entries.push(...page.entries.map((e) => ({ ...e, seq: BigInt(e.seq) })));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    const replay = lotProjector.start();
    for (const e of entries) replay.apply(e);
    expect(await replay.compare(k.db)).toEqual([]);
  });
});
