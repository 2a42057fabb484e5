import { useApi } from '../../useApi.ts';
import { dayTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { ReportSummary } from '../types.ts';
import { Empty, Loading, ProblemNote, Section } from './common.tsx';

/**
 * Signed periodic reports and the latest proof of reserves, from the transparency routes. Before any
 * is published (or on a server without those routes) the views say so instead of failing.
 */
const NOT_YET = new Set(['route_not_found', 'por_not_found', 'report_not_found']);

function ReportList() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi<{ reports: readonly ReportSummary[] }>('/public/reports');
  if (problem !== null)
    return NOT_YET.has(problem.code) ? (
      <Empty text="reports.empty" />
    ) : (
      <ProblemNote problem={problem} />
    );
  if (data === null) return <Loading />;
  if (data.reports.length === 0) return <Empty text="reports.empty" />;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('reports.period')}</th>
          <th scope="col">{t('reports.kind')}</th>
          <th scope="col">{t('reports.published')}</th>
          <th scope="col">{t('reports.hash')}</th>
          <th scope="col">{t('reports.download')}</th>
        </tr>
      </thead>
      <tbody>
        {data.reports.map((r) => (
          <tr key={r.id}>
            <td>{r.period}</td>
            <td>{r.kind}</td>
            <td>{dayTime(locale, r.publishedAt)}</td>
            <td className="mono">{r.sha256.slice(0, 16)}…</td>
            <td className="links">
              {Object.entries(r.links).map(([kind, href]) => (
                <a key={kind} href={href} download>
                  {kind.toUpperCase()}
                </a>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface PorView {
  readonly body?: {
    readonly asOf?: string;
    readonly day?: string;
    readonly trees?: readonly unknown[];
  };
  readonly sha256?: string;
  readonly root?: string;
}

function ProofOfReserves() {
  const { t } = useI18n();
  const { data, problem } = useApi<PorView>('/public/proof-of-reserves/latest');
  if (problem !== null)
    return NOT_YET.has(problem.code) ? (
      <Empty text="por.none" />
    ) : (
      <ProblemNote problem={problem} />
    );
  if (data === null) return <Loading />;
  return (
    <>
      <p>{t('por.lead')}</p>
      <dl>
        <dt>{t('por.root')}</dt>
        <dd className="mono hash">{data.sha256 ?? data.root ?? '—'}</dd>
      </dl>
      <p>
        <a href="/api/v1/public/proof-of-reserves/latest" download="kazna-proof-of-reserves.json">
          {t('por.download')}
        </a>
      </p>
    </>
  );
}

export function Reports() {
  return (
    <>
      <Section title="reports.title">
        <ReportList />
      </Section>
      <Section title="por.title">
        <ProofOfReserves />
      </Section>
    </>
  );
}
