import { PorDocumentJson, PublicReportsJson } from '../../../../src/transparency/answers.ts';
import { Fragment, useState } from 'react';
import {
  verifyPorDocument,
  verifyReportBundleText,
  type ReportCheck,
} from '../../../../verifier/src/index.ts';
import { useApi } from '../../useApi.ts';
import { dayTime, decimal, fromBaseUnits } from '../format.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Empty, Loading, ProblemNote, Section } from './common.tsx';

/**
 * Signed periodic reports and the latest proof of reserves, from the transparency routes. Before any
 * is published (or on a server without those routes) the views say so instead of failing.
 */
const NOT_YET = new Set(['route_not_found', 'por_not_found', 'report_not_found']);

/** Downloads a report's bundle and checks it here with the standalone verifier. */
function VerifyReport({ href }: { href: string }) {
  const { t } = useI18n();
  const [check, setCheck] = useState<ReportCheck | 'running' | null>(null);
  if (check === 'running') return <span className="muted">{t('verify.running')}</span>;
  if (check !== null)
    return (
      <span className={check.ok ? 'check ok' : 'check bad'} data-report-ok={check.ok}>
        {check.ok
          ? `✓ ${t('reports.verified', { figures: String(check.checked.figures), refs: String(check.checked.auditRefs) })}`
          : `✗ ${check.problems[0] ?? ''}`}
      </span>
    );
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        setCheck('running');
        void fetch(href)
          .then((r) => r.text())
          .then((text) => {
            setCheck(verifyReportBundleText(text));
          });
      }}
    >
      {t('reports.verify')}
    </button>
  );
}

function ReportList() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/reports', PublicReportsJson);
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
          <th scope="col">{t('verify.title')}</th>
        </tr>
      </thead>
      <tbody>
        {data.reports.map((r) => (
          <tr key={r.id}>
            <td>{r.period}</td>
            <td>{t(`reports.kind.${r.kind}` as Key)}</td>
            <td>{dayTime(locale, r.publishedAt)}</td>
            <td className="mono">{r.sha256.slice(0, 16)}…</td>
            <td className="links">
              {Object.entries(r.links).map(([kind, href]) => (
                // A space between the links keeps their names apart for screen readers and copy.
                <Fragment key={kind}>
                  <a href={href} download>
                    {kind === 'bundle' ? t('reports.bundleLink') : kind.toUpperCase()}
                  </a>{' '}
                </Fragment>
              ))}
            </td>
            <td>
              <VerifyReport href={r.links.bundle} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProofOfReserves() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/proof-of-reserves/latest', PorDocumentJson);
  if (problem !== null)
    return NOT_YET.has(problem.code) ? (
      <Empty text="por.none" />
    ) : (
      <ProblemNote problem={problem} />
    );
  if (data === null) return <Loading />;
  const check = verifyPorDocument(data);
  return (
    <>
      <p>{t('por.lead')}</p>
      <p className={check.ok ? 'verdict ok' : 'verdict bad'} data-por-ok={check.ok}>
        {check.ok ? `✓ ${t('por.verified')}` : `✗ ${check.problems.join('; ')}`}
      </p>
      <dl className="verify-facts">
        <dt>{t('por.root')}</dt>
        <dd className="mono hash">{data.sha256}</dd>
        <dt>{t('por.key')}</dt>
        <dd className="mono">{data.signature.keyId}</dd>
        <dt>{t('verify.signedAt')}</dt>
        <dd>{dayTime(locale, data.body.asOf)}</dd>
      </dl>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('enf.asset')}</th>
            <th scope="col" className="num">
              {t('por.liabilities')}
            </th>
            <th scope="col" className="num">
              {t('por.custody')}
            </th>
            <th scope="col">{t('por.covered')}</th>
          </tr>
        </thead>
        <tbody>
          {data.body.coverage.map((c) => (
            <tr key={c.asset}>
              <th scope="row">{c.asset}</th>
              <td className="num">{decimal(locale, fromBaseUnits(c.liabilities, c.asset))}</td>
              <td className="num">{decimal(locale, fromBaseUnits(c.custody, c.asset))}</td>
              <td className={c.covered ? 'check ok' : 'check bad'}>{c.covered ? '✓' : '✗'}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
