import { useState } from 'react';
import { z } from 'zod';
import { ComplianceExchangesJson } from '../../../src/compliance/answers.ts';
import { SeizuresExchangesJson, SeizuresOperationsJson } from '../../../src/seizures/answers.ts';
import { useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import { Badge, downloadCsv, useStateName } from './seizures-ui.tsx';

/**
 * The illegal-exchange registry: exchanges shut down by enforcement operations (the seizures
 * registry) joined by name with the compliance registry, which may record an estimated volume,
 * domains and a shutdown date. Filters and paging run in the browser; the CSV holds what is shown.
 */
/** The seizures routes declare their registry rows as open records; the page names what it reads. */
const SeizedJson = SeizuresExchangesJson.extend({
  exchanges: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      jurisdiction: z.string(),
      operation_id: z.string().nullable(),
    }),
  ),
});
const OperationsJson = SeizuresOperationsJson.extend({
  operations: z.array(z.object({ id: z.string(), name: z.string() })),
});
type SeizureExchange = z.output<typeof SeizedJson>['exchanges'][number];
type ComplianceExchange = z.output<typeof ComplianceExchangesJson>['exchanges'][number];

interface Row {
  readonly name: string;
  readonly status: string;
  readonly jurisdiction: string;
  readonly operation: string;
  readonly shutdownOn: string;
  readonly volumeUsd: string;
  readonly domains: string;
}

type Filter = { status: string; jurisdiction: string; operation: string; text: string };

const PAGE = 20;

function exportCsv(shown: readonly Row[]): void {
  const header = [
    'name',
    'status',
    'jurisdiction',
    'operation',
    'shutdown_on',
    'volume_usd',
    'domains',
  ];
  downloadCsv(
    'exchanges.csv',
    header,
    shown.map((r) => [
      r.name,
      r.status,
      r.jurisdiction,
      r.operation,
      r.shutdownOn,
      r.volumeUsd,
      r.domains,
    ]),
  );
}

function rows(
  seized: readonly SeizureExchange[],
  registry: readonly ComplianceExchange[],
  operations: readonly { id: string; name: string }[],
): Row[] {
  const byName = new Map(registry.map((x) => [x.name.toLowerCase(), x]));
  const out: Row[] = seized.map((x) => {
    const c = byName.get(x.name.toLowerCase());
    byName.delete(x.name.toLowerCase());
    return {
      name: x.name,
      status: x.status,
      jurisdiction: x.jurisdiction,
      operation: operations.find((o) => o.id === x.operation_id)?.name ?? '',
      shutdownOn: c?.shutdownOn ?? '',
      volumeUsd: c?.estimatedVolumeUsd ?? '',
      domains: c?.domains.join(' ') ?? '',
    };
  });
  for (const c of byName.values()) {
    if (c.status !== 'illegal' && c.status !== 'shut_down') continue;
    out.push({
      name: c.name,
      status: c.status,
      jurisdiction: c.jurisdictions.join(' '),
      operation: '',
      shutdownOn: c.shutdownOn ?? '',
      volumeUsd: c.estimatedVolumeUsd ?? '',
      domains: c.domains.join(' '),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function Filters(p: { all: readonly Row[]; f: Filter; set: (f: Filter) => void }) {
  const { t } = useI18n();
  const state = useStateName();
  const distinct = (k: keyof Row) => [...new Set(p.all.map((r) => r[k]).filter((v) => v !== ''))];
  const select = (
    key: 'status' | 'jurisdiction' | 'operation',
    label: string,
    every: string,
    shown: (v: string) => string,
  ) => (
    <select
      aria-label={label}
      value={p.f[key]}
      onChange={(e) => {
        p.set({ ...p.f, [key]: e.target.value });
      }}
    >
      <option value="">{every}</option>
      {distinct(key).map((v) => (
        <option key={v} value={v}>
          {shown(v)}
        </option>
      ))}
    </select>
  );
  const same = (v: string) => v;
  return (
    <div className="actions">
      <input
        aria-label={t('exchanges.name')}
        placeholder={t('exchanges.namePlaceholder')}
        value={p.f.text}
        onChange={(e) => {
          p.set({ ...p.f, text: e.target.value });
        }}
      />
      {select('status', t('seizures.status'), t('seizures.everyStatus'), state)}
      {select('jurisdiction', t('exchanges.jurisdiction'), t('exchanges.everyJurisdiction'), same)}
      {select('operation', t('exchanges.operation'), t('exchanges.everyOperation'), same)}
    </div>
  );
}

function ExchangeTable({ rows, total }: { rows: readonly Row[]; total: number }) {
  const { t } = useI18n();
  const dates = useDates();
  const state = useStateName();
  const columns: Column<Row>[] = [
    {
      header: t('exchanges.name'),
      cell: (r) => (
        <>
          {r.name}
          {r.domains === '' ? null : <div className="muted">{r.domains}</div>}
        </>
      ),
      sort: (r) => r.name,
    },
    {
      header: t('seizures.status'),
      cell: (r) => <Badge value={r.status} />,
      sort: (r) => state(r.status),
    },
    {
      header: t('exchanges.jurisdiction'),
      cell: (r) => r.jurisdiction,
      sort: (r) => r.jurisdiction,
    },
    { header: t('exchanges.operation'), cell: (r) => r.operation || '—', sort: (r) => r.operation },
    {
      header: t('exchanges.shutDown'),
      cell: (r) => (r.shutdownOn === '' ? '—' : dates.day(r.shutdownOn)),
      sort: (r) => r.shutdownOn,
    },
    {
      header: t('exchanges.volume'),
      numeric: true,
      cell: (r) =>
        r.volumeUsd === '' ? (
          <span className="muted">{t('exchanges.notRecorded')}</span>
        ) : (
          <WholeMoney whole={r.volumeUsd} asset="USD" />
        ),
      sort: (r) => (r.volumeUsd === '' ? -1 : Number(r.volumeUsd)),
    },
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.name}
      pageSize={PAGE}
      empty={<Empty>{total === 0 ? t('exchanges.none') : t('exchanges.noMatch')}</Empty>}
    />
  );
}

export default function Exchanges() {
  const { t } = useI18n();
  const seized = useApi('/seizures/exchanges', SeizedJson);
  const operations = useApi('/seizures/operations', OperationsJson);
  // Only people with compliance.read see the compliance registry; the volumes stay blank otherwise.
  const mayReadRegistry = useSession().can('compliance.read');
  const registry = useApi(
    mayReadRegistry ? '/compliance/exchanges' : null,
    ComplianceExchangesJson,
  );
  const [f, setF] = useState<Filter>({ status: '', jurisdiction: '', operation: '', text: '' });
  if (seized.problem !== null) return <ProblemNote problem={seized.problem} />;
  if (seized.data === null) return <Loading />;
  const all = rows(
    seized.data.exchanges,
    registry.data?.exchanges ?? [],
    operations.data?.operations ?? [],
  );
  const shown = all.filter(
    (r) =>
      (f.status === '' || r.status === f.status) &&
      (f.jurisdiction === '' || r.jurisdiction === f.jurisdiction) &&
      (f.operation === '' || r.operation === f.operation) &&
      r.name.toLowerCase().includes(f.text.toLowerCase()),
  );
  return (
    <section>
      <h1>{t('page.exchanges')}</h1>
      <p className="muted">
        {t('exchanges.lead')}
        {registry.data === null ? ` ${t('exchanges.noVolumes')}` : ''}
      </p>
      <Filters all={all} f={f} set={setF} />
      <p>
        <button
          type="button"
          className="secondary"
          disabled={shown.length === 0}
          onClick={() => {
            exportCsv(shown);
          }}
        >
          {t('exchanges.export', { count: String(shown.length) })}
        </button>
      </p>
      <ExchangeTable rows={shown} total={all.length} />
    </section>
  );
}
