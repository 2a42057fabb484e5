import { useState } from 'react';
import {
  SeizuresCasesPostJson,
  SeizuresOperationsPostJson,
} from '../../../src/seizures/answers.ts';
import type { Problem } from '../api.ts';
import { useI18n } from '../portal/i18n.ts';
import { WithAuthored } from '../ui/common.tsx';
import { FormField } from '../ui/form.tsx';
import { lines, NamedChoice, post, StepForm, TextArea, useFields } from './shared.tsx';

/**
 * The first two steps of an intake: registering the enforcement operation (with its legal basis
 * and the illegal exchange it shut down, if any) and opening a case before a court, chosen by name
 * from the organisations of kind court, so the court's registrars see the case's lots.
 */
type Named = readonly (readonly [id: string, name: string])[];

function Done({ text, name }: { text: string; name: string }) {
  return (
    <p role="status">
      <WithAuthored text={text} authored={name} />
    </p>
  );
}

export function OperationForm(p: { exchanges: Named; onRegistered: () => void }) {
  const { t } = useI18n();
  const [f, set] = useFields({
    name: '',
    agencies: '',
    legalBasis: '',
    startedOn: '',
    endedOn: '',
    summary: '',
    exchangeId: '',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    const r = await post('/seizures/operations', SeizuresOperationsPostJson, {
      name: f.name,
      agencies: lines(f.agencies),
      legalBasis: f.legalBasis,
      startedOn: f.startedOn,
      endedOn: f.endedOn === '' ? null : f.endedOn,
      summary: f.summary,
      exchangeId: f.exchangeId === '' ? null : f.exchangeId,
    });
    setProblem(r.ok ? null : r.problem);
    if (!r.ok) return;
    setDone(f.name);
    p.onRegistered();
  };
  return (
    <StepForm
      title={t('intake.op.title')}
      submit={t('intake.op.submit')}
      onSubmit={() => void submit()}
      problem={problem}
      done={done === null ? null : <Done text={t('intake.op.done', { name: done })} name={done} />}
    >
      <FormField label={t('intake.op.name')} name="name" value={f.name} onChange={set('name')} />
      <TextArea
        label={t('intake.op.agencies')}
        name="agencies"
        value={f.agencies}
        onChange={set('agencies')}
      />
      <FormField
        label={t('intake.op.legalBasis')}
        name="legalBasis"
        value={f.legalBasis}
        onChange={set('legalBasis')}
      />
      <FormField
        label={t('intake.op.startedOn')}
        name="startedOn"
        type="date"
        value={f.startedOn}
        onChange={set('startedOn')}
      />
      <FormField
        label={t('intake.op.endedOn')}
        name="endedOn"
        type="date"
        value={f.endedOn}
        onChange={set('endedOn')}
      />
      <TextArea
        label={t('intake.op.summary')}
        name="summary"
        value={f.summary}
        onChange={set('summary')}
      />
      <NamedChoice
        label={t('intake.op.exchange')}
        name="exchangeId"
        value={f.exchangeId}
        none={t('intake.none')}
        options={p.exchanges}
        onChange={set('exchangeId')}
      />
    </StepForm>
  );
}

export function CaseForm(p: { operations: Named; courts: Named; onOpened: (id: string) => void }) {
  const { t } = useI18n();
  const [f, set] = useFields({
    operationId: '',
    agency: '',
    caseNumber: '',
    courtId: '',
    parties: '',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    const court = p.courts.find(([id]) => id === f.courtId);
    const r = await post('/seizures/cases', SeizuresCasesPostJson, {
      operationId: f.operationId === '' ? null : f.operationId,
      agency: f.agency,
      caseNumber: f.caseNumber,
      court: court?.[1] ?? '',
      courtOrganisationId: court?.[0] ?? null,
      partyRefs: lines(f.parties),
    });
    setProblem(r.ok ? null : r.problem);
    if (!r.ok) return;
    setDone(`${f.agency} ${f.caseNumber}`);
    p.onOpened(r.value.id);
  };
  return (
    <StepForm
      title={t('intake.case.title')}
      submit={t('intake.case.submit')}
      onSubmit={() => void submit()}
      problem={problem}
      done={
        done === null ? null : <Done text={t('intake.case.done', { name: done })} name={done} />
      }
    >
      <NamedChoice
        label={t('intake.case.operation')}
        name="operationId"
        value={f.operationId}
        none={t('intake.none')}
        options={p.operations}
        onChange={set('operationId')}
      />
      <FormField
        label={t('intake.case.agency')}
        name="agency"
        value={f.agency}
        onChange={set('agency')}
      />
      <FormField
        label={t('intake.case.number')}
        name="caseNumber"
        value={f.caseNumber}
        onChange={set('caseNumber')}
      />
      <NamedChoice
        label={t('intake.case.court')}
        name="courtId"
        value={f.courtId}
        none={t('intake.case.pickCourt')}
        options={p.courts}
        onChange={set('courtId')}
      />
      <TextArea
        label={t('intake.case.parties')}
        name="parties"
        value={f.parties}
        onChange={set('parties')}
        hint={
          <>
            {t('intake.case.partiesHint')} <code>party:7f3a9c</code>
          </>
        }
      />
    </StepForm>
  );
}
