import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  ImportPreviewJson,
  ImportReportJson,
  MarketCoverageJson,
  type CoverageJson,
  type RejectedRowJson,
} from '../../../src/market/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useDates } from '../console/names.tsx';
import { decimal } from '../portal/format.ts';
import { useI18n, type Key } from '../portal/i18n.ts';
import { DataTable } from '../ui/table.tsx';
import { Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';
import { restoreSession } from './LoginSession.ts';
import { useFigures } from './risk/format.ts';
import { can, useMe } from './seizures-ui.tsx';

/**
 * The market store: which prices and FX rates it holds, from which source, over which days (the
 * simulator, risk and valuation all read it), and an upload of a daily price file. The file's
 * layout is recognised from its header (Bitstamp/Coinbase candles, Yahoo Finance, semicolon
 * broker files, any `date,close`); a preview shows the range, what is new and every bad row before
 * anything is stored.
 */
type Coverage = z.output<typeof CoverageJson>;
type RejectedRow = z.output<typeof RejectedRowJson>;
type Preview = z.output<typeof ImportPreviewJson>;

/** The market store's source of the demo's prices, which are generated, never real. */
const DEMO_SOURCE = 'demo-generated';
const ASSETS = ['BTC', 'ETH', 'XAU', 'USDT', 'USDC', 'LTC', 'TRX', 'EUR', 'USD', 'KZT', 'CNY'];
const QUOTES = ['USD', 'EUR', 'KZT', 'CNY'];
const FORMATS = ['auto', 'btc_candles', 'yahoo', 'xau_semicolon', 'simple'] as const;

const FORMAT_KEYS: Readonly<Record<(typeof FORMATS)[number], Key>> = {
  auto: 'market.format.auto',
  btc_candles: 'market.format.btc_candles',
  yahoo: 'market.format.yahoo',
  xau_semicolon: 'market.format.xau_semicolon',
  simple: 'market.format.simple',
};

const DATE_KEYS: Readonly<Record<Preview['layout']['dateFormat'], Key>> = {
  iso: 'market.date.iso',
  dotted: 'market.date.dotted',
  dmy: 'market.date.dmy',
  mdy: 'market.date.mdy',
  unix: 'market.date.unix',
};

const FIELD_KEYS: Readonly<Record<string, Key>> = {
  date: 'market.field.date',
  close: 'market.field.close',
  open: 'market.field.open',
  high: 'market.field.high',
  low: 'market.field.low',
  volume: 'market.field.volume',
};

const REJECT_KEYS: Readonly<Record<RejectedRow['code'], Key>> = {
  price_is_not_a_decimal: 'market.reject.price_is_not_a_decimal',
  price_exceeds_scale: 'market.reject.price_exceeds_scale',
  price_is_not_positive: 'market.reject.price_is_not_positive',
  row_has_wrong_column_count: 'market.reject.row_has_wrong_column_count',
  date_is_invalid: 'market.reject.date_is_invalid',
  volume_is_negative: 'market.reject.volume_is_negative',
  date_is_duplicated: 'market.reject.date_is_duplicated',
};

function SourceName({ source }: { source: string }) {
  const { t } = useI18n();
  if (source !== DEMO_SOURCE) return <>{source}</>;
  return (
    <>
      {t('market.demoSource')} <span className="badge warn">{t('market.generated')}</span>
    </>
  );
}

function CoverageTable({ pairs }: { pairs: readonly Coverage[] }) {
  const { t } = useI18n();
  const f = useFigures();
  const dates = useDates();
  return (
    <div data-list="coverage">
      <DataTable
        rows={pairs}
        rowKey={(c) => `${c.asset}/${c.quote}/${c.source}`}
        filterText={(c) => `${c.asset}/${c.quote} ${c.source}`}
        pageSize={100}
        empty={<Empty>{t('market.empty')}</Empty>}
        columns={[
          { header: t('market.pair'), cell: (c) => `${c.asset}/${c.quote}`, sort: (c) => c.asset },
          {
            header: t('market.source'),
            cell: (c) => <SourceName source={c.source} />,
            sort: (c) => c.source,
          },
          { header: t('market.from'), cell: (c) => dates.day(c.first), sort: (c) => c.first },
          { header: t('market.to'), cell: (c) => dates.day(c.last), sort: (c) => c.last },
          {
            header: t('market.days'),
            cell: (c) => f.num(c.days),
            sort: (c) => c.days,
            numeric: true,
          },
        ]}
      />
    </div>
  );
}

export default function Market() {
  const { t } = useI18n();
  const me = useMe();
  useEffect(restoreSession, []);
  const coverage = useApi('/market/coverage', MarketCoverageJson);
  return (
    <div>
      <h1>{t('market.title')}</h1>
      <p className="muted">{t('market.lead')}</p>
      <ProblemNote problem={coverage.problem} />
      {coverage.data === null ? (
        coverage.problem === null ? (
          <Loading />
        ) : null
      ) : (
        <CoverageTable pairs={coverage.data.pairs} />
      )}
      {can(me, 'market.prices.write') ? (
        <Upload onImported={coverage.reload} />
      ) : (
        <p className="muted">{t('market.needsRole')}</p>
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
  const { t } = useI18n();
  const f = useFigures();
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
  const showPreview = async (): Promise<void> => {
    setProblem(null);
    const r = await fetchAnswer('/market/imports/preview', ImportPreviewJson, {
      method: 'POST',
      body: bodyOf(c, false),
    });
    if (r.ok) setPreview(r.value);
    else setProblem(r.problem);
  };
  const runImport = async (): Promise<void> => {
    setProblem(null);
    const r = await fetchAnswer('/market/imports', ImportReportJson, {
      method: 'POST',
      body: bodyOf(c, true),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setPreview(null);
    setDone(t('market.imported', { days: f.num(r.value.imported), asset: c.asset }));
    onImported();
  };
  return (
    <form
      className="card"
      aria-label={t('market.import.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void showPreview();
      }}
    >
      <h2>{t('market.import.title')}</h2>
      <UploadFields choice={c} set={set} />
      <div className="form-row">
        <button type="submit" disabled={c.text === ''}>
          {t('market.preview')}
        </button>
      </div>
      <ProblemNote problem={problem} />
      {done === null ? null : (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {preview === null ? null : (
        <PreviewView preview={preview} asset={c.asset} onImport={() => void runImport()} />
      )}
    </form>
  );
}

function UploadFields({ choice: c, set }: { choice: Choice; set: (p: Partial<Choice>) => void }) {
  const { t } = useI18n();
  const pick = (
    label: string,
    key: keyof Choice,
    options: readonly (readonly [value: string, label: string])[],
  ) => (
    <label>
      {label}
      <select
        value={c[key]}
        onChange={(e) => {
          set({ [key]: e.target.value });
        }}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const codes = (xs: readonly string[]) => xs.map((x) => [x, x] as const);
  return (
    <div className="form-row">
      <label>
        {t('market.file')}
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
      {pick(t('market.asset'), 'asset', codes(ASSETS))}
      {pick(t('market.quote'), 'quote', codes(QUOTES))}
      {pick(
        t('market.layout'),
        'format',
        FORMATS.map((x) => [x, t(FORMAT_KEYS[x])] as const),
      )}
      <label>
        {t('market.source')}
        <input
          placeholder={t('market.sourceHint')}
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
  const { t, locale } = useI18n();
  const f = useFigures();
  const dates = useDates();
  const p = props.preview;
  const fieldName = (field: string): string => {
    const key = Object.hasOwn(FIELD_KEYS, field) ? FIELD_KEYS[field] : undefined;
    return key === undefined ? field : t(key);
  };
  const columns = Object.entries(p.layout.columns)
    .flatMap(([field, name]) => (name === undefined ? [] : [`${fieldName(field)} = ${name}`]))
    .join(', ');
  const day = (d: string | null): string => (d === null ? '—' : dates.day(d));
  return (
    <div data-preview>
      <p>
        {t('market.layout')}{' '}
        <strong>
          {p.format === null ? t('market.layoutFromHeader') : t(FORMAT_KEYS[p.format])}
        </strong>{' '}
        {t('market.layoutDetail', {
          delimiter: p.layout.delimiter,
          dates: t(DATE_KEYS[p.layout.dateFormat]),
          columns,
        })}
      </p>
      <p>
        {t('market.previewLine', {
          rows: f.num(p.rows),
          asset: props.asset,
          first: day(p.first),
          last: day(p.last),
          fresh: f.num(p.fresh),
          unchanged: f.num(p.unchanged),
          source: p.source,
        })}
      </p>
      <table>
        <tbody>
          {p.sample.map((s) => (
            <tr key={s.day}>
              <td>{dates.day(s.day)}</td>
              <td className="num">{decimal(locale, s.close)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RejectedRows rows={p.rejected} />
      <button type="button" disabled={p.fresh === 0} onClick={props.onImport}>
        {p.rejected.length === 0
          ? t('market.importDays', { days: f.num(p.fresh) })
          : t('market.importLeaving', { days: f.num(p.fresh), bad: f.num(p.rejected.length) })}
      </button>
    </div>
  );
}

function RejectedRows({ rows }: { rows: readonly RejectedRow[] }) {
  const { t } = useI18n();
  const f = useFigures();
  if (rows.length === 0) return <p className="muted">{t('market.noBadRow')}</p>;
  return (
    <>
      <p className="error">{t('market.badRows', { count: f.num(rows.length) })}</p>
      <table data-list="rejected">
        <thead>
          <tr>
            <th className="num">{t('market.line')}</th>
            <th>{t('market.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 50).map((r) => (
            <tr key={r.line}>
              <td className="num">{f.num(r.line)}</td>
              <td title={r.message}>
                {t(REJECT_KEYS[r.code])} <code>{r.text}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 50 ? (
        <p className="muted">{t('market.more', { count: f.num(rows.length - 50) })}</p>
      ) : null}
    </>
  );
}
