import type { DemoStep } from './step.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';

/**
 * The demo publishes what an outsider would download: one proof of reserves, then the monthly and
 * quarterly reports of the demo's own month (the demo's history is booked on the day it loads, so an
 * earlier period would rightly have no data). A report already published is left as it is.
 */
function periodsOf(now: Date): { month: string; quarter: string } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return {
    month: `${year}-${String(month).padStart(2, '0')}`,
    quarter: `${year}-Q${Math.ceil(month / 3)}`,
  };
}

async function run(kazna: Kazna): Promise<void> {
  const t = kazna.services.transparency;
  if ((await t.por('latest')) === null) await t.buildPor(SYSTEM);
  const { month, quarter } = periodsOf(kazna.clock.now());
  for (const period of [month, quarter]) {
    const r = await t.report(SYSTEM, period, true);
    if (!r.ok && r.code !== 'report_already_published')
      throw new Error(`demo: the ${period} report was refused: ${r.code}`);
  }
}

export const TRANSPARENCY_DEMO_STEP: DemoStep = {
  name: 'transparency-reports',
  describe: 'transparency: a signed proof of reserves and this month’s and quarter’s reports',
  run,
};
