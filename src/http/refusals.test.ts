import { describe, expect, it } from 'vitest';
import { CHAIN_STATUS } from '../chain/statuses.ts';
import { GOVERNANCE_STATUS } from '../governance/statuses.ts';
import { LEDGER_APPROVAL_STATUS } from '../ledger/approval.ts';
import { LEDGER_STATUS } from '../ledger/statuses.ts';
import { MANUAL_PRICE_STATUS } from '../market/manual.ts';
import { DISPOSAL_STATUS } from '../disposal/statuses.ts';
import { RESERVE_STATUS } from '../reserve/statuses.ts';
import { SEIZURES_STATUS } from '../seizures/statuses.ts';
import type { RefusalStatus } from './refusals.ts';

/**
 * Each domain's code-to-status map (the compiler checks that it names every code of its closed
 * union): an expected refusal is the client's to act on, so every status is a 4xx, never a 5xx.
 * The approval kinds register these maps, so their refusals answer the same way.
 */
const MAPS: Readonly<Record<string, Readonly<Record<string, RefusalStatus>>>> = {
  governance: GOVERNANCE_STATUS,
  ledger: LEDGER_STATUS,
  'ledger approvals': LEDGER_APPROVAL_STATUS,
  'market manual prices': MANUAL_PRICE_STATUS,
  reserve: RESERVE_STATUS,
  disposals: DISPOSAL_STATUS,
  seizures: SEIZURES_STATUS,
  chain: CHAIN_STATUS,
};

describe('refusal statuses', () => {
  it.each(Object.entries(MAPS))('%s answers every refusal with a client error', (_, map) => {
    const codes = Object.keys(map);
    expect(codes.length).toBeGreaterThan(0);
    const notClientErrors = Object.entries(map).filter(([, s]) => !(s >= 400 && s <= 499));
    expect(notClientErrors).toEqual([]);
  });

  it('keeps the movement gate’s refusals where the ledger put them', () => {
    for (const map of [LEDGER_STATUS, RESERVE_STATUS, CHAIN_STATUS]) {
      expect(map.policy_denied).toBe(403);
      expect(map.approval_required).toBe(409);
    }
  });
});
