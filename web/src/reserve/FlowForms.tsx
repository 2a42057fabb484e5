import { useState, type ReactNode } from 'react';
import { ApprovalLink, ProblemNote, send, type Sent } from './common.tsx';
import { SOURCE_LABELS } from './format.ts';
import type { ManagerKind } from './types.ts';

/**
 * Recording money with a manager, for holders of reserve.manage: a cash subscription or a
 * redemption for a hedge fund, a capital call or a cash distribution for a venture fund. Amounts
 * travel as the decimal strings typed, and the server decides: a subscription becomes an approval
 * request (applied at once only if the policy allows), and a refusal comes back as its problem,
 * with nothing recorded.
 */
const today = (): string => new Date().toISOString().slice(0, 10);

function Field(p: { label: string; value: string; set: (v: string) => void; type?: string }) {
  return (
    <label>
      {p.label}
      <input
        type={p.type ?? 'text'}
        inputMode={p.type === undefined ? 'decimal' : undefined}
        value={p.value}
        size={14}
        onChange={(e) => {
          p.set(e.target.value);
        }}
      />
    </label>
  );
}

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
  const [day, setDay] = useState(today);
  const [amount, setAmount] = useState('');
  const [source, setSource] = useState('gold_fx_allocation');
  const body = { method: 'cash', managerId, day, asset: 'USD', amount, fundingSource: source };
  return (
    <FlowForm
      title="Request a cash subscription"
      path="/reserve/subscriptions"
      body={() => body}
      ready={amount !== ''}
      done={done}
    >
      <Field label="Day" type="date" value={day} set={setDay} />
      <Field label="Amount (USD)" value={amount} set={setAmount} />
      <label>
        Funded from
        <select
          value={source}
          onChange={(e) => {
            setSource(e.target.value);
          }}
        >
          {Object.entries(SOURCE_LABELS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
    </FlowForm>
  );
}

function Redeem({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const [requestedOn, setRequestedOn] = useState(today);
  const [units, setUnits] = useState('');
  return (
    <FlowForm
      title="Redeem units"
      path="/reserve/redemptions"
      body={() => ({ managerId, requestedOn, units })}
      ready={units !== ''}
      done={done}
    >
      <Field label="Requested on" type="date" value={requestedOn} set={setRequestedOn} />
      <Field label="Fund units" value={units} set={setUnits} />
    </FlowForm>
  );
}

function CapitalCall({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const [noticeDay, setNoticeDay] = useState(today);
  const [dueDate, setDueDate] = useState(today);
  const [investments, setInvestments] = useState('0');
  const [fees, setFees] = useState('0');
  const [expenses, setExpenses] = useState('0');
  return (
    <FlowForm
      title="Record a capital call"
      path="/reserve/capital-calls"
      body={() => ({ managerId, noticeDay, dueDate, investments, fees, expenses })}
      ready={[investments, fees, expenses].every((v) => v !== '')}
      done={done}
    >
      <Field label="Notice day" type="date" value={noticeDay} set={setNoticeDay} />
      <Field label="Due date" type="date" value={dueDate} set={setDueDate} />
      <Field label="Investments (USD)" value={investments} set={setInvestments} />
      <Field label="Management fees (USD)" value={fees} set={setFees} />
      <Field label="Fund expenses (USD)" value={expenses} set={setExpenses} />
    </FlowForm>
  );
}

function Distribution({ managerId, done }: { managerId: string; done: (o: Sent) => void }) {
  const [day, setDay] = useState(today);
  const [amount, setAmount] = useState('');
  return (
    <FlowForm
      title="Record a cash distribution"
      path="/reserve/distributions"
      body={() => ({ managerId, day, method: 'cash', amount })}
      ready={amount !== ''}
      done={done}
    >
      <Field label="Day" type="date" value={day} set={setDay} />
      <Field label="Amount (USD)" value={amount} set={setAmount} />
    </FlowForm>
  );
}

function Outcome({ out }: { out: Sent }) {
  if ('code' in out) return <ProblemNote problem={out} />;
  if (out.requestId === undefined) return <p className="muted">Recorded.</p>;
  return (
    <p>
      Sent for approval:{' '}
      <ApprovalLink requestId={out.requestId} state={out.state ?? 'pending_approval'} />
    </p>
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
      {out === null ? null : <Outcome out={out} />}
    </div>
  );
}
