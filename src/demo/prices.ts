import type { AssetCode } from '../core/assets.ts';
import { addDays } from '../market/model.ts';
import type { Market } from '../market/service.ts';
import { HISTORICAL_SCENARIOS } from '../risk/report.ts';

/**
 * The demo's market data, generated here and never read from outside the repository, recorded
 * under the source `demo-generated` so every page that shows a price can say it is not real.
 *
 * The last 450 days of each pair are a seeded geometric Brownian motion from a level of today's
 * order. BTC, ETH and gold also get a long history before that, from the days their real series
 * begin, so the simulator's reference scenario (bootstrapped from 2018-2024) and the risk
 * stress library (2014-2024) have something to read in the market store. That history is a
 * Brownian bridge: it ends at the level the recent part starts from, and over each historical
 * stress window it moves by exactly the shock documented for that event, so the stress tests
 * computed from the store show the documented magnitudes.
 */
export const DEMO_SOURCE = 'demo-generated';
const RECENT_DAYS = 450;

interface DemoPair {
  readonly asset: AssetCode;
  readonly quote: AssetCode;
  /** The level the recent 450 days start from, and their daily volatility. */
  readonly start: number;
  readonly volDaily: number;
  /**
   * A long history before the recent part, from the first anchor's day; it passes through each
   * anchor (rounded public levels, so the generated series has a plausible order of magnitude).
   */
  readonly history?: {
    readonly anchors: readonly (readonly [day: string, level: number])[];
    readonly weekdays: boolean;
  };
}

const PAIRS: readonly DemoPair[] = [
  {
    asset: 'BTC',
    quote: 'USD',
    start: 62_000,
    volDaily: 0.032,
    history: {
      weekdays: false,
      anchors: [
        ['2011-08-18', 11],
        ['2012-12-31', 13],
        ['2013-12-31', 750],
        ['2015-12-31', 430],
        ['2016-12-31', 960],
        ['2017-12-15', 17_600],
        ['2018-12-31', 3_700],
        ['2019-12-31', 7_200],
        ['2020-12-31', 29_000],
        ['2021-12-31', 46_000],
        ['2022-12-31', 16_500],
        ['2023-12-31', 42_000],
        ['2024-03-29', 70_000],
        ['2024-12-31', 93_000],
      ],
    },
  },
  {
    asset: 'ETH',
    quote: 'USD',
    start: 3_100,
    volDaily: 0.042,
    history: {
      weekdays: false,
      anchors: [
        ['2015-08-07', 2.8],
        ['2016-12-31', 8],
        ['2017-12-15', 690],
        ['2018-12-31', 130],
        ['2019-12-31', 130],
        ['2020-12-31', 740],
        ['2021-12-31', 3_700],
        ['2022-12-31', 1_200],
        ['2023-12-31', 2_300],
        ['2024-03-29', 3_500],
        ['2024-12-31', 3_300],
      ],
    },
  },
  {
    asset: 'XAU',
    quote: 'USD',
    start: 2_350,
    volDaily: 0.009,
    history: {
      weekdays: true,
      anchors: [
        ['2004-06-11', 384],
        ['2007-12-31', 834],
        ['2010-12-31', 1_420],
        ['2012-12-31', 1_675],
        ['2015-12-31', 1_060],
        ['2018-12-31', 1_280],
        ['2020-12-31', 1_890],
        ['2022-12-30', 1_820],
        ['2023-12-29', 2_060],
        ['2024-12-31', 2_620],
      ],
    },
  },
  { asset: 'USDT', quote: 'USD', start: 1, volDaily: 0.0004 },
  { asset: 'EUR', quote: 'USD', start: 1.08, volDaily: 0.004 },
  { asset: 'USD', quote: 'KZT', start: 470, volDaily: 0.005 },
];

/** A small seeded generator (mulberry32) and Box-Muller normals: the same file on every start. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function priceText(p: number, pair: DemoPair): string {
  return p.toFixed(pair.start < 10 ? 6 : 2);
}

/** The recent part: `RECENT_DAYS` days from `first`, starting from the pair's level. */
function recentRows(first: string, pair: DemoPair, seed: number): string[] {
  const z = normals(seed);
  const lines: string[] = [];
  let p = pair.start;
  for (let i = 0; i < RECENT_DAYS; i++) {
    p *= Math.exp(pair.volDaily * z() - (pair.volDaily * pair.volDaily) / 2);
    lines.push(`${addDays(first, i)},${priceText(p, pair)}`);
  }
  return lines;
}

function daysFrom(from: string, to: string, weekdays: boolean): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const w = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (!weekdays || (w !== 0 && w !== 6)) out.push(d);
  }
  return out;
}

/** The last index whose day is on or before `day`, or -1. */
function lastOnOrBefore(days: readonly string[], day: string): number {
  let found = -1;
  for (let i = 0; i < days.length && (days[i] ?? '') <= day; i++) found = i;
  return found;
}

/**
 * The long history on `days`, through the pair's anchors and ending at its recent starting level:
 * random log returns, each documented stress window's returns shifted to add up to its shock, and
 * the other returns between two anchors shifted to land on the next one.
 */
function historyRows(days: readonly string[], pair: DemoPair, seed: number): string[] {
  const history = pair.history;
  if (history === undefined || days.length < 2) return [];
  const z = normals(seed);
  const r = Array.from(days, (_, i) => (i === 0 ? 0 : pair.volDaily * z()));
  const pinned = pinStressWindows(days, pair.asset, r);
  const last = days.length - 1;
  const marks = [
    ...history.anchors
      .filter(([day]) => day < (days[last] ?? ''))
      .map(([day, level]) => ({ at: lastOnOrBefore(days, day), level })),
    { at: last, level: pair.start },
  ];
  for (let k = 1; k < marks.length; k++) {
    const a = marks[k - 1];
    const b = marks[k];
    if (a === undefined || b === undefined || b.at <= a.at) continue;
    const span = Array.from({ length: b.at - a.at }, (_, j) => a.at + 1 + j);
    const free = span.filter((i) => !pinned.has(i));
    const moved = span.reduce((sum, i) => sum + (r[i] ?? 0), 0);
    const drift = (Math.log(b.level / a.level) - moved) / Math.max(1, free.length);
    for (const i of free) r[i] = (r[i] ?? 0) + drift;
  }
  let log = Math.log(marks[0]?.level ?? pair.start);
  return days.map((d, i) => {
    log += r[i] ?? 0;
    return `${d},${priceText(Math.exp(log), pair)}`;
  });
}

/** Shifts the returns inside each documented stress window to add up to its shock. */
function pinStressWindows(days: readonly string[], asset: string, r: number[]): Set<number> {
  const pinned = new Set<number>();
  for (const h of HISTORICAL_SCENARIOS) {
    const shock = h.fallback[asset];
    const ib = lastOnOrBefore(days, h.base);
    const ie = lastOnOrBefore(days, h.end);
    const inside = h.base >= (days[0] ?? '') && h.end <= (days.at(-1) ?? '');
    if (shock === undefined || !inside || ib < 0 || ie <= ib) continue;
    const span = Array.from({ length: ie - ib }, (_, k) => ib + 1 + k);
    const shift = (Math.log1p(shock) - span.reduce((s, i) => s + (r[i] ?? 0), 0)) / span.length;
    for (const i of span) {
      r[i] = (r[i] ?? 0) + shift;
      pinned.add(i);
    }
  }
  return pinned;
}

/** Each pair's generated file (`date,close`), up to `yesterday`. */
export function demoPriceFiles(
  yesterday: string,
): { readonly pair: DemoPair; readonly text: string }[] {
  const first = addDays(yesterday, -(RECENT_DAYS - 1));
  return PAIRS.map((pair, i) => {
    const h = pair.history;
    const from = h?.anchors[0]?.[0];
    const long =
      h === undefined || from === undefined ? [] : daysFrom(from, addDays(first, -1), h.weekdays);
    const rows = [...historyRows(long, pair, 7001 + i), ...recentRows(first, pair, 2025 + i)];
    return { pair, text: ['date,close', ...rows].join('\n') };
  });
}

/** Imports the generated prices into the market store (one audited import per pair). */
export async function importDemoPrices(
  market: Market,
  actor: { readonly id: string },
  yesterday: string,
): Promise<void> {
  for (const { pair, text } of demoPriceFiles(yesterday)) {
    const r = await market.importCsv(actor, {
      text,
      asset: pair.asset,
      quote: pair.quote,
      source: DEMO_SOURCE,
      format: 'simple',
      fileName: `demo-${pair.asset.toLowerCase()}-${pair.quote.toLowerCase()}.csv`,
    });
    if (!r.ok) throw new Error(`demo: prices for ${pair.asset} refused: ${r.code}`);
  }
}
