import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, type Json } from '../core/canonical.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { valueOf, type PriceLookup } from './facts.ts';
import {
  evaluate,
  policySchema,
  type Policy,
  type PolicyFacts,
  type PolicyRule,
} from './policy.ts';
import {
  approver,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';

const FACTS: PolicyFacts = {
  kind: 'ledger.transfer',
  initiatorId: 'u1',
  initiatorRoles: ['investment_officer'],
  asset: 'BTC',
  amountUnits: 100_000_000n,
  valueUnits: 60_000_00n,
  sourceAccount: 'acc-1',
  destination: 'bc1qwhite',
  destinationStatus: 'whitelisted',
  legalStatus: 'forfeited',
  velocityUnits: {},
};

const quorum = (count: number): PolicyRule['outcome'] => ({
  kind: 'quorum',
  quorum: { groups: [{ role: 'investment_committee', count }] },
});

function policy(rules: PolicyRule[]): Policy {
  return { ...DEFAULT_POLICY, version: 9, rules };
}

describe('policy evaluation (pure)', () => {
  it('takes the first matching rule, in order', () => {
    const p = policy([
      { id: 'never', match: { actions: ['reserve.*'] }, outcome: { kind: 'allow' } },
      { id: 'first', match: { actions: ['ledger.*'] }, outcome: quorum(1) },
      { id: 'second', match: { actions: ['*'] }, outcome: quorum(3) },
    ]);
    const d = evaluate(p, FACTS);
    expect(d.ruleId).toBe('first');
    expect(d.outcome).toEqual(quorum(1));
    expect(d.trace).toEqual([
      { ruleId: 'never', matched: false, failed: 'actions' },
      { ruleId: 'first', matched: true },
    ]);
  });

  it('denies by default when nothing matches', () => {
    const d = evaluate(
      policy([{ id: 'x', match: { actions: ['reserve.*'] }, outcome: { kind: 'allow' } }]),
      FACTS,
    );
    expect(d.ruleId).toBeNull();
    expect(d.outcome.kind).toBe('block');
    expect(evaluate(policy([]), FACTS).outcome.kind).toBe('block');
  });

  it.each([
    ['999999.99', 'small'],
    ['1000000', 'large'],
    ['2500000', 'large'],
  ])('applies reporting-currency thresholds: USD %s -> %s', (usd, expected) => {
    const p = policy([
      { id: 'large', match: { value: { min: '1000000' } }, outcome: quorum(2) },
      { id: 'small', match: { value: { max: '1000000' } }, outcome: quorum(1) },
    ]);
    const [whole = '', cents = ''] = usd.split('.');
    const valueUnits = BigInt(`${whole}${cents.padEnd(2, '0')}`);
    expect(evaluate(p, { ...FACTS, valueUnits }).ruleId).toBe(expected);
  });

  it('never lets an unpriced request slip under a value threshold', () => {
    const p = policy([
      { id: 'small', match: { value: { max: '1000' } }, outcome: { kind: 'allow' } },
    ]);
    expect(evaluate(p, { ...FACTS, valueUnits: null }).outcome.kind).toBe('block');
  });

  it('values amounts exactly with the injected price lookup', async () => {
    const prices: PriceLookup = (asset) => Promise.resolve(asset === 'BTC' ? '60123.45' : null);
    const at = new Date('2025-01-01T00:00:00Z');
    expect(await valueOf('BTC', 150_000_000n, 'USD', at, prices)).toBe(9_018_518n);
    expect(await valueOf('ETH', 10n ** 18n, 'USD', at, prices)).toBeNull();
    expect(await valueOf('USD', 12_345n, 'USD', at, prices)).toBe(12_345n);
  });

  it('matches amounts in the asset itself', () => {
    const p = policy([
      { id: 'big-btc', match: { assets: ['BTC'], amount: { min: '1' } }, outcome: quorum(2) },
      { id: 'rest', match: {}, outcome: quorum(1) },
    ]);
    expect(evaluate(p, FACTS).ruleId).toBe('big-btc');
    expect(evaluate(p, { ...FACTS, amountUnits: 99_999_999n }).ruleId).toBe('rest');
  });

  it('reads a rule bound above the asset maximum as a bound, not as an amount to refuse', () => {
    // "below 10^30 BTC" means "any amount"; the asset maximum (21 million) holds inputs, not rules.
    const p = policy([
      { id: 'any', match: { amount: { max: `1${'0'.repeat(30)}` } }, outcome: quorum(2) },
      { id: 'rest', match: {}, outcome: quorum(1) },
    ]);
    expect(evaluate(p, FACTS).ruleId).toBe('any');
  });

  it('adds up value over a velocity window', () => {
    const p = policy([
      {
        id: 'velocity',
        match: { velocity: { windowSeconds: 86400, min: '100000', per: 'kind' } },
        outcome: quorum(3),
      },
      { id: 'rest', match: {}, outcome: quorum(1) },
    ]);
    expect(evaluate(p, { ...FACTS, velocityUnits: { velocity: 0n } }).ruleId).toBe('rest');
    expect(evaluate(p, { ...FACTS, velocityUnits: { velocity: 4_000_000n } }).ruleId).toBe(
      'velocity',
    );
    expect(evaluate(p, { ...FACTS, velocityUnits: { velocity: 3_999_999n } }).ruleId).toBe('rest');
    // An amount whose value is unknown counts as reaching the window (the stricter reading) …
    expect(evaluate(p, { ...FACTS, valueUnits: null }).ruleId).toBe('velocity');
    // … but a request that moves no amount at all (a legal step) never does.
    const legalStep = { ...FACTS, asset: null, amountUnits: null, valueUnits: null };
    expect(evaluate(p, legalStep).ruleId).toBe('rest');
    expect(
      evaluate(DEFAULT_POLICY_V1(), { ...legalStep, kind: 'seizures.transition' }).ruleId,
    ).toBe('ordinary-unpriced');
  });

  it('decides on the legal status of the lot', () => {
    const p = DEFAULT_POLICY_V1();
    const disposal = {
      ...FACTS,
      kind: 'seizures.disposal.auction',
      valueUnits: 1_000n,
      velocityUnits: { 'velocity-24h': 0n },
    };
    expect(evaluate(p, { ...disposal, legalStatus: 'frozen' }).ruleId).toBe(
      'disposal-before-forfeiture',
    );
    expect(evaluate(p, { ...disposal, legalStatus: 'forfeited' }).ruleId).toBe('ordinary-money');
  });

  it('matches initiator roles, users, source accounts and destinations', () => {
    const p = policy([
      { id: 'role', match: { initiatorRoles: ['risk_officer'] }, outcome: quorum(1) },
      { id: 'user', match: { initiatorUsers: ['u2'] }, outcome: quorum(1) },
      { id: 'source', match: { sourceAccounts: ['acc-9'] }, outcome: quorum(1) },
      { id: 'new', match: { destination: ['new'] }, outcome: { kind: 'block', reason: 'new' } },
      { id: 'rest', match: { destination: ['whitelisted'] }, outcome: quorum(1) },
    ]);
    expect(evaluate(p, { ...FACTS, initiatorRoles: ['risk_officer'] }).ruleId).toBe('role');
    expect(evaluate(p, { ...FACTS, initiatorId: 'u2' }).ruleId).toBe('user');
    expect(evaluate(p, { ...FACTS, sourceAccount: 'acc-9' }).ruleId).toBe('source');
    expect(evaluate(p, { ...FACTS, destinationStatus: 'new' }).ruleId).toBe('new');
    expect(evaluate(p, FACTS).ruleId).toBe('rest');
  });

  it('blocks a destination still cooling and a sanctioned one, whatever the rules say', () => {
    const p = policy([{ id: 'all', match: {}, outcome: { kind: 'allow' } }]);
    expect(evaluate(p, { ...FACTS, destinationStatus: 'cooling' }).outcome.kind).toBe('block');
    expect(evaluate(p, { ...FACTS, sanctioned: true }).outcome.kind).toBe('block');
  });

  it('always puts a policy change under the admin quorum', () => {
    const p = policy([{ id: 'all', match: {}, outcome: { kind: 'allow' } }]);
    const d = evaluate(p, { ...FACTS, kind: 'governance.policy.change' });
    expect(d.outcome).toEqual({ kind: 'quorum', quorum: DEFAULT_POLICY.adminQuorum });
  });
});

function DEFAULT_POLICY_V1(): Policy {
  return { ...DEFAULT_POLICY, version: 1 };
}

describe.each(testTargets())('policy in the database on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let custody: Approver;
  let comp: Approver;
  let ic: Approver[];
  let officer: Approver;

  beforeAll(async () => {
    k = await testKazna(target);
    k.services.governance.registerExecutor(
      'ledger.test.move',
      recordingExecutor([]),
      RECORDING_REFUSALS,
    );
    custody = await approver(k, 'custody', ['custody_officer']);
    comp = await approver(k, 'comp', ['compliance_officer']);
    ic = [
      await approver(k, 'ic1', ['investment_committee']),
      await approver(k, 'ic2', ['investment_committee']),
      await approver(k, 'ic3', ['investment_committee']),
    ];
    officer = await approver(k, 'officer', ['investment_officer']);
  });
  afterAll(async () => {
    await k.close();
  });

  it('installs the default policy as version 1, equal to the code', async () => {
    const [row] = await k.db.query<{ version: number; document: unknown; document_hash: string }>(
      'SELECT version, document, document_hash FROM gov_policies WHERE version = 1',
    );
    expect(row?.version).toBe(1);
    expect(canonicalize(row?.document)).toBe(canonicalize(policySchema.parse(DEFAULT_POLICY)));
  });

  async function approveAll(id: string, hash: string, who: Approver[]) {
    for (const p of who) {
      const r = await k.services.governance.vote(p.actor, id, {
        decision: 'approve',
        signatureHex: p.sign(hash, 'approve'),
      });
      expect(r.ok ? 'ok' : r.code).toBe('ok');
    }
  }

  it('holds a new whitelisted destination for its 48 h cooling period before first use', async () => {
    const gov = k.services.governance;
    const move = { asset: 'USD', amount: '100', destination: 'acct-ext-1' };
    const before = await gov.request(officer.actor, 'ledger.test.move', move);
    expect(before.ok ? before.value.request.ruleId : before.detail?.['ruleId']).toBe(
      'new-destination',
    );
    const add = await gov.request(custody.actor, 'governance.whitelist.add', {
      asset: 'USD',
      address: 'acct-ext-1',
      label: 'Custodian omnibus',
    });
    if (!add.ok) throw new Error(add.message);
    expect(add.value.request.ruleId).toBe('whitelist-add');
    const { id, requestHash } = add.value.request;
    const second = await approver(k, 'custody2', ['custody_officer']);
    await approveAll(id, requestHash, [second, comp]);
    expect((await gov.execute(custody.actor, id)).ok).toBe(true);
    const cooling = await gov.request(officer.actor, 'ledger.test.move', move);
    expect(cooling.ok ? 'ok' : cooling.code).toBe('policy_blocked');
    expect(cooling.ok ? null : cooling.message).toMatch(/cooling/);
    k.clock.advance(48 * 3600 * 1000 - 1000);
    const stillCooling = await gov.dryRun(officer.actor, 'ledger.test.move', move);
    expect(stillCooling.outcome.kind).toBe('block');
    k.clock.advance(1000);
    const usable = await gov.request(officer.actor, 'ledger.test.move', move);
    expect(usable.ok ? usable.value.request.ruleId : usable.code).toBe('ordinary-money');
  });

  it('sums requested value over the velocity window, per kind', async () => {
    const gov = k.services.governance;
    gov.registerExecutor('reserve.test.flow', recordingExecutor([]), RECORDING_REFUSALS);
    const flow = { asset: 'USD', amount: '900000' };
    const rules: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await gov.request(officer.actor, 'reserve.test.flow', flow);
      rules.push(r.ok ? r.value.request.ruleId : r.code);
      k.clock.advance(3600 * 1000);
    }
    expect(rules).toEqual([...Array<string>(5).fill('ordinary-money'), 'velocity-24h']);
    k.clock.advance(20 * 3600 * 1000);
    const later = await gov.dryRun(officer.actor, 'reserve.test.flow', flow);
    expect(later.ruleId).toBe('ordinary-money');
  });

  it('changes the policy only through an admin-quorum request, and answers dry runs', async () => {
    const gov = k.services.governance;
    const current = await gov.policy();
    const next = {
      ...DEFAULT_POLICY,
      rules: [
        {
          id: 'test-allow',
          match: { actions: ['ledger.test.*'] },
          outcome: { kind: 'allow' as const },
        },
        ...DEFAULT_POLICY.rules,
      ],
    };
    const dry = await k.app.inject({
      method: 'POST',
      url: '/api/v1/governance/policy/dry-run',
      headers: officer.headers,
      payload: { kind: 'ledger.test.move', content: { asset: 'USD', amount: '5' }, policy: next },
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ ruleId: 'test-allow', outcome: { kind: 'allow' } });
    const change = { baseVersion: current.version, policy: next } as unknown as Json;
    const denied = await gov.request(officer.actor, 'governance.policy.change', change);
    expect(denied.ok ? 'ok' : denied.code).toBe('permission_denied');
    const r = await gov.request(ic[0]!.actor, 'governance.policy.change', change);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.request.quorum).toEqual(DEFAULT_POLICY.adminQuorum);
    await approveAll(r.value.request.id, r.value.request.requestHash, [ic[1]!, ic[2]!, comp]);
    const early = await gov.execute(officer.actor, r.value.request.id);
    expect(early.ok ? 'ok' : early.code).toBe('time_lock_active');
    k.clock.advance(24 * 3600 * 1000);
    const done = await gov.execute(officer.actor, r.value.request.id);
    expect(done.ok ? 'ok' : done.code).toBe('ok');
    expect((await gov.policy()).version).toBe(current.version + 1);
    const allowed = await gov.request(officer.actor, 'ledger.test.move', {
      asset: 'USD',
      amount: '5',
    });
    expect(allowed.ok ? allowed.value.request.status : allowed.code).toBe('approved');
  });
});
