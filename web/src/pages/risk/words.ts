import type { z } from 'zod';
import type { ListedAlertJson, StoredLimitJson } from '../../../../src/risk/answers.ts';
import { useI18n, type Key } from '../../portal/i18n.ts';
import { figuresFor } from './format.ts';

/**
 * The risk engine's codes in words, in the console's language: VaR methods, stress scenarios (the
 * engine names them in English; the page names them from their id and figures), limits, breaches
 * and alerts (rebuilt from their kind, subject and figures rather than the engine's sentence).
 */
type Method = 'historical' | 'parametric' | 'monte_carlo';
type Limit = z.output<typeof StoredLimitJson>['limit'];

const METHOD_KEYS: Readonly<Record<Method, Key>> = {
  historical: 'risk.method.historical',
  parametric: 'risk.method.parametric',
  monte_carlo: 'risk.method.monte_carlo',
};

const HISTORICAL: Readonly<Record<string, Key>> = {
  mtgox_2014: 'risk.scenario.mtgox_2014',
  bear_2018: 'risk.scenario.bear_2018',
  covid_2020: 'risk.scenario.covid_2020',
  china_2021: 'risk.scenario.china_2021',
  terra_2022: 'risk.scenario.terra_2022',
  celsius_3ac_2022: 'risk.scenario.celsius_3ac_2022',
  ftx_2022: 'risk.scenario.ftx_2022',
  svb_usdc_2023: 'risk.scenario.svb_usdc_2023',
  yen_carry_2024: 'risk.scenario.yen_carry_2024',
};

/** The custodians the reserve's positions name (src/reserve/reads.ts), in words. */
const CUSTODIANS: Readonly<Record<string, Key>> = {
  'gold custodian': 'risk.custodian.gold',
  'central bank': 'risk.custodian.centralBank',
};

function isMethod(m: string): m is Method {
  return Object.hasOwn(METHOD_KEYS, m);
}

/** The first number in a scenario's name: the engine writes its parameter there. */
function figure(name: string): string {
  return /(-?\d+(?:\.\d+)?)/.exec(name)?.[1] ?? '';
}

export function useRiskWords() {
  const { t, locale } = useI18n();
  const f = figuresFor(locale);
  const method = (m: string): string => (isMethod(m) ? t(METHOD_KEYS[m]) : m);
  const share = (bps: number): string => f.pct(bps / 10_000, 2);
  const custodian = (c: string): string => {
    const key = Object.hasOwn(CUSTODIANS, c) ? CUSTODIANS[c] : undefined;
    return key === undefined ? c : t(key);
  };
  const stressName = (s: { id: string; name: string }): string => {
    const known = HISTORICAL[s.id];
    if (known !== undefined) return t(known);
    const [kind = '', subject = ''] = s.id.split(':');
    const n = figure(s.name.replace(subject, ''));
    switch (kind) {
      case 'manager_default':
        return t('risk.scenario.managerDefault', { manager: subject, recovery: n });
      case 'custodian_hack':
        return t('risk.scenario.custodianHack', { custodian: custodian(subject), lost: n });
      case 'stablecoin_depeg':
        return t('risk.scenario.depeg', { coin: subject, price: n });
      case 'gold_down':
        return t('risk.scenario.goldDown', { fall: n });
      case 'kzt_devaluation':
        return t('risk.scenario.kztDevaluation', { fall: n });
      default:
        return s.name;
    }
  };
  const stressKind = (k: string): string =>
    k === 'historical'
      ? t('risk.scenarioKind.historical')
      : k === 'hypothetical'
        ? t('risk.scenarioKind.hypothetical')
        : k;
  const limitName = (l: Limit): string => {
    switch (l.kind) {
      case 'var':
        return t('risk.limit.var', {
          method: method(l.method),
          confidence: f.pct(l.confidence, 0),
          days: f.num(l.horizonDays),
        });
      case 'crypto_cap':
        return t('risk.limit.crypto');
      case 'manager_concentration':
        return t('risk.limit.manager');
      case 'liquidity_min':
        return t('risk.limit.liquidity', { days: f.num(l.days) });
    }
  };
  /** A breach as the engine records it: its subject is a code for VaR and liquidity limits. */
  const breachText = (kind: string, subject: string, measured: number, threshold: number) => {
    const vars = { measured: share(measured), threshold: share(threshold) };
    const v = /^(\w+) VaR(\d+) (\d+)d$/.exec(subject);
    if (kind === 'var' && v !== null)
      return t('risk.breach.var', {
        ...vars,
        method: method(v[1] ?? ''),
        confidence: f.pct(Number(v[2]) / 100, 0),
        days: f.num(Number(v[3])),
      });
    if (kind === 'crypto_cap') return t('risk.breach.crypto', vars);
    if (kind === 'manager_concentration')
      return t('risk.breach.manager', { ...vars, manager: subject });
    const days = /within (\d+)d$/.exec(subject)?.[1];
    if (kind === 'liquidity_min' && days !== undefined)
      return t('risk.breach.liquidity', { ...vars, days: f.num(Number(days)) });
    return t('risk.breach.other', { ...vars, subject });
  };
  const alertText = (a: z.output<typeof ListedAlertJson>): string => {
    const bps = (x: string): number => Number(/^(-?\d+) bps$/.exec(x)?.[1] ?? Number.NaN);
    const measured = bps(a.measured);
    const threshold = bps(a.threshold);
    return Number.isNaN(measured) || Number.isNaN(threshold)
      ? t('risk.breach.unmeasured', { subject: a.subject })
      : breachText(a.kind, a.subject, measured, threshold);
  };
  return { method, stressName, stressKind, limitName, breachText, alertText };
}
