import { useState } from 'react';
import type { z } from 'zod';
import { ReserveDisposalsLotsJson } from '../../../src/disposal/answers.ts';
import { ReserveManagersJson } from '../../../src/reserve/answers.ts';
import { shortId } from '../console/names.tsx';
import { wholeAmount } from '../console/money.ts';
import { browserNow } from '../ui/clock.ts';
import { FormField, SelectField } from '../ui/form.tsx';
import { useApi } from '../useApi.ts';
import { Empty, Loading, ProblemNote, send, useFmt, type Sent } from './common.tsx';
import { SentNote } from './ManagerDd.tsx';

/**
 * The investment officer proposes to contribute a forfeited, earmarked lot in kind to a hedge fund
 * that takes new money: the lot is picked by its case number, short id, asset and what it still
 * holds; the destination is the manager's own address for the asset (the policy refuses any other).
 * The proposal becomes an approval request the committee decides on the Approvals page.
 */
type Lot = z.output<typeof ReserveDisposalsLotsJson>['lots'][number];
type Manager = z.output<typeof ReserveManagersJson>['managers'][number];

const today = (): string => new Date(browserNow()).toISOString().slice(0, 10);

function lotLabel(locale: string, l: Lot): string {
  return `${l.caseNumber} · ${shortId(l.id)} · ${wholeAmount(locale, l.remaining, l.asset)}`;
}

function Fields(p: {
  lots: readonly Lot[];
  managers: readonly Manager[];
  done: (o: Sent) => void;
}) {
  const { t, locale } = useFmt();
  const [lotId, setLotId] = useState(p.lots[0]?.id ?? '');
  const [managerId, setManagerId] = useState(p.managers[0]?.id ?? '');
  const [day, setDay] = useState(today);
  const lot = p.lots.find((l) => l.id === lotId);
  const [amount, setAmount] = useState(lot?.remaining ?? '');
  const manager = p.managers.find((m) => m.id === managerId);
  const destination = lot === undefined ? undefined : manager?.addresses[lot.asset];
  return (
    <form
      className="reserve-form"
      aria-label={t('timeline.inKind.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (lot === undefined || destination === undefined) return;
        const body = { method: 'in_kind', managerId, day, lotId, asset: lot.asset, amount };
        void send('/reserve/subscriptions', { ...body, destination }).then(p.done);
      }}
    >
      <SelectField
        label={t('timeline.inKind.lot')}
        name="lotId"
        value={lotId}
        options={p.lots.map((l): [string, string] => [l.id, lotLabel(locale, l)])}
        onChange={(id) => {
          setLotId(id);
          setAmount(p.lots.find((l) => l.id === id)?.remaining ?? '');
        }}
      />
      <SelectField
        label={t('timeline.inKind.manager')}
        name="managerId"
        value={managerId}
        options={p.managers.map((m): [string, string] => [m.id, m.name])}
        onChange={setManagerId}
      />
      <FormField
        label={t('timeline.inKind.amount')}
        name="amount"
        value={amount}
        onChange={setAmount}
      />
      <FormField
        label={t('timeline.inKind.day')}
        name="day"
        type="date"
        value={day}
        onChange={setDay}
      />
      {destination === undefined ? (
        <p className="error">{t('timeline.inKind.noAddress', { asset: lot?.asset ?? '' })}</p>
      ) : (
        <p className="muted">
          {t('timeline.inKind.destination')} <code>{destination}</code>
        </p>
      )}
      <button type="submit" disabled={destination === undefined || amount === ''}>
        {t('timeline.inKind.submit')}
      </button>
    </form>
  );
}

export function InKindContribution({ onDone }: { onDone: () => void }) {
  const { t } = useFmt();
  const lots = useApi('/reserve/disposals/lots', ReserveDisposalsLotsJson);
  const managers = useApi('/reserve/managers', ReserveManagersJson);
  const [out, setOut] = useState<Sent | null>(null);
  const problem = lots.problem ?? managers.problem;
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (lots.data === null || managers.data === null) return <Loading />;
  // Only a lot no sale holds can be contributed; only a hedge fund taking new money can take it.
  const free = lots.data.lots.filter((l) => l.commitment === null);
  const open = managers.data.managers.filter(
    (m) => m.kind === 'hedge_fund' && (m.status === 'approved' || m.status === 'active'),
  );
  return (
    <section className="card" data-testid="in-kind">
      <h2>{t('timeline.inKind.title')}</h2>
      <p className="muted">{t('timeline.inKind.lead')}</p>
      {free.length === 0 ? (
        <Empty>{t('timeline.inKind.noLots')}</Empty>
      ) : open.length === 0 ? (
        <Empty>{t('timeline.inKind.noManagers')}</Empty>
      ) : (
        <Fields
          lots={free}
          managers={open}
          done={(o) => {
            setOut(o);
            if (!('code' in o)) onDone();
          }}
        />
      )}
      <SentNote out={out} />
    </section>
  );
}
