import type { TestKazna } from './targets.ts';
import { approver, type Approver } from './governance.ts';
import { lot, orderedTransition, WALK, world, type World } from './seizures.ts';

/**
 * Test fixtures for disposals: the seizures world plus an investment officer (who asks) and a risk
 * officer (who approves with the committee member under the default policy), forfeited lots made
 * by recording the court's decisions as history, and BTC/USD market data with and without volume.
 */
export interface DisposalWorld extends World {
  readonly investment: Approver;
  readonly risk: Approver;
  readonly caseId: string;
}

export async function disposalWorld(k: TestKazna, prefix: string): Promise<DisposalWorld> {
  const w = await world(k, prefix);
  const c = await k.services.seizures.openCase(w.officer.actor, {
    operationId: null,
    agency: 'Police',
    caseNumber: `${prefix}-1`,
    court: 'Court',
    courtOrganisationId: w.orgs.court,
    partyRefs: [],
  });
  if (!c.ok) throw new Error(c.message);
  return {
    ...w,
    caseId: c.value.id,
    investment: await approver(k, `${prefix}-invest`, ['investment_officer'], w.orgs.treasury),
    risk: await approver(k, `${prefix}-risk`, ['risk_officer'], w.orgs.treasury),
  };
}

export const NOT_FORFEITED = Object.keys(WALK).filter((s) => s !== 'forfeited');

/** A fresh BTC lot of `amount`, walked to `status`; a forfeited one is earmarked unless told not. */
export async function lotIn(
  k: TestKazna,
  w: DisposalWorld,
  status: string,
  amount: string,
  earmark = status === 'forfeited',
): Promise<string> {
  const s = k.services.seizures;
  const r = await s.intake(w.officer.actor, {
    caseId: w.caseId,
    seizedOn: '2026-01-15',
    exchangeId: null,
    note: '',
    lots: [lot({ amount })],
  });
  if (!r.ok) throw new Error(r.message);
  const id = r.value.lots[0]?.id ?? '';
  for (const to of WALK[status] ?? []) {
    const t = await s.recordHistorical(w.registrar.actor, orderedTransition(id, to));
    if (!t.ok) throw new Error(`${to}: ${t.code}`);
  }
  if (earmark) {
    const e = await s.earmark(w.custody.actor, id);
    if (!e.ok) throw new Error(e.code);
  }
  return id;
}

/** BTC/USD closes: with a daily volume of 12 BTC up to 2026-03-03, without volume after. */
export const BTC_WITH_VOLUME = [
  ['2026-02-27', '59800', '12'],
  ['2026-02-28', '59900', '12'],
  ['2026-03-01', '60000', '12'],
  ['2026-03-02', '60200', '12'],
  ['2026-03-03', '60100', '12'],
] as const;
export const BTC_WITHOUT_VOLUME = [
  ['2026-03-04', '60400'],
  ['2026-03-05', '60500'],
  ['2026-03-06', '60600'],
  ['2026-03-07', '60700'],
] as const;

export async function importBtcPrices(k: TestKazna): Promise<void> {
  const m = k.services.market;
  const a = await m.importCsv(
    { id: 'system' },
    {
      text: ['date,close,volume', ...BTC_WITH_VOLUME.map((r) => r.join(','))].join('\n'),
      asset: 'BTC',
      source: 'test-exchange',
      format: {
        delimiter: ',',
        dateFormat: 'iso',
        columns: { date: 'date', close: 'close', volume: 'volume' },
      },
    },
  );
  const b = await m.importCsv(
    { id: 'system' },
    {
      text: ['date,close', ...BTC_WITHOUT_VOLUME.map((r) => r.join(','))].join('\n'),
      asset: 'BTC',
      source: 'test-exchange',
      format: 'simple',
    },
  );
  if (!a.ok || !b.ok) throw new Error('test prices refused');
}

/** Votes through HTTP with each approver's signature over the request hash. */
export async function vote(
  k: TestKazna,
  requestId: string,
  who: Approver,
  decision: 'approve' | 'reject' = 'approve',
) {
  const view = await k.services.governance.get(requestId);
  const hash = view?.request.requestHash ?? '';
  return k.app.inject({
    method: 'POST',
    url: `/api/v1/governance/approvals/${requestId}/votes`,
    headers: who.headers,
    payload: { decision, signatureHex: who.sign(hash, decision) },
  });
}

/** The default policy's ordinary quorum (committee and risk), then execution by the asker. */
export async function approveAndExecute(k: TestKazna, w: DisposalWorld, requestId: string) {
  for (const who of [w.committee, w.risk]) {
    const v = await vote(k, requestId, who);
    if (v.statusCode !== 201) throw new Error(`vote: ${v.body}`);
  }
  return k.app.inject({
    method: 'POST',
    url: `/api/v1/governance/approvals/${requestId}/execute`,
    headers: w.investment.headers,
  });
}
