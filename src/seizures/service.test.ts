import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { ReplayEntry } from '../audit/replay.ts';
import { approver, installPolicy } from '../../test/support/governance.ts';
import { transition } from '../../test/support/seizures.ts';
import { DEFAULT_POLICY } from '../governance/defaults.ts';
import type { Actor } from '../core/identity.ts';
import { lotProjector, rebuildLot } from './history.ts';
import type { IntakeResult } from './service.ts';
import {
  ADDRESSES,
  allowLegalSteps,
  LISTED_BTC,
  lot,
  signHandoff,
  world,
  type World,
} from '../../test/support/seizures.ts';

async function auditSize(k: TestKazna): Promise<number> {
  return k.services.audit.size();
}

async function allEntries(k: TestKazna): Promise<ReplayEntry[]> {
  const out: ReplayEntry[] = [];
  for (let cursor: number | undefined; ;) {
    const page = await k.services.audit.entries({
      order: 'asc',
      limit: 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    out.push(...page.entries.map((e) => ({ ...e, seq: BigInt(e.seq) })));
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

describe.each(testTargets())('seizures on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let caseId: string;
  let officer: Actor;
  let registrar: Actor;
  let intake: IntakeResult;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k);
    await allowLegalSteps(k);
    officer = w.officer.actor;
    registrar = w.registrar.actor;
    const c = await k.services.seizures.openCase(officer, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'KZ-2025-001',
      court: 'Specialised Inter-District Court',
      partyRefs: ['party:a1b2c3d4'],
    });
    if (!c.ok) throw new Error(c.message);
    caseId = c.value.id;
  });
  afterAll(() => k.close());

  it.each([
    [lot({ addresses: [ADDRESSES.tron] }), 'address_on_wrong_network'],
    [lot({ addresses: ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx'] }), 'address_invalid'],
    [lot({ amount: '0.123456789' }), 'amount_exceeds_asset_scale'],
    [lot({ asset: 'ETH', chain: 'BTC' }), 'asset_not_on_chain'],
    [lot({ txids: ['0x' + 'ab'.repeat(32)] }), 'txid_invalid'],
    [lot({ evidence: [{ sha256: 'xyz', name: 'a' }] }), 'evidence_hash_invalid'],
  ])('refuses a bad lot and writes nothing (%#: %s)', async (bad, code) => {
    const before = await auditSize(k);
    const r = await k.services.seizures.intake(officer, {
      caseId,
      seizedOn: '2025-03-01',
      exchangeId: null,
      note: '',
      lots: [lot(), bad],
    });
    expect(r.ok ? 'ok' : r.code).toBe(code);
    if (!r.ok) expect(r.detail).toMatchObject({ lot: 1 });
    expect(await auditSize(k)).toBe(before);
    expect(await k.db.query('SELECT 1 FROM seizure_lots')).toHaveLength(0);
  });

  it('takes in lots, screens every address inside the intake and books custody', async () => {
    const r = await k.services.seizures.intake(officer, {
      caseId,
      seizedOn: '2025-03-01',
      exchangeId: null,
      note: 'exchange servers seized',
      lots: [
        lot({ addresses: [ADDRESSES.btc, LISTED_BTC] }),
        lot({
          asset: 'USDT',
          chain: 'TRON',
          amount: '1000.000001',
          addresses: [ADDRESSES.tron],
          txids: ['ef'.repeat(32)],
        }),
        lot({
          asset: 'ETH',
          chain: 'ETH',
          amount: '12.000000000000000001',
          addresses: [ADDRESSES.eth],
          txids: [],
        }),
      ],
    });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    intake = r.value;
    const [btc, usdt, eth] = intake.lots;
    expect(btc?.flagged).toBe(true);
    expect(usdt?.flagged).toBe(false);
    expect(btc?.listVersion).toBe('1');
    const alerts = await k.services.compliance.alerts({ subjectId: btc?.id ?? '' });
    expect(alerts).toHaveLength(1);
    const account = await k.services.ledger.read.account(eth?.accountId ?? '');
    expect(account?.balances.debitsPosted).toBe(12_000000000000000001n);
    const stored = await k.services.seizures.lot(usdt?.id ?? '');
    expect(stored).toMatchObject({ status: 'seized', remainingUnits: 1000_000001n, chain: 'TRON' });
    expect(stored?.custodianOrganisationId).toBe(w.orgs.police);
  });

  it('walks a lot to forfeiture, refusing what the law does not allow', async () => {
    const s = k.services.seizures;
    const btc = intake.lots[0]?.id ?? '';
    const before = await auditSize(k);
    const early = await s.requestTransition(
      registrar,
      transition(btc, 'forfeited', { courtOrderRef: 'x' }),
    );
    expect(early.ok ? 'ok' : early.code).toBe('transition_not_allowed');
    const wrongRole = await s.requestTransition(officer, transition(btc, 'forfeiture_pending'));
    expect(wrongRole.ok ? 'ok' : wrongRole.code).toBe('role_not_allowed');
    expect(await auditSize(k)).toBe(before);
    expect(await s.requestTransition(officer, transition(btc, 'frozen'))).toMatchObject({
      ok: true,
      value: { state: 'applied' },
    });
    expect((await s.requestTransition(registrar, transition(btc, 'forfeiture_pending'))).ok).toBe(
      true,
    );
    const noOrder = await s.requestTransition(registrar, transition(btc, 'forfeited'));
    expect(noOrder.ok ? 'ok' : noOrder.code).toBe('court_order_required');
    const done = await s.requestTransition(
      registrar,
      transition(btc, 'forfeited', { courtOrderRef: 'No. 2-77/2025' }),
    );
    expect(done.ok).toBe(true);
    expect((await s.lot(btc))?.status).toBe('forfeited');
    const earmark = await s.earmark(w.custody.actor, btc);
    expect(earmark.ok).toBe(true);
    expect((await s.earmark(w.custody.actor, btc)).ok).toBe(false);
  });

  it('splits a lot exactly and pays restitution without exceeding it', async () => {
    const s = k.services.seizures;
    const usdt = intake.lots[1]?.id ?? '';
    const bad = await s.split(registrar, usdt, ['700', '300']);
    expect(bad.ok ? 'ok' : bad.code).toBe('split_sum_mismatch');
    const parts = await s.split(registrar, usdt, ['700.000001', '300']);
    if (!parts.ok) throw new Error(parts.message);
    const [forfeit, victims] = parts.value.lotIds;
    expect((await s.lot(usdt))?.status).toBe('split');
    expect((await s.lot(victims ?? ''))?.remainingUnits).toBe(300_000000n);
    const r = await s.requestTransition(
      registrar,
      transition(victims ?? '', 'restitution_to_victims', { courtOrderRef: 'No. 2-78/2025' }),
    );
    expect(r.ok).toBe(true);
    expect(
      (await s.requestTransition(registrar, transition(forfeit ?? '', 'forfeiture_pending'))).ok,
    ).toBe(true);
    const claim = await s.registerClaim(registrar, {
      lotId: victims ?? '',
      claimantRef: 'victim:00017',
      amount: '350',
    });
    if (!claim.ok) throw new Error(claim.message);
    const over = await s.approveClaim(registrar, claim.value.claimId, '300.000001');
    expect(over.ok ? 'ok' : over.code).toBe('restitution_exceeds_lot');
    expect((await s.approveClaim(registrar, claim.value.claimId, '250')).ok).toBe(true);
    const tooMuch = await s.payClaim(registrar, claim.value.claimId, '250.5');
    expect(tooMuch.ok ? 'ok' : tooMuch.code).toBe('restitution_exceeds_claim');
    const paid = await s.payClaim(registrar, claim.value.claimId, '250');
    expect(paid).toMatchObject({ ok: true, value: { remainingUnits: '50000000' } });
    const lotNow = await s.lot(victims ?? '');
    const account = await k.services.ledger.read.account(lotNow?.accountId ?? '');
    expect(account?.balances.debitsPosted).toBe(300_000000n);
    expect(account?.balances.creditsPosted).toBe(250_000000n);
  });

  it('sells in an emergency only with a ground, into escrow', async () => {
    const s = k.services.seizures;
    const eth = intake.lots[2]?.id ?? '';
    const proceeds = { asset: 'USD', amount: '30123.45' };
    const noGround = await s.requestTransition(
      registrar,
      transition(eth, 'emergency_sold', { proceeds }),
    );
    expect(noGround.ok ? 'ok' : noGround.code).toBe('ground_required');
    const sold = await s.requestTransition(
      registrar,
      transition(eth, 'emergency_sold', {
        proceeds,
        ground: 'a loss of value of 10% or more is likely',
      }),
    );
    expect(sold.ok).toBe(true);
    const lotNow = await s.lot(eth);
    expect(lotNow).toMatchObject({
      status: 'emergency_sold',
      remainingUnits: 0n,
      escrowUnits: 3012345n,
    });
    const escrow = await k.services.ledger.read.account(lotNow?.escrowAccountId ?? '');
    expect(escrow).toMatchObject({ asset: 'USD', owner: { kind: 'escrow' } });
    expect(escrow?.balances.debitsPosted).toBe(3012345n);
  });

  it('hands lots off only with both officers’ signatures', async () => {
    const s = k.services.seizures;
    const ids = [intake.lots[0]?.id ?? ''];
    const content = {
      handoffId: k.ids.next<'x'>(),
      lotIds: ids,
      fromOrganisationId: w.orgs.police,
      toOrganisationId: w.orgs.court,
      releasingOfficerId: w.officer.actor.id,
      receivingOfficerId: w.registrar.actor.id,
      note: 'transfer of custody to the court',
    };
    const forged = await s.handoff(officer, {
      ...content,
      releasingSignatureHex: signHandoff(w.officer, content),
      receivingSignatureHex: signHandoff(w.officer, content),
    });
    expect(forged.ok ? 'ok' : forged.code).toBe('signature_invalid');
    const r = await s.handoff(officer, {
      ...content,
      releasingSignatureHex: signHandoff(w.officer, content),
      receivingSignatureHex: signHandoff(w.registrar, content),
    });
    expect(r.ok).toBe(true);
    expect((await s.lot(ids[0] ?? ''))?.custodianOrganisationId).toBe(w.orgs.court);
    const again = await s.handoff(officer, {
      ...content,
      handoffId: k.ids.next<'x'>(),
      releasingSignatureHex: signHandoff(w.officer, content),
      receivingSignatureHex: signHandoff(w.registrar, content),
    });
    expect(again.ok ? 'ok' : again.code).toBe('signature_invalid');
  });

  it('rebuilds every lot, and its history, from the audit log alone', async () => {
    const entries = await allEntries(k);
    const lots = await k.db.query<{ id: string }>('SELECT id FROM seizure_lots');
    expect(lots.length).toBe(5);
    for (const { id } of lots) {
      const live = await k.services.seizures.lot(id);
      const { state, history } = rebuildLot(id, entries);
      expect(state).toMatchObject({
        status: live?.status,
        remainingUnits: live?.remainingUnits.toString(),
        custodianOrganisationId: live?.custodianOrganisationId,
      });
      expect(history.length).toBeGreaterThan(0);
    }
    const btcHistory = await k.services.seizures.history(intake.lots[0]?.id ?? '');
    expect(btcHistory.history.map((h) => h.action)).toEqual([
      'seizures.lot.recorded',
      'seizures.lot.transitioned',
      'seizures.lot.transitioned',
      'seizures.lot.transitioned',
      'seizures.lot.earmarked',
      'seizures.lot.handed_off',
    ]);
    const replay = lotProjector.start();
    for (const e of entries) replay.apply(e);
    expect(await replay.compare(k.db)).toEqual([]);
  });

  it('under the default policy a legal step waits for its quorum and time lock', async () => {
    await installPolicy(k, DEFAULT_POLICY);
    const s = k.services.seizures;
    const c = await s.openCase(officer, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'KZ-2025-002',
      court: 'Court',
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    const r = await s.intake(officer, {
      caseId: c.value.id,
      seizedOn: '2025-03-02',
      exchangeId: null,
      note: '',
      lots: [lot({ addresses: [ADDRESSES.btc2] })],
    });
    if (!r.ok) throw new Error(r.message);
    const lotId = r.value.lots[0]?.id ?? '';
    const pending = await s.requestTransition(officer, transition(lotId, 'frozen'));
    if (!pending.ok) throw new Error(pending.message);
    expect(pending.value.state).toBe('pending_approval');
    expect((await s.lot(lotId))?.status).toBe('seized');
    const gov = k.services.governance;
    const req = await gov.get(pending.value.requestId);
    if (req === null) throw new Error('request');
    // Whatever quorum the default policy asks for, gather it, let the time lock run, execute.
    let n = 0;
    for (const g of req.request.quorum.groups) {
      for (let i = 0; i < g.count; i++) {
        const a = await approver(k, `default-${g.role}-${(n += 1)}`, [g.role]);
        const vote = await gov.vote(a.actor, req.request.id, {
          decision: 'approve',
          signatureHex: a.sign(req.request.requestHash, 'approve'),
          role: g.role,
        });
        expect(vote.ok).toBe(true);
      }
    }
    k.clock.advance((req.request.quorum.timeLockSeconds ?? 0) * 1000);
    const ran = await gov.execute(w.custody.actor, req.request.id);
    expect(ran.ok ? 'ok' : `${ran.code}: ${ran.message}`).toBe('ok');
    expect((await s.lot(lotId))?.status).toBe('frozen');
  });
  it('refuses a split whose movement the transaction policy blocks, with its code, writing nothing', async () => {
    const s = k.services.seizures;
    const r = await s.intake(officer, {
      caseId,
      seizedOn: '2025-03-03',
      exchangeId: null,
      note: '',
      lots: [lot({ addresses: [ADDRESSES.btc2] })],
    });
    if (!r.ok) throw new Error(r.message);
    const lotId = r.value.lots[0]?.id ?? '';
    const { reportingCurrency, whitelistCoolingSeconds, adminQuorum, rules } =
      await k.services.governance.policy();
    const previous = { reportingCurrency, whitelistCoolingSeconds, adminQuorum, rules };
    await installPolicy(k, {
      ...previous,
      rules: [
        {
          id: 'no-splits',
          match: { actions: ['seizures.split'] },
          outcome: { kind: 'block', reason: 'splits wait for the audit' },
        },
        ...previous.rules,
      ],
    });
    try {
      const before = await auditSize(k);
      const split = await s.split(registrar, lotId, ['1', '0.5']);
      // The gate's refusal, not a failure of the server: it answers 403 like the ledger's.
      expect(split.ok ? 'ok' : split.code).toBe('policy_denied');
      expect(await auditSize(k)).toBe(before);
      expect((await s.lot(lotId))?.status).toBe('seized');
    } finally {
      await installPolicy(k, previous);
    }
  });
});
