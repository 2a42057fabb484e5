import { useState } from 'react';
import type { z } from 'zod';
import { IntakeCsvCheckJson, IntakeCsvJson } from '../../../src/seizures/answers.ts';
import { CSV_HEADER } from '../../../src/seizures/csv-columns.ts';
import type { Problem } from '../api.ts';
import { useI18n, type Key } from '../portal/i18n.ts';
import { Link, ProblemNote } from '../ui/common.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { post, useCodeWords } from './shared.tsx';

/**
 * Bulk intake from a CSV file, in the format of `kazna cases import`: the file is checked on the
 * server (parsed, every row validated and screened) and its errors shown line by line before
 * anything is written; only a file without errors can be imported, all its rows in one transaction.
 */
type Checked = z.output<typeof IntakeCsvCheckJson>;

function Columns() {
  const { t } = useI18n();
  return (
    <table className="csv-columns">
      <caption>{t('intake.csv.columns')}</caption>
      <tbody>
        {CSV_HEADER.map((c) => (
          <tr key={c}>
            <td>
              <code>{c}</code>
            </td>
            <td>{t(`intake.csv.col.${c}` as Key)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Errors({ errors }: { errors: Checked['errors'] }) {
  const { t } = useI18n();
  const words = useCodeWords();
  return (
    <>
      <p className="error" role="alert">
        {t('intake.csv.errors')}
      </p>
      <table className="csv-errors">
        <thead>
          <tr>
            <th>{t('intake.csv.line')}</th>
            <th>{t('intake.csv.column')}</th>
            <th>{t('intake.csv.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${String(e.line)}-${e.code}`} data-line={e.line} data-code={e.code}>
              <td>{e.line}</td>
              <td>{e.column === null ? t('intake.csv.wholeRow') : <code>{e.column}</code>}</td>
              <td>{words(e.code, e.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Created(p: { done: z.output<typeof IntakeCsvJson>; rows: Checked['rows'] }) {
  const { t } = useI18n();
  return (
    <div role="status" className="saved">
      <p>{t('intake.csv.done')}</p>
      <ul>
        {p.done.created.map((c) => {
          const row = p.rows.find((r) => r.line === c.line);
          return (
            <li key={c.lotId}>
              <Link to={`/cases/lots/${c.lotId}`}>
                {t('intake.csv.line')} {c.line} —{' '}
                <WholeMoney whole={row?.amount ?? '0'} asset={row?.asset ?? ''} />
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function CsvIntake() {
  const { t } = useI18n();
  const [csv, setCsv] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<z.output<typeof IntakeCsvJson> | null>(null);
  const pick = async (file: File | undefined) => {
    setChecked(null);
    setDone(null);
    setCsv(file === undefined ? null : await file.text());
  };
  const check = async () => {
    if (csv === null) return;
    const r = await post('/seizures/intake/csv/check', IntakeCsvCheckJson, { csv });
    setProblem(r.ok ? null : r.problem);
    setChecked(r.ok ? r.value : null);
  };
  const submit = async () => {
    if (csv === null) return;
    const r = await post('/seizures/intake/csv', IntakeCsvJson, { csv });
    setProblem(r.ok ? null : r.problem);
    if (r.ok) setDone(r.value);
  };
  const clean = checked !== null && checked.errors.length === 0 && checked.rows.length > 0;
  return (
    <form
      aria-label={t('intake.csv.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
    >
      <h2>{t('intake.csv.title')}</h2>
      <p className="muted">{t('intake.csv.lead')}</p>
      <Columns />
      <label className="form-field">
        {t('intake.csv.file')}{' '}
        <input
          type="file"
          name="csv"
          accept=".csv,text/csv"
          onChange={(e) => {
            void pick(e.target.files?.[0]);
          }}
        />
      </label>
      <button type="submit" disabled={csv === null}>
        {t('intake.csv.check')}
      </button>
      <ProblemNote problem={problem} />
      {checked === null || checked.errors.length === 0 ? null : <Errors errors={checked.errors} />}
      {clean ? <p role="status">{t('intake.csv.ok', { n: String(checked.rows.length) })}</p> : null}
      {clean && done === null ? (
        <button
          type="button"
          onClick={() => {
            void submit();
          }}
        >
          {t('intake.csv.submit')}
        </button>
      ) : null}
      {done === null || checked === null ? null : <Created done={done} rows={checked.rows} />}
    </form>
  );
}
