import { DEFAULT_POLICY } from '../governance/defaults.ts';
import { installPolicy } from '../../test/support/governance.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { ReplayEntry } from '../audit/replay.ts';
import type { Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import {
  commitLotForDisposalInTx,
  disposalEvents,
  releaseLotCommitmentInTx,
  takeLotForDisposalInTx,
  type DisposalDeps,
  type TakeInput,
} from './disposal.ts';
import { lotProjector } from './history.ts';
import { lot, world, type World, orderedTransition, WALK } from '../../test/support/seizures.ts';

/**
 * The hand-over from seizures to the reserve: only a forfeited, earmarked lot that still holds
 * units can be taken, once per step, never above what it holds, and never by a disposal other than
 * the one that reserved it. Every refusal writes nothing.
 */

describe.each(testTargets())('disposal of forfeited lots on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let caseId: string;
  let deps: DisposalDeps;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'disp');
    deps = { clock: k.clock, ids: k.ids, ledger: k.services.ledger };
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'KZ-DISP-1',
      court: 'Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    caseId = c.value.id;
  });
  afterAll(() => k.close());

  /** A fresh BTC lot walked to `status` (as history, no approval requests needed). */
  async function lotIn(status: string, earmark = status === 'forfeited'): Promise<string> {
    const r = await k.services.seizures.intake(w.officer.actor, {
      caseId,
      seizedOn: '2025-03-01',
      exchangeId: null,
      note: '',
      lots: [lot({ amount: '2' })],
    });
    if (!r.ok) throw new Error(r.message);
    const id = r.value.lots[0]?.id ?? '';
    for (const to of WALK[status] ?? []) {
      const t = await k.services.seizures.recordHistorical(
        w.registrar.actor,
        orderedTransition(id, to),
      );
      if (!t.ok) throw new Error(`${to}: ${t.code}`);
    }
    if (earmark) {
      const e = await k.services.seizures.earmark(w.custody.actor, id);
      if (!e.ok) throw new Error(e.code);
    }
    return id;
  }

  function take(over: Partial<TakeInput> & { lotId: string }) {
    return run((tx) =>
      takeLotForDisposalInTx(tx, deps, w.custody.actor, {
        route: 'otc',
        reference: 'plan-1',
        destination: 'sold',
        ...over,
      }),
    );
  }

  /** Whether the last `run` appended anything to the log (a refusal must not). */
  let wrote = false;
  async function run<T, E extends string>(f: (tx: Tx) => Promise<Result<T, E>>) {
    const before = await k.services.audit.size();
    const r = await k.db.command(f);
    wrote = (await k.services.audit.size()) !== before;
    return r;
  }

  const code = (r: Result<unknown, string>) => (r.ok ? 'ok' : r.code);
  const detail = (r: Result<unknown, string>, key: string) => (r.ok ? undefined : r.detail?.[key]);

  it('refuses an unknown lot', async () => {
    const r = await take({ lotId: k.ids.next<'x'>() });
    expect([code(r), wrote]).toEqual(['lot_not_found', false]);
  });

  it.each(Object.keys(WALK).filter((s) => s !== 'forfeited'))(
    'refuses a lot that is %s, and writes nothing',
    async (status) => {
      const id = await lotIn(status);
      expect((await k.services.seizures.lot(id))?.status).toBe(status);
      for (const route of ['in_kind', 'auction', 'otc'] as const) {
        const r = await take({ lotId: id, route });
        expect([code(r), wrote]).toEqual(['lot_not_forfeited', false]);
        const c = await run((tx) =>
          commitLotForDisposalInTx(tx, deps, w.custody.actor, { lotId: id, route, reference: 'a' }),
        );
        expect([code(c), wrote]).toEqual(['lot_not_forfeited', false]);
      }
    },
  );

  it('refuses a split lot: its parts are the lots now', async () => {
    const id = await lotIn('forfeited', false);
    const s = await k.services.seizures.split(w.registrar.actor, id, ['1', '1']);
    expect(s.ok).toBe(true);
    const r = await take({ lotId: id });
    expect([code(r), detail(r, 'status')]).toEqual(['lot_not_forfeited', 'split']);
  });

  it('refuses a forfeited lot that was not earmarked for the reserve', async () => {
    const id = await lotIn('forfeited', false);
    const r = await take({ lotId: id });
    expect([code(r), wrote]).toEqual(['lot_not_earmarked', false]);
  });

  it('takes a whole lot into the sold sink, and then refuses it as disposed', async () => {
    const id = await lotIn('forfeited');
    const r = await take({ lotId: id, route: 'auction', reference: 'auction-1' });
    if (!r.ok) throw new Error(r.code);
    expect([r.value.units, r.value.remainingUnits, wrote]).toEqual([200_000_000n, 0n, true]);
    const custody = await k.services.ledger.read.account(r.value.custodyAccountId);
    const b = custody?.balances;
    expect((b?.debitsPosted ?? 0n) - (b?.creditsPosted ?? 0n)).toBe(0n);
    const transfer = await k.services.ledger.read.transfer(r.value.transferId ?? '');
    expect(transfer?.amount).toBe(200_000_000n);
    expect(transfer?.code).toBe('seizures.disposal.auction');
    expect(await k.services.seizures.lot(id)).toMatchObject({
      status: 'forfeited',
      remainingUnits: 0n,
    });
    const again = await take({ lotId: id, route: 'auction', reference: 'auction-2' });
    expect([code(again), wrote]).toEqual(['lot_already_disposed', false]);
  });

  it('takes a lot in tranches, tracking what remains, once per step', async () => {
    const id = await lotIn('forfeited');
    const first = await take({ lotId: id, step: '1', units: 50_000_000n });
    expect(first.ok && first.value.remainingUnits).toBe(150_000_000n);
    const repeat = await take({ lotId: id, step: '1', units: 50_000_000n });
    expect([code(repeat), wrote]).toEqual(['disposal_step_repeated', false]);
    const zero = await take({ lotId: id, step: '2', units: 0n });
    expect(code(zero)).toBe('disposal_units_not_positive');
    const over = await take({ lotId: id, step: '2', units: 150_000_001n });
    expect([code(over), detail(over, 'remainingUnits')]).toEqual([
      'disposal_exceeds_remaining',
      '150000000',
    ]);
    const rest = await take({ lotId: id, step: '2' });
    expect(rest.ok && [rest.value.units, rest.value.remainingUnits]).toEqual([150_000_000n, 0n]);
    const events = await disposalEvents(k.db, id);
    expect(events.map((e) => [e.kind, e.step, e.units, e.remainingUnits])).toEqual([
      ['taken', '1', 50_000_000n, 150_000_000n],
      ['taken', '2', 150_000_000n, 0n],
    ]);
  });

  it('a reserved lot is taken only by the disposal that reserved it, until released', async () => {
    const id = await lotIn('forfeited');
    const commit = (reference: string) =>
      run((tx) =>
        commitLotForDisposalInTx(tx, deps, w.custody.actor, {
          lotId: id,
          route: 'auction',
          reference,
        }),
      );
    expect(code(await commit('auction-a'))).toBe('ok');
    const twice = await commit('auction-a');
    expect([code(twice), wrote]).toEqual(['ok', false]);
    const other = await commit('auction-b');
    expect([code(other), detail(other, 'reference')]).toEqual([
      'lot_committed_elsewhere',
      'auction-a',
    ]);
    const otc = await take({ lotId: id, reference: 'plan-9', step: '1', units: 1n });
    expect([code(otc), wrote]).toEqual(['lot_committed_elsewhere', false]);
    const release = (reference: string) =>
      run((tx) =>
        releaseLotCommitmentInTx(tx, deps, w.custody.actor, {
          lotId: id,
          route: 'auction',
          reference,
        }),
      );
    expect(code(await release('auction-b'))).toBe('commitment_not_found');
    expect(code(await release('auction-a'))).toBe('ok');
    const now = await take({ lotId: id, reference: 'plan-9', step: '1', units: 1n });
    expect(code(now)).toBe('ok');
  });

  it('hands the movement to the caller when asked, or books it to the caller’s account', async () => {
    const id = await lotIn('forfeited');
    const none = await take({
      lotId: id,
      route: 'in_kind',
      reference: 'sub-1',
      destination: 'none',
    });
    expect(none.ok && none.value.transferId).toBeNull();
    const id2 = await lotIn('forfeited');
    // In Kazna an in-kind delivery runs inside an approved subscription's execution, which clears
    // it; here the disposal is called alone, so a test rule lets it through the policy.
    await installPolicy(k, {
      ...DEFAULT_POLICY,
      rules: [
        {
          id: 'test-in-kind',
          match: { actions: ['seizures.disposal.in_kind'], to: ['manager:*'] },
          outcome: { kind: 'allow' },
        },
        ...DEFAULT_POLICY.rules,
      ],
    });
    const account = await k.services.ledger.openAccount(
      { id: 'system' },
      { asset: 'BTC', owner: { kind: 'manager', ref: 'fund-a' }, type: 'asset' },
    );
    if (!account.ok) throw new Error(account.code);
    const to = await take({
      lotId: id2,
      route: 'in_kind',
      reference: 'sub-2',
      destination: { accountId: account.value.id },
    });
    expect(to.ok).toBe(true);
    const held = await k.services.ledger.read.account(account.value.id);
    expect(held?.balances.debitsPosted).toBe(200_000_000n);
  });

  it('the lots rebuilt from the log agree with the live rows after disposals', async () => {
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
    expect(entries.some((e) => e.action === 'seizures.lot.disposed')).toBe(true);
    const replay = lotProjector.start();
    for (const e of entries) replay.apply(e);
    expect(await replay.compare(k.db)).toEqual([]);
  });
});
