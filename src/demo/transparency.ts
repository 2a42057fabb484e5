import type { DemoStep } from './step.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';

/**
 * The demo publishes what an outsider would download: one proof of reserves, then the monthly and
 * quarterly reports of the last month and quarter that have ended (a period is reported only once
 * it is over). The reserve's gold, currency and venture funds are booked from its inception,
 * thirteen months back, and the demo's prices cover those days, so both reports value a reserve
 * at current prices. A report already published is left as it is.
 */
export function endedPeriods(now: Date): { month: string; quarter: string } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  const lastMonth = month === 1 ? { y: year - 1, m: 12 } : { y: year, m: month - 1 };
  const quarter = Math.ceil(month / 3);
  const lastQuarter = quarter === 1 ? { y: year - 1, q: 4 } : { y: year, q: quarter - 1 };
  return {
    month: `${String(lastMonth.y)}-${String(lastMonth.m).padStart(2, '0')}`,
    quarter: `${String(lastQuarter.y)}-Q${String(lastQuarter.q)}`,
  };
}

async function run(kazna: Kazna): Promise<void> {
  const t = kazna.services.transparency;
  if ((await t.por('latest')) === null) await t.buildPor(SYSTEM);
  const { month, quarter } = endedPeriods(kazna.clock.now());
  for (const period of [month, quarter]) {
    const r = await t.report(SYSTEM, period, true);
    if (!r.ok && r.code !== 'report_already_published')
      throw new Error(`demo: the ${period} report was refused: ${r.code}`);
  }
}

export const TRANSPARENCY_DEMO_STEP: DemoStep = {
  name: 'transparency-reports',
  describe:
    'transparency: a signed proof of reserves and the last ended month’s and quarter’s reports',
  run,
};
