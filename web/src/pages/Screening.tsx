import { useState } from 'react';
import type { z } from 'zod';
import {
  ComplianceHitPostJson,
  ComplianceHitsJson,
  ComplianceScreeningsPostJson,
} from '../../../src/compliance/screening-answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { useI18n, type Key } from '../portal/i18n.ts';
import { Authored, Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';

/**
 * The compliance page: the screening workbench (addresses pasted or uploaded as CSV, or a name) and
 * the queue of hits, where an officer confirms or clears each with a reason. Clearing a hit on a
 * sanctioned address waits for a second officer, who completes it here.
 */
type Run = z.output<typeof ComplianceScreeningsPostJson>;
type Hit = Run['hits'][number];

const CODES = ['bad_length', 'bad_checksum', 'bad_character'] as const;

function useHitColumns(): Column<Hit>[] {
  const { t, locale } = useI18n();
  return [
    { header: t('screening.subject'), cell: (h) => <Authored text={h.subject} /> },
    { header: t('screening.source'), cell: (h) => t(`screening.source.${h.source}`) },
    { header: t('screening.version'), cell: (h) => h.listVersion ?? '—' },
    {
      header: t('screening.confidence'),
      numeric: true,
      sort: (h) => h.confidence,
      cell: (h) => h.confidence.toLocaleString(locale, { style: 'percent' }),
    },
    { header: t('screening.matched'), cell: (h) => <Authored text={h.matched} /> },
    {
      header: t('screening.provenance'),
      cell: (h) => <Authored text={`${h.provenance} · ${h.entryRef}`} />,
    },
  ];
}

function RunForm({ onRun }: { onRun: (r: Run) => void }) {
  const { t } = useI18n();
  const [addresses, setAddresses] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const send = async (body: object) => {
    const r = await fetchAnswer('/compliance/screenings', ComplianceScreeningsPostJson, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    setProblem(r.ok ? null : r.problem);
    if (r.ok) onRun(r.value);
  };
  const lines = () =>
    addresses
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
  return (
    <div className="stack">
      <label>
        {t('screening.addresses')}
        <textarea
          rows={4}
          value={addresses}
          onChange={(e) => {
            setAddresses(e.target.value);
          }}
        />
      </label>
      <label>
        {t('screening.csv')}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file !== undefined) void file.text().then((csv) => send({ csv }));
          }}
        />
      </label>
      <div className="actions">
        <button
          type="button"
          disabled={lines().length === 0}
          onClick={() => void send({ addresses: lines() })}
        >
          {t('screening.runAddresses')}
        </button>
      </div>
      <label>
        {t('screening.name')}
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </label>
      <p className="muted">{t('screening.nameNote')}</p>
      <div className="actions">
        <button type="button" disabled={name.trim() === ''} onClick={() => void send({ name })}>
          {t('screening.runName')}
        </button>
      </div>
      <ProblemNote problem={problem} />
    </div>
  );
}

function RunResult({ run }: { run: Run }) {
  const { t } = useI18n();
  const columns = useHitColumns();
  const why = (code: string): string =>
    (CODES as readonly string[]).includes(code)
      ? t(`screening.code.${code}` as Key)
      : t('screening.code.invalid');
  const vars = { hits: String(run.hits.length), screened: String(run.screened) };
  return (
    <section aria-label={t('screening.result', { ...vars, version: run.listVersion ?? '' })}>
      <p role="status">
        {run.kind === 'name'
          ? t('screening.resultName', vars)
          : t('screening.result', { ...vars, version: run.listVersion ?? '' })}
      </p>
      <DataTable
        rows={run.hits}
        columns={columns}
        rowKey={(h) => h.id}
        empty={<Empty>{t('screening.noHits')}</Empty>}
      />
      {run.invalid.length === 0 ? null : (
        <>
          <h3>{t('screening.invalid')}</h3>
          <DataTable
            rows={run.invalid}
            rowKey={(r) => String(r.row)}
            columns={[
              { header: t('screening.row'), cell: (r) => r.row, numeric: true },
              { header: t('screening.input'), cell: (r) => <Authored text={r.input} /> },
              { header: t('screening.why'), cell: (r) => why(r.code) },
            ]}
            empty={null}
          />
        </>
      )}
    </section>
  );
}

function Decide({ hit, onDone }: { hit: Hit; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const { can } = useSession();
  if (hit.status !== 'open' || !can('compliance.alerts.manage')) {
    const waits = hit.status === 'open' && hit.pendingClearance !== null;
    return <>{waits ? t('screening.waits') : t(`screening.status.${hit.status}`)}</>;
  }
  const act = async (step: string) => {
    const r = await fetchAnswer(`/compliance/hits/${hit.id}/${step}`, ComplianceHitPostJson, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    });
    setProblem(r.ok ? null : r.problem);
    if (r.ok) onDone();
  };
  const waiting = hit.pendingClearance !== null;
  return (
    <div className="stack">
      {waiting ? <strong>{t('screening.waits')}</strong> : null}
      <input
        aria-label={t('screening.reason')}
        placeholder={t('screening.reason')}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
      />
      <div className="actions">
        {waiting ? (
          <button type="button" onClick={() => void act('clear/second')}>
            {t('screening.completeClear')}
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void act('confirm')}>
              {t('screening.confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => void act('clear')}>
              {t('screening.clear')}
            </button>
          </>
        )}
      </div>
      <ProblemNote problem={problem} />
    </div>
  );
}

function Queue({ version }: { version: number }) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const query = new URLSearchParams({ limit: '20' });
  if (status !== '') query.set('status', status);
  if (after !== undefined) query.set('after', after);
  // The fragment changes after each run, so the queue is fetched again with the new hits.
  const page = useApi(
    `/compliance/hits?${query.toString()}#${String(version)}`,
    ComplianceHitsJson,
  );
  const columns: Column<Hit>[] = [
    ...useHitColumns(),
    { header: t('screening.status'), cell: (h) => <Decide hit={h} onDone={page.reload} /> },
  ];
  return (
    <section>
      <h2>{t('screening.queue')}</h2>
      <div className="actions">
        <select
          aria-label={t('screening.status')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setCursors([]);
          }}
        >
          <option value="">{t('screening.every')}</option>
          {(['open', 'confirmed', 'cleared'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`screening.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <ProblemNote problem={page.problem} />
      {page.data === null ? (
        <Loading />
      ) : (
        <DataTable
          rows={page.data.hits}
          columns={columns}
          rowKey={(h) => h.id}
          pageSize={20}
          empty={<Empty>{t('screening.noHits')}</Empty>}
        />
      )}
      <div className="actions pager">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length === 0}
          onClick={() => {
            setCursors((c) => c.slice(0, -1));
          }}
        >
          {t('screening.newer')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={page.data?.next == null}
          onClick={() => {
            const next = page.data?.next;
            if (next != null) setCursors((c) => [...c, next]);
          }}
        >
          {t('screening.older')}
        </button>
      </div>
    </section>
  );
}

export default function Screening() {
  const { t } = useI18n();
  const [run, setRun] = useState<Run | null>(null);
  const [version, setVersion] = useState(0);
  const { can } = useSession();
  // Roles that only read compliance see the queue; screening and deciding need alerts.manage.
  return (
    <>
      {can('compliance.alerts.manage') ? (
        <section>
          <h2>{t('screening.title')}</h2>
          <p className="muted">{t('screening.lead')}</p>
          <RunForm
            onRun={(r) => {
              setRun(r);
              setVersion((v) => v + 1);
            }}
          />
          {run === null ? null : <RunResult run={run} />}
        </section>
      ) : null}
      <Queue version={version} />
    </>
  );
}
