import { useEffect, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { restoreSession } from './LoginSession.ts';
import { can, Empty, ProblemLine, useMe } from './seizures-ui.tsx';
import { useApi } from '../useApi.ts';

/**
 * The market store: which prices and FX rates it holds, from which source, over which days (the
 * simulator, risk and valuation all read it), and an upload of a daily price file. The file's
 * layout is recognised from its header (Bitstamp/Coinbase candles, Yahoo Finance, semicolon
 * broker files, any `date,close`); a preview shows the range, what is new and every bad row before
 * anything is stored.
 */
interface Coverage {
  readonly asset: string;
  readonly quote: string;
  readonly source: string;
  readonly first: string;
  readonly last: string;
  readonly days: number;
}

interface RejectedRow {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

interface Preview {
  readonly layout: {
    readonly delimiter: string;
    readonly dateFormat: string;
    readonly columns: Record<string, string>;
  };
  readonly format: string | null;
  readonly source: string;
  readonly rows: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly fresh: number;
  readonly unchanged: number;
  readonly sample: readonly { day: string; close: string }[];
  readonly rejected: readonly RejectedRow[];
}

/** The market store's source of the demo's prices, which are generated, never real. */
const DEMO_SOURCE = 'demo-generated';
const ASSETS = ['BTC', 'ETH', 'XAU', 'USDT', 'USDC', 'LTC', 'TRX', 'EUR', 'USD', 'KZT', 'CNY'];
const QUOTES = ['USD', 'EUR', 'KZT', 'CNY'];
const FORMATS = ['auto', 'btc_candles', 'yahoo', 'xau_semicolon', 'simple'];

function SourceName({ source }: { source: string }) {
  if (source !== DEMO_SOURCE) return <>{source}</>;
  return (
    <>
      {source} <span className="badge warn">generated for the demo, not real prices</span>
    </>
  );
}

function CoverageTable({ pairs }: { pairs: readonly Coverage[] }) {
  if (pairs.length === 0)
    return <Empty>The market store is empty: import a daily price file below.</Empty>;
  return (
    <table data-list="coverage">
      <thead>
        <tr>
          <th>Pair</th>
          <th>Source</th>
          <th>From</th>
          <th>To</th>
          <th className="num">Days</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((c) => (
          <tr key={`${c.asset}/${c.quote}/${c.source}`}>
            <td>
              {c.asset}/{c.quote}
            </td>
            <td>
              <SourceName source={c.source} />
            </td>
            <td>{c.first}</td>
            <td>{c.last}</td>
            <td className="num">{c.days.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Market() {
  const me = useMe();
  useEffect(restoreSession, []);
  const coverage = useApi<{ pairs: Coverage[] }>('/market/coverage');
  return (
    <div>
      <h1>Market data</h1>
      <p className="muted">
        Daily prices and FX rates in the market store, which the simulator, the risk reports and
        every valuation read. Bring real history in with a daily price file, here or with{' '}
        <code>npx kazna market import FILE --asset BTC</code>.
      </p>
      <ProblemLine problem={coverage.problem} />
      {coverage.data === null ? null : <CoverageTable pairs={coverage.data.pairs} />}
      {can(me, 'market.prices.write') ? (
        <Upload onImported={coverage.reload} />
      ) : (
        <p className="muted">Importing prices needs the risk officer&apos;s role.</p>
      )}
    </div>
  );
}

interface Choice {
  readonly text: string;
  readonly fileName: string;
  readonly asset: string;
  readonly quote: string;
  readonly format: string;
  readonly source: string;
}

function bodyOf(c: Choice, skipInvalid: boolean): string {
  return JSON.stringify({
    text: c.text,
    fileName: c.fileName,
    asset: c.asset,
    quote: c.quote,
    format: c.format,
    ...(c.source.trim() === '' ? {} : { source: c.source.trim() }),
    skipInvalid,
  });
}

function Upload({ onImported }: { onImported: () => void }) {
  const [c, setC] = useState<Choice>({
    text: '',
    fileName: '',
    asset: 'BTC',
    quote: 'USD',
    format: 'auto',
    source: '',
  });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = (patch: Partial<Choice>): void => {
    setC({ ...c, ...patch });
    setPreview(null);
    setDone(null);
  };
  const run = async (step: 'preview' | 'import'): Promise<void> => {
    setProblem(null);
    const path = step === 'preview' ? '/market/imports/preview' : '/market/imports';
    const body = bodyOf(c, step === 'import');
    const r = await api<Preview & { imported: number }>(path, { method: 'POST', body });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    if (step === 'preview') setPreview(r.value);
    else {
      setPreview(null);
      setDone(`Imported ${r.value.imported.toLocaleString('en-US')} day(s) of ${c.asset}.`);
      onImported();
    }
  };
  return (
    <form
      className="card"
      aria-label="Import a price file"
      onSubmit={(e) => {
        e.preventDefault();
        void run('preview');
      }}
    >
      <h2>Import a daily price file</h2>
      <UploadFields choice={c} set={set} />
      <div className="form-row">
        <button type="submit" disabled={c.text === ''}>
          Preview
        </button>
      </div>
      <ProblemLine problem={problem} />
      {done === null ? null : (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {preview === null ? null : (
        <PreviewView preview={preview} asset={c.asset} onImport={() => void run('import')} />
      )}
    </form>
  );
}

function UploadFields({ choice: c, set }: { choice: Choice; set: (p: Partial<Choice>) => void }) {
  const pick = (label: string, value: string, options: readonly string[], key: keyof Choice) => (
    <label>
      {label}
      <select
        value={value}
        onChange={(e) => {
          set({ [key]: e.target.value });
        }}
      >
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="form-row">
      <label>
        File
        <input
          type="file"
          accept=".csv,.txt,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file === undefined) return;
            void file.text().then((text) => {
              set({ text, fileName: file.name });
            });
          }}
        />
      </label>
      {pick('Asset', c.asset, ASSETS, 'asset')}
      {pick('Quote', c.quote, QUOTES, 'quote')}
      {pick('Layout', c.format, FORMATS, 'format')}
      <label>
        Source
        <input
          placeholder="exchange or vendor"
          value={c.source}
          size={14}
          onChange={(e) => {
            set({ source: e.target.value });
          }}
        />
      </label>
    </div>
  );
}

function PreviewView(props: { preview: Preview; asset: string; onImport: () => void }) {
  const p = props.preview;
  const columns = Object.entries(p.layout.columns)
    .map(([field, name]) => `${field} = ${name}`)
    .join(', ');
  return (
    <div data-preview>
      <p>
        Layout <strong>{p.format ?? 'read from the header'}</strong> (“{p.layout.delimiter}”
        separated, {p.layout.dateFormat} dates; {columns}).
      </p>
      <p>
        {p.rows.toLocaleString('en-US')} valid day(s) of {props.asset}, {p.first ?? '—'} to{' '}
        {p.last ?? '—'}: {p.fresh.toLocaleString('en-US')} new or changed,{' '}
        {p.unchanged.toLocaleString('en-US')} already stored, source “{p.source}”.
      </p>
      <table>
        <tbody>
          {p.sample.map((s) => (
            <tr key={s.day}>
              <td>{s.day}</td>
              <td className="num">{s.close}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RejectedRows rows={p.rejected} />
      <button type="button" disabled={p.fresh === 0} onClick={props.onImport}>
        {p.rejected.length === 0
          ? `Import ${p.fresh.toLocaleString('en-US')} day(s)`
          : `Import ${p.fresh.toLocaleString('en-US')} day(s), leaving out ${p.rejected.length} bad row(s)`}
      </button>
    </div>
  );
}

function RejectedRows({ rows }: { rows: readonly RejectedRow[] }) {
  if (rows.length === 0) return <p className="muted">No bad row.</p>;
  return (
    <>
      <p className="error">{rows.length} bad row(s), which will not be imported:</p>
      <table data-list="rejected">
        <thead>
          <tr>
            <th className="num">Line</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 50).map((r) => (
            <tr key={r.line}>
              <td className="num">{r.line}</td>
              <td>
                <code>{r.code}</code> {r.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 50 ? <p className="muted">… and {rows.length - 50} more.</p> : null}
    </>
  );
}
