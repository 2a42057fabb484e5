import { useState, type ReactNode } from 'react';
import { FormField, SelectField } from '../ui/form.tsx';
import { codeKey, send, useFmt, type Sent } from './common.tsx';
import { SentNote } from './ManagerDd.tsx';
import type { ManagerKind } from './types.ts';

/**
 * Recording money with a manager, for holders of reserve.manage: a cash subscription or a
 * redemption for a hedge fund, a capital call or a cash distribution for a venture fund. Amounts
 * travel as the decimal strings typed, and the server decides: a subscription becomes an approval
 * request (applied at once only if the policy allows), and a refusal comes back as its problem,
 * with nothing recorded.
 */
const today = (): string => new Date().toISOString().slice(0, 10);
const SOURCES = ['gold_fx_allocation', 'forfeited_crypto', 'state_mining', 'repatriated'];

/** One form: its fields, a submit button, and the body it posts. */
function FlowForm(p: {
  title: string;
  path: string;
  body: () => unknown;
  ready: boolean;
  done: (o: Sent) => void;
  children: ReactNode;
}) {
  return (
    <form
      className="reserve-form"
      aria-label={p.title}
      onSubmit={(e) => {
        e.preventDefault();
        void send(p.path, p.body()).then(p.done);
      }}
    >
      {p.children}
      <button type="submit" disabled={!p.ready}>
        {p.title}
      </button>
    </form>
  );
}

function Subscribe({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const [day, setDay] = useState(today);
  const [amount, setAmount] = useState('');
  const [source, setSource] = useState('gold_fx_allocation');
  const body = { method: 'cash', managerId, day, asset: 'USD', amount, fundingSource: source };
  return (
    <FlowForm
      title={t('reserve.form.subscribe')}
      path="/reserve/subscriptions"
      body={() => body}
      ready={amount !== ''}
      done={done}
    >
      <FormField
        label={t('reserve.col.day')}
        name="day"
        type="date"
        value={day}
        onChange={setDay}
      />
      <FormField
        label={t('reserve.form.amountUsd')}
        name="amount"
        value={amount}
        onChange={setAmount}
      />
      <SelectField
        label={t('reserve.form.fundedFrom')}
        name="fundingSource"
        value={source}
        options={SOURCES.map((s): [string, string] => [s, t(codeKey('reserve.source', s))])}
        onChange={setSource}
      />
    </FlowForm>
  );
}

function Redeem({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const [requestedOn, setRequestedOn] = useState(today);
  const [units, setUnits] = useState('');
  return (
    <FlowForm
      title={t('reserve.form.redeem')}
      path="/reserve/redemptions"
      body={() => ({ managerId, requestedOn, units })}
      ready={units !== ''}
      done={done}
    >
      <FormField
        label={t('reserve.form.requestedOn')}
        name="requestedOn"
        type="date"
        value={requestedOn}
        onChange={setRequestedOn}
      />
      <FormField label={t('reserve.form.units')} name="units" value={units} onChange={setUnits} />
    </FlowForm>
  );
}

function CapitalCall({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const [noticeDay, setNoticeDay] = useState(today);
  const [dueDate, setDueDate] = useState(today);
  const [investments, setInvestments] = useState('0');
  const [fees, setFees] = useState('0');
  const [expenses, setExpenses] = useState('0');
  return (
    <FlowForm
      title={t('reserve.form.call')}
      path="/reserve/capital-calls"
      body={() => ({ managerId, noticeDay, dueDate, investments, fees, expenses })}
      ready={[investments, fees, expenses].every((v) => v !== '')}
      done={done}
    >
      <FormField
        label={t('reserve.form.noticeDay')}
        name="noticeDay"
        type="date"
        value={noticeDay}
        onChange={setNoticeDay}
      />
      <FormField
        label={t('reserve.form.dueDate')}
        name="dueDate"
        type="date"
        value={dueDate}
        onChange={setDueDate}
      />
      <FormField
        label={t('reserve.form.investments')}
        name="investments"
        value={investments}
        onChange={setInvestments}
      />
      <FormField label={t('reserve.form.fees')} name="fees" value={fees} onChange={setFees} />
      <FormField
        label={t('reserve.form.expenses')}
        name="expenses"
        value={expenses}
        onChange={setExpenses}
      />
    </FlowForm>
  );
}

function Distribution({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const [day, setDay] = useState(today);
  const [amount, setAmount] = useState('');
  return (
    <FlowForm
      title={t('reserve.form.distribution')}
      path="/reserve/distributions"
      body={() => ({ managerId, day, method: 'cash', amount })}
      ready={amount !== ''}
      done={done}
    >
      <FormField
        label={t('reserve.col.day')}
        name="day"
        type="date"
        value={day}
        onChange={setDay}
      />
      <FormField
        label={t('reserve.form.amountUsd')}
        name="amount"
        value={amount}
        onChange={setAmount}
      />
    </FlowForm>
  );
}

export function FlowForms(p: { managerId: string; kind: ManagerKind; onDone: () => void }) {
  const [out, setOut] = useState<Sent | null>(null);
  const done = (o: Sent): void => {
    setOut(o);
    if (!('code' in o)) p.onDone();
  };
  return (
    <div data-testid="flow-forms">
      {p.kind === 'hedge_fund' ? (
        <>
          <Subscribe managerId={p.managerId} done={done} />
          <Redeem managerId={p.managerId} done={done} />
        </>
      ) : (
        <>
          <CapitalCall managerId={p.managerId} done={done} />
          <Distribution managerId={p.managerId} done={done} />
        </>
      )}
      <SentNote out={out} />
    </div>
  );
}
