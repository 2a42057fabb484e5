import type { PolicyDocument, PolicyRule } from './policy.ts';

/**
 * A quorum of `committee` investment committee members and the risk officer, which the risk or the
 * compliance officer can veto; the shape of nearly every money rule.
 */
function committeeAndRisk(committee: number, timeLockSeconds?: number): PolicyRule['outcome'] {
  return {
    kind: 'quorum',
    quorum: {
      groups: [
        { role: 'investment_committee', count: committee },
        { role: 'risk_officer', count: 1 },
      ],
      vetoRoles: ['risk_officer', 'compliance_officer'],
      ...(timeLockSeconds === undefined ? {} : { timeLockSeconds }),
    },
  };
}

/**
 * Movements the policy allows without a request, each for the one role whose job it is. Small
 * operational postings have a daily ceiling per person: past it, they need a quorum.
 */
const DIRECT_POSTINGS: readonly PolicyRule[] = [
  {
    id: 'seizure-bookkeeping',
    description:
      'Seized assets moving between seizure accounts (custody, escrow, the seizure books) as a seizure, a court’s decision or a restitution is recorded: nothing reaches or leaves the reserve.',
    match: {
      actions: ['seizures.*'],
      from: ['agency:*', 'custodian:*', 'escrow:*'],
      to: ['agency:*', 'custodian:*', 'escrow:*'],
    },
    outcome: { kind: 'allow' },
  },
  {
    id: 'fund-inflow',
    description:
      'A fund paying the reserve back (a redemption, a distribution) into the reserve’s own accounts.',
    match: {
      actions: ['reserve.redemption', 'reserve.distribution'],
      initiatorRoles: ['investment_officer'],
      from: ['manager:*', 'reserve:*'],
      to: ['reserve:*'],
    },
    outcome: { kind: 'allow' },
  },
  {
    id: 'operational-postings-ceiling',
    description:
      'Operational postings beyond USD 50,000 a day per person: a committee member and risk. A posting of USD 1M or more falls through to the large-value rule.',
    match: {
      actions: ['ledger.transfer'],
      value: { max: '1000000' },
      velocity: { windowSeconds: 86400, min: '50000', per: 'initiator' },
    },
    outcome: committeeAndRisk(1),
  },
  {
    id: 'small-operational-posting',
    description:
      'A fee under USD 10,000 paid to a custodian (a bank fee, a custody fee) by the investment officer. Nothing else leaves the reserve without a quorum.',
    match: {
      actions: ['ledger.transfer'],
      initiatorRoles: ['investment_officer'],
      to: ['custodian:*'],
      value: { max: '10000' },
    },
    outcome: { kind: 'allow' },
  },
];

/**
 * Version 1 of the policy, installed at Kazna's first start as an audit entry (`ensurePolicy`).
 * Later versions are made only through approved `governance.policy.change` requests.
 *
 * Every movement of value passes it (`src/governance/movements.ts`), so it names each kind of
 * movement the reference case makes. First match wins; no match is a refusal. The direct postings
 * it allows come first and are narrow (a kind, the role that makes it, the accounts it may touch);
 * everything else that moves money needs a quorum.
 */
export const DEFAULT_POLICY: PolicyDocument = {
  reportingCurrency: 'USD',
  whitelistCoolingSeconds: 48 * 3600,
  adminQuorum: {
    groups: [
      { role: 'investment_committee', count: 2 },
      { role: 'compliance_officer', count: 1 },
    ],
    vetoRoles: ['compliance_officer'],
    timeLockSeconds: 24 * 3600,
  },
  rules: [
    {
      id: 'role-change',
      description: 'Granting or removing a role: a second administrator and compliance.',
      match: { actions: ['governance.role.change'] },
      outcome: {
        kind: 'quorum',
        quorum: {
          groups: [
            { role: 'administrator', count: 1 },
            { role: 'compliance_officer', count: 1 },
          ],
          vetoRoles: ['compliance_officer'],
        },
      },
    },
    {
      id: 'whitelist-add',
      description: 'A new destination: custody and compliance (then a 48 h cooling period).',
      match: { actions: ['governance.whitelist.add'] },
      outcome: {
        kind: 'quorum',
        quorum: {
          groups: [
            { role: 'custody_officer', count: 1 },
            { role: 'compliance_officer', count: 1 },
          ],
          vetoRoles: ['compliance_officer'],
        },
      },
    },
    {
      id: 'new-destination',
      description: 'Assets never move to a destination that is not whitelisted.',
      match: { destination: ['new'] },
      outcome: { kind: 'block', reason: 'the destination is not whitelisted' },
    },
    {
      id: 'disposal-before-forfeiture',
      description:
        'A lot is disposed of only once forfeited (emergency sales have their own kind).',
      match: {
        actions: ['seizures.disposal.*'],
        legalStatuses: ['seized', 'frozen', 'forfeiture_pending'],
      },
      outcome: { kind: 'block', reason: 'the lot is not forfeited' },
    },
    ...DIRECT_POSTINGS,
    {
      id: 'reserve-funding',
      description:
        'The central bank funding the reserve: two committee members and risk (value arrives, nothing leaves the state).',
      match: { actions: ['ledger.transfer'], from: ['agency:*'], to: ['reserve:*'] },
      outcome: committeeAndRisk(2),
    },
    {
      id: 'reserve-onboarding',
      description:
        'Recording the positions a reserve held before Kazna: two committee members and risk.',
      match: { actions: ['reserve.onboarding'] },
      outcome: committeeAndRisk(2),
    },
    {
      id: 'capital-call',
      description:
        'A capital call within a commitment the committee approved: a committee member and risk.',
      match: { actions: ['reserve.capital_call'] },
      outcome: committeeAndRisk(1),
    },
    {
      id: 'large-value',
      description: 'USD 1m or more: two committee members and risk, with a 24 h time lock.',
      match: { value: { min: '1000000' } },
      outcome: committeeAndRisk(2, 24 * 3600),
    },
    {
      id: 'velocity-24h',
      description: 'More than USD 5m of one kind within 24 h: as for a large value.',
      match: { velocity: { windowSeconds: 86400, min: '5000000', per: 'kind' } },
      outcome: committeeAndRisk(2, 24 * 3600),
    },
    {
      id: 'ordinary-money',
      description: 'Any other priced movement of money: one committee member and risk.',
      match: {
        actions: ['ledger.*', 'reserve.*', 'seizures.*', 'chain.*'],
        value: { min: '0' },
      },
      outcome: committeeAndRisk(1),
    },
    {
      id: 'ordinary-unpriced',
      description: 'Requests that carry no amount (legal steps, hand-offs): one committee member.',
      match: { actions: ['ledger.*', 'reserve.*', 'seizures.*', 'chain.*'], hasAmount: false },
      outcome: {
        kind: 'quorum',
        quorum: { groups: [{ role: 'investment_committee', count: 1 }] },
      },
    },
  ],
};
