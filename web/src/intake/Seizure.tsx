import { useState } from 'react';
import type { z } from 'zod';
import { IntakeCheckJson, IntakeResultJson, ScreenedJson } from '../../../src/seizures/answers.ts';
import type { Problem } from '../api.ts';
import { useI18n } from '../portal/i18n.ts';
import { Link } from '../ui/common.tsx';
import { FormField } from '../ui/form.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { emptyLot, LotEditor, lotText, type LotDraft } from './LotEditor.tsx';
import { NamedChoice, post, StepForm, TextArea, useCodeWords, useFields } from './shared.tsx';

/**
 * Recording a seizure's lots: the officer fills in the lots, checks them (validation and the
 * sanctions and registry screening of every address, with nothing written), reads the result, and
 * only then confirms; a change after the check asks for a new check before saving.
 */
type Named = readonly (readonly [id: string, name: string])[];
type Check = z.output<typeof IntakeCheckJson>;

export function Screening({ s }: { s: z.output<typeof ScreenedJson> }) {
  const { t } = useI18n();
  return (
    <>
      <table className="screening">
        <thead>
          <tr>
            <th>{t('intake.check.address')}</th>
            <th>{t('intake.check.sanctions')}</th>
            <th>{t('intake.check.label')}</th>
          </tr>
        </thead>
        <tbody>
          {s.addresses.map((a) => (
            <tr key={a.address} data-hit={String(a.hit)}>
              <td>
                <code>{a.address}</code>
              </td>
              <td>
                {a.hit ? (
                  <span className="badge bad">{t('intake.check.hit')}</span>
                ) : (
                  t('intake.check.clear')
                )}
              </td>
              <td>{a.label === null ? '—' : <span translate="no">{a.label}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {t('intake.check.list', { version: s.listVersion, source: '' })}
        <span translate="no">{s.source}</span>
      </p>
    </>
  );
}

function Outcome(p: {
  check: Check;
  drafts: readonly LotDraft[];
  saved: z.output<typeof IntakeResultJson> | null;
  onSave: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <CheckResult check={p.check} lots={p.drafts} />
      {p.check.valid && p.saved === null ? (
        <button type="button" onClick={p.onSave}>
          {t('intake.confirm')}
        </button>
      ) : null}
      {p.saved === null ? null : <Saved lots={p.saved.lots} check={p.check} drafts={p.drafts} />}
    </>
  );
}

function CheckResult({ check, lots }: { check: Check; lots: readonly LotDraft[] }) {
  const { t } = useI18n();
  const words = useCodeWords();
  return (
    <section aria-label={t('intake.check.title')}>
      <h3>{t('intake.check.title')}</h3>
      <p role="status">{check.valid ? t('intake.check.valid') : t('intake.check.invalid')}</p>
      {check.lots.map((l) => (
        <div key={l.index} className="lot-check" data-lot={l.index}>
          <h4>
            {t('intake.lot.title', { n: String(l.index + 1) })}
            {l.amount === null ? null : (
              <>
                {' — '}
                <WholeMoney whole={l.amount} asset={lots[l.index]?.asset ?? ''} />
              </>
            )}
          </h4>
          {l.error === null ? null : (
            <p className="error" data-code={l.error.code}>
              {words(l.error.code, l.error.message)}
            </p>
          )}
          {l.screening === null ? null : <Screening s={l.screening} />}
        </div>
      ))}
    </section>
  );
}

function Saved(p: {
  lots: readonly { id: string; flagged: boolean }[];
  check: Check;
  drafts: readonly LotDraft[];
}) {
  const { t } = useI18n();
  return (
    <div role="status" className="saved">
      <p>{t('intake.saved')}</p>
      <ul>
        {p.lots.map((l, i) => (
          <li key={l.id}>
            <Link to={`/cases/lots/${l.id}`}>
              {t('intake.lot.title', { n: String(i + 1) })} —{' '}
              <WholeMoney whole={p.check.lots[i]?.amount ?? '0'} asset={p.drafts[i]?.asset ?? ''} />
            </Link>
            {l.flagged ? <span className="badge bad"> {t('intake.flagged')}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Lots(p: {
  lots: readonly LotDraft[];
  store: boolean;
  onChange: (lots: readonly LotDraft[]) => void;
}) {
  const { t } = useI18n();
  const { lots } = p;
  return (
    <>
      {lots.map((l, i) => (
        <LotEditor
          key={i}
          n={i + 1}
          lot={l}
          store={p.store}
          onChange={(next) => {
            p.onChange(lots.map((x, j) => (j === i ? next : x)));
          }}
          onRemove={
            lots.length === 1
              ? null
              : () => {
                  p.onChange(lots.filter((_, j) => j !== i));
                }
          }
        />
      ))}
      <button
        type="button"
        onClick={() => {
          p.onChange([...lots, emptyLot()]);
        }}
      >
        {t('intake.lot.add')}
      </button>
    </>
  );
}

/** The intake as the routes take it, as text: a check holds for exactly the body it checked. */
function intakeJson(
  caseId: string,
  h: { seizedOn: string; exchangeId: string; note: string },
  lots: readonly LotDraft[],
): string {
  return JSON.stringify({
    caseId,
    seizedOn: h.seizedOn,
    exchangeId: h.exchangeId === '' ? null : h.exchangeId,
    note: h.note,
    lots: lots.map(lotText),
  });
}

export function SeizureForm(p: {
  cases: Named;
  exchanges: Named;
  caseId: string;
  onCase: (id: string) => void;
  store: boolean;
}) {
  const { t } = useI18n();
  const [h, set] = useFields({ seizedOn: '', exchangeId: '', note: '' });
  const [lots, setLots] = useState<readonly LotDraft[]>([emptyLot()]);
  const [checked, setChecked] = useState<{ body: string; check: Check } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<z.output<typeof IntakeResultJson> | null>(null);
  const body = intakeJson(p.caseId, h, lots);
  const current = checked !== null && checked.body === body ? checked.check : null;
  const check = async () => {
    setBusy(true);
    setSaved(null);
    const r = await post('/seizures/intake/check', IntakeCheckJson, JSON.parse(body));
    setBusy(false);
    setProblem(r.ok ? null : r.problem);
    setChecked(r.ok ? { body, check: r.value } : null);
  };
  const save = async () => {
    const r = await post('/seizures/intake', IntakeResultJson, JSON.parse(body));
    setProblem(r.ok ? null : r.problem);
    if (r.ok) setSaved(r.value);
  };
  return (
    <StepForm
      title={t('intake.seizure.title')}
      submit={busy ? t('intake.checking') : t('intake.check')}
      busy={busy}
      onSubmit={() => void check()}
      problem={problem}
      done={
        current === null ? null : (
          <Outcome check={current} drafts={lots} saved={saved} onSave={() => void save()} />
        )
      }
    >
      <NamedChoice
        label={t('intake.seizure.case')}
        name="caseId"
        value={p.caseId}
        none={t('intake.seizure.pickCase')}
        options={p.cases}
        onChange={p.onCase}
      />
      <FormField
        label={t('intake.seizure.seizedOn')}
        name="seizedOn"
        type="date"
        value={h.seizedOn}
        onChange={set('seizedOn')}
      />
      <NamedChoice
        label={t('intake.seizure.exchange')}
        name="exchangeId"
        value={h.exchangeId}
        none={t('intake.none')}
        options={p.exchanges}
        onChange={set('exchangeId')}
      />
      <TextArea
        label={t('intake.seizure.note')}
        name="note"
        value={h.note}
        onChange={set('note')}
      />
      <Lots lots={lots} store={p.store} onChange={setLots} />
    </StepForm>
  );
}
