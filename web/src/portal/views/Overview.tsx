import type { z } from 'zod';
import {
  PublicAllocationJson,
  PublicValueSeriesJson,
} from '../../../../src/transparency/public/answers.ts';
import { useApi } from '../../useApi.ts';
import { LineChart } from '../charts/LineChart.tsx';
import { Pie } from '../charts/Pie.tsx';
import { day, money, moneyShort, monthShort, percent } from '../format.ts';
import { useI18n, type Key } from '../i18n.ts';
import { VerifyPanel } from '../VerifyPanel.tsx';
import { BUCKET_COLORS, Empty, Loading, ProblemNote, Section } from './common.tsx';

/** The reserve: the allocation pie against targets, its value over time, and the verification panel. */
type Allocation = z.output<typeof PublicAllocationJson>;

function AllocationTable({ a }: { a: Allocation }) {
  const { t, locale } = useI18n();
  return (
    <table className="allocation-table">
      <caption className="sr-only">{t('alloc.chartLabel')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('alloc.bucket')}</th>
          <th scope="col" className="num">
            {t('alloc.value')}
          </th>
          <th scope="col" className="num">
            {t('alloc.share')}
          </th>
          <th scope="col" className="num">
            {t('alloc.target')}
          </th>
        </tr>
      </thead>
      <tbody>
        {a.lines.map((l) => (
          <tr key={l.bucket} data-bucket={l.bucket}>
            <th scope="row">
              <span
                className="swatch"
                style={{ background: BUCKET_COLORS[l.bucket] }}
                aria-hidden
              />
              {t(`bucket.${l.bucket}` as Key)}
            </th>
            <td className="num">{money(locale, l.value)}</td>
            <td className="num" data-share={l.share}>
              {percent(locale, l.share)}
            </td>
            <td className="num">{l.target === null ? '—' : percent(locale, l.target)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AllocationView() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/allocation', PublicAllocationJson);
  if (problem?.code === 'no_valuation_for_day') return <Empty text="alloc.empty" />;
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  return (
    <>
      <p className="muted">{t('common.asOf', { day: day(locale, data.day) })}</p>
      {data.stale && <p className="warn-note">{t('common.stale')}</p>}
      <div className="allocation">
        <Pie
          label={t('alloc.chartLabel')}
          centre={moneyShort(locale, data.total)}
          slices={data.lines.map((l) => ({
            key: l.bucket,
            label: `${t(`bucket.${l.bucket}` as Key)}: ${percent(locale, l.share)}`,
            shareBps: l.shareBps,
            color: BUCKET_COLORS[l.bucket] ?? '#999',
          }))}
        />
        <div className="scroll">
          <AllocationTable a={data} />
          <dl className="totals">
            <dt>{t('alloc.total')}</dt>
            <dd>{money(locale, data.total)}</dd>
            <dt>{t('alloc.official')}</dt>
            <dd>{money(locale, data.officialReserveAssets)}</dd>
            <dt>{t('alloc.other')}</dt>
            <dd>{money(locale, data.otherAssets)}</dd>
          </dl>
          {data.lines.every((l) => l.target === null) && (
            <p className="muted small">{t('alloc.noTarget')}</p>
          )}
        </div>
      </div>
    </>
  );
}

function SeriesView() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/value-series', PublicValueSeriesJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  if (data.points.length === 0) return <Empty text="series.empty" />;
  return (
    <>
      <LineChart
        points={data.points.map((p) => ({ day: p.day, value: p.total }))}
        label={t('series.chartLabel')}
        xLabel={(d) => monthShort(locale, d)}
        yLabel={(v) => moneyShort(locale, v)}
      />
      {data.points.length === 1 && <p className="muted">{t('series.onePoint')}</p>}
      <details>
        <summary>{t('common.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('series.day')}</th>
              <th scope="col" className="num">
                {t('series.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.points.map((p) => (
              <tr key={p.day}>
                <td>{day(locale, p.day)}</td>
                <td className="num">{money(locale, p.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

export function Overview() {
  return (
    <div className="portal-grid">
      <div>
        <Section title="alloc.title">
          <AllocationView />
        </Section>
        <Section title="series.title">
          <SeriesView />
        </Section>
      </div>
      <VerifyPanel />
    </div>
  );
}
