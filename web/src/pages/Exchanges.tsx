import { useState } from 'react';
import { useApi } from '../useApi.ts';
import { Badge, downloadCsv, Empty, Pager, ProblemLine } from './seizures-ui.tsx';

/**
 * The illegal-exchange registry: exchanges shut down by enforcement operations (the seizures
 * registry) joined by name with the compliance registry, which may record an estimated volume,
 * domains and a shutdown date. Filters and paging run in the browser; the CSV holds what is shown.
 */
interface SeizureExchange {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly jurisdiction: string;
  readonly operation_id: string | null;
}

interface ComplianceExchange {
  readonly name: string;
  readonly status: string;
  readonly jurisdictions: string[];
  readonly shutdownOn: string | null;
  readonly estimatedVolumeUsd: string | null;
  readonly domains: string[];
}

interface Row {
  readonly name: string;
  readonly status: string;
  readonly jurisdiction: string;
  readonly operation: string;
  readonly shutdownOn: string;
  readonly volumeUsd: string;
  readonly domains: string;
}

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

function Filters(p: {
  all: readonly Row[];
  f: { status: string; jurisdiction: string; operation: string; text: string };
  set: (f: { status: string; jurisdiction: string; operation: string; text: string }) => void;
}) {
  const distinct = (k: keyof Row) => [...new Set(p.all.map((r) => r[k]).filter((v) => v !== ''))];
  const select = (key: 'status' | 'jurisdiction' | 'operation', label: string) => (
    <select
      aria-label={label}
      value={p.f[key]}
      onChange={(e) => {
        p.set({ ...p.f, [key]: e.target.value });
      }}
    >
      <option value="">Every {label.toLowerCase()}</option>
      {distinct(key).map((v) => (
        <option key={v} value={v}>
          {v.replaceAll('_', ' ')}
        </option>
      ))}
    </select>
  );
  return (
    <div className="actions">
      <input
        aria-label="Name"
        placeholder="Name contains…"
        value={p.f.text}
        onChange={(e) => {
          p.set({ ...p.f, text: e.target.value });
        }}
      />
      {select('status', 'Status')}
      {select('jurisdiction', 'Jurisdiction')}
      {select('operation', 'Operation')}
    </div>
  );
}

function ExchangeTable({ rows, total }: { rows: readonly Row[]; total: number }) {
  return (
    <>
      {rows.length === 0 ? (
        <Empty>
          {total === 0
            ? 'No exchange is registered yet. Operations register the exchanges they shut down.'
            : 'No exchange matches these filters.'}
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Jurisdiction</th>
              <th>Operation</th>
              <th>Shut down</th>
              <th className="num">Est. volume (USD)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <td>
                  {r.name}
                  {r.domains === '' ? null : <div className="muted">{r.domains}</div>}
                </td>
                <td>
                  <Badge value={r.status} />
                </td>
                <td>{r.jurisdiction}</td>
                <td>{r.operation || '—'}</td>
                <td>{r.shutdownOn || '—'}</td>
                <td className="num">{r.volumeUsd || 'not recorded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export default function Exchanges() {
  const seized = useApi<{ exchanges: SeizureExchange[] }>('/seizures/exchanges');
  const operations = useApi<{ operations: { id: string; name: string }[] }>('/seizures/operations');
  // Only people with compliance.read see the compliance registry; the volumes stay blank otherwise.
  const registry = useApi<{ exchanges: ComplianceExchange[] }>('/compliance/exchanges');
  const [f, setF] = useState({ status: '', jurisdiction: '', operation: '', text: '' });
  const [page, setPage] = useState(0);
  if (seized.problem !== null) return <ProblemLine problem={seized.problem} />;
  if (seized.data === null) return <p className="muted">Loading the registry…</p>;
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
  const pages = Math.ceil(shown.length / PAGE);
  const current = Math.min(page, Math.max(0, pages - 1));
  return (
    <section>
      <h1>Exchanges</h1>
      <p className="muted">
        Illegal exchanges shut down by enforcement operations
        {registry.data === null ? ' (volumes need access to the compliance registry)' : ''}.
      </p>
      <Filters
        all={all}
        f={f}
        set={(next) => {
          setF(next);
          setPage(0);
        }}
      />
      <p>
        <button
          className="secondary"
          disabled={shown.length === 0}
          onClick={() => {
            exportCsv(shown);
          }}
        >
          Export {shown.length} rows (CSV)
        </button>
      </p>
      <ExchangeTable rows={shown.slice(current * PAGE, (current + 1) * PAGE)} total={all.length} />
      <Pager page={current} pages={pages} onPage={setPage} />
    </section>
  );
}
