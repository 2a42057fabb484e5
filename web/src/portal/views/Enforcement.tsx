import {
  PublicEnforcementJson,
  PublicFlowsJson,
} from '../../../../src/transparency/public/answers.ts';
import { useState } from 'react';
import { useApi } from '../../useApi.ts';
// The schema spreads its measures from a list, which its type cannot name: the page keeps the shape.
import type { Enforcement as EnforcementData } from '../types.ts';
import { Sankey } from '../charts/Sankey.tsx';
import { count, day, decimal, money } from '../format.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Empty, Loading, ProblemNote, Section } from './common.tsx';

/** Enforcement statistics and the seizure-to-reserve flow diagram, one asset at a time. */
const SHOWN: readonly string[] = [
  'seized',
  'pending',
  'forfeited',
  'sentToReserve',
  'restituted',
  'returnedToOwner',
  'released',
  'emergencySold',
];

function Stats({ e }: { e: EnforcementData }) {
  const { t, locale } = useI18n();
  const tiles: [Key, string][] = [
    ['enf.operations', count(locale, e.operations)],
    ['enf.exchanges', count(locale, e.exchangesShutDown)],
    ['enf.volume', money(locale, e.volumeProcessedByShutDownExchangesUsd)],
    ['enf.lots', count(locale, e.lots)],
  ];
  return (
    <>
      <p className="muted">{t('common.asOf', { day: day(locale, e.day) })}</p>
      <ul className="tiles">
        {tiles.map(([k, v]) => (
          <li key={k}>
            <strong>{v}</strong>
            <span>{t(k)}</span>
          </li>
        ))}
      </ul>
      <h3>{t('enf.valueTitle')}</h3>
      <ul className="tiles">
        {['seized', 'forfeited', 'restituted', 'sentToReserve'].map((m) => {
          const v = e.valueUsd[m];
          return (
            <li key={m} data-measure={m}>
              <strong>{money(locale, v?.value ?? '0')}</strong>
              <span>{t(`m.${m}` as Key)}</span>
              {v !== undefined && v.unpriced.length > 0 && (
                <small className="muted">
                  {t('enf.unpriced', { assets: v.unpriced.join(', ') })}
                </small>
              )}
            </li>
          );
        })}
      </ul>
      <h3>{t('enf.byAsset')}</h3>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('enf.asset')}</th>
              {SHOWN.map((m) => (
                <th key={m} scope="col" className="num">
                  {t(`m.${m}` as Key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {e.byAsset.map((r) => (
              <tr key={r.asset}>
                <th scope="row">{r.asset}</th>
                {SHOWN.map((m) => (
                  <td key={m} className="num">
                    {decimal(locale, r[m] ?? '0')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FlowView() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/flows', PublicFlowsJson);
  const [chosen, setChosen] = useState<string | null>(null);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const assets = [...new Set(data.links.map((l) => l.asset))];
  if (assets.length === 0) return <Empty text="flow.empty" />;
  const asset = chosen ?? assets[0] ?? '';
  const links = data.links.filter((l) => l.asset === asset);
  const node = (k: string): string => t(`node.${k}` as Key);
  return (
    <>
      <p>{t('flow.lead')}</p>
      <label>
        {t('flow.asset')}{' '}
        <select
          value={asset}
          onChange={(e) => {
            setChosen(e.target.value);
          }}
        >
          {assets.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <Sankey links={links} label={t('flow.chartLabel', { asset })} nodeLabel={node} />
      <details>
        <summary>{t('common.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('flow.from')}</th>
              <th scope="col">{t('flow.to')}</th>
              <th scope="col" className="num">
                {t('flow.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={`${l.source}-${l.target}`}>
                <td>{node(l.source)}</td>
                <td>{node(l.target)}</td>
                <td className="num">{`${decimal(locale, l.units)} ${asset}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

export function Enforcement() {
  const { data, problem } = useApi('/public/enforcement', PublicEnforcementJson);
  return (
    <>
      <Section title="enf.title">
        {problem !== null ? (
          <ProblemNote problem={problem} />
        ) : data === null ? (
          <Loading />
        ) : data.byAsset.length === 0 ? (
          <Empty text="enf.empty" />
        ) : (
          <Stats e={data} />
        )}
      </Section>
      <Section title="flow.title">
        <FlowView />
      </Section>
    </>
  );
}
