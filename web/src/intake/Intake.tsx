import { useState } from 'react';
import { GovernanceOrganisationsJson } from '../../../src/governance/answers.ts';
import {
  EvidenceStoreJson,
  SeizuresCasesJson,
  SeizuresExchangesJson,
  SeizuresOperationsJson,
} from '../../../src/seizures/answers.ts';
import { useI18n } from '../portal/i18n.ts';
import { ProblemNote } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';
import { CsvIntake } from './CsvIntake.tsx';
import { CaseForm, OperationForm } from './Registry.tsx';
import { SeizureForm } from './Seizure.tsx';
import { text } from './shared.tsx';

/**
 * The enforcement officer's intake page (`/cases/intake`): register an operation, open a case
 * before a court, record the seized lots with their evidence after a check that writes nothing,
 * or take in a CSV file of lots. Operations, cases, courts and exchanges are chosen by name.
 */
export default function Intake() {
  const { t } = useI18n();
  const [caseId, setCaseId] = useState('');
  const operations = useApi('/seizures/operations', SeizuresOperationsJson);
  const cases = useApi('/seizures/cases', SeizuresCasesJson);
  const exchanges = useApi('/seizures/exchanges', SeizuresExchangesJson);
  const organisations = useApi('/governance/organisations', GovernanceOrganisationsJson);
  const store = useApi('/seizures/evidence', EvidenceStoreJson);
  const named = (rows: readonly Readonly<Record<string, unknown>>[] | undefined) =>
    (rows ?? []).map((r) => [text(r, 'id'), text(r, 'name')] as const);
  const courts = (organisations.data ?? [])
    .filter((o) => o.kind === 'court')
    .map((o) => [o.id, o.name] as const);
  const caseNames = (cases.data?.cases ?? []).map(
    (c) => [text(c, 'id'), `${text(c, 'agency')} ${text(c, 'case_number', 'caseNumber')}`] as const,
  );
  return (
    <section className="intake">
      <h1>{t('page.intake')}</h1>
      <p className="muted">{t('intake.lead')}</p>
      <ProblemNote problem={operations.problem ?? cases.problem ?? store.problem} />
      <OperationForm
        exchanges={named(exchanges.data?.exchanges)}
        onRegistered={operations.reload}
      />
      <CaseForm
        operations={named(operations.data?.operations)}
        courts={courts}
        onOpened={(id) => {
          cases.reload();
          setCaseId(id);
        }}
      />
      <SeizureForm
        cases={caseNames}
        exchanges={named(exchanges.data?.exchanges)}
        caseId={caseId}
        onCase={setCaseId}
        store={store.data?.store === true}
      />
      <CsvIntake />
    </section>
  );
}
