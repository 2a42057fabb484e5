import type { PolicyDocument } from './policy.ts';

/**
 * Version 1 of the policy, installed by migration 0300 (this constant must stay equal to it; a test
 * checks). Later versions are made only through approved `governance.policy.change` requests.
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
    {
      id: 'large-value',
      description: 'USD 1m or more: two committee members and risk, with a 24 h time lock.',
      match: { value: { min: '1000000' } },
      outcome: {
        kind: 'quorum',
        quorum: {
          groups: [
            { role: 'investment_committee', count: 2 },
            { role: 'risk_officer', count: 1 },
          ],
          vetoRoles: ['risk_officer', 'compliance_officer'],
          timeLockSeconds: 24 * 3600,
        },
      },
    },
    {
      id: 'velocity-24h',
      description: 'More than USD 5m of one kind within 24 h: as for a large value.',
      match: { velocity: { windowSeconds: 86400, min: '5000000', per: 'kind' } },
      outcome: {
        kind: 'quorum',
        quorum: {
          groups: [
            { role: 'investment_committee', count: 2 },
            { role: 'risk_officer', count: 1 },
          ],
          vetoRoles: ['risk_officer', 'compliance_officer'],
          timeLockSeconds: 24 * 3600,
        },
      },
    },
    {
      id: 'ordinary-money',
      description: 'Any other priced movement of money: one committee member and risk.',
      match: {
        actions: ['ledger.*', 'reserve.*', 'seizures.*', 'chain.*'],
        value: { min: '0' },
      },
      outcome: {
        kind: 'quorum',
        quorum: {
          groups: [
            { role: 'investment_committee', count: 1 },
            { role: 'risk_officer', count: 1 },
          ],
          vetoRoles: ['risk_officer', 'compliance_officer'],
        },
      },
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
