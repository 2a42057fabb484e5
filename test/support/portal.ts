import { loadDemo } from '../../src/demo/demo.ts';
import type { AssetCode } from '../../src/core/assets.ts';
import { SYSTEM } from '../../src/core/identity.ts';
import type { Kazna } from '../../src/kazna.ts';
import { isoDay } from '../../src/transparency/public/days.ts';

/**
 * A demo-loaded Kazna for the portal's tests: the demo, a few weeks of prices for what the demo
 * holds (the demo itself has no market data yet), and a signed checkpoint over all of it.
 */
export const TEST_PRICES: Readonly<Partial<Record<AssetCode, string>>> = {
  XAU: '2650',
  EUR: '1.08',
  BTC: '60000',
  ETH: '3000',
  USDT: '1',
};

export function priceCsv(lastDay: string, close: string, days = 30): string {
  const end = new Date(`${lastDay}T00:00:00Z`).getTime();
  const rows = Array.from(
    { length: days },
    (_, i) => `${isoDay(new Date(end - (days - 1 - i) * 86_400_000))},${close}`,
  );
  return `date,close\n${rows.join('\n')}\n`;
}

export async function loadPortalDemo(k: Kazna): Promise<void> {
  await loadDemo(k, () => undefined);
  const day = isoDay(k.clock.now());
  for (const [asset, close] of Object.entries(TEST_PRICES) as [AssetCode, string][]) {
    const r = await k.services.market.importCsv(SYSTEM, {
      text: priceCsv(day, close),
      asset,
      format: 'simple',
      source: 'test',
    });
    if (!r.ok) throw new Error(`${asset} prices refused: ${r.code}`);
  }
  await k.services.audit.checkpoint(SYSTEM);
}
