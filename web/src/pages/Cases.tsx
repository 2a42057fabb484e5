import { useState } from 'react';
import type { z } from 'zod';
import { SeizuresLotsJson } from '../../../src/seizures/answers.ts';
import { LEGAL_STATUSES } from '../../../src/seizures/model.ts';
import { OrganisationName, shortId, useOrganisationName } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { usePath } from '../router.ts';
import { Empty, Link, ProblemNote } from '../ui/common.tsx';
import { Money } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import LotTimeline from './LotTimeline.tsx';
import { Badge, CursorPager, useStateName } from './seizures-ui.tsx';

/**
 * The seized-lot inventory: each lot's asset, amount still held, legal status, current custodian and
 * sanctions flag, with filters, paging and the CSV export; choosing a lot opens its page
 * (`/cases/lots/:id`) with the timeline. Amounts are shown in the asset's units, exactly.
 */
type LotView = z.output<typeof SeizuresLotsJson>['lots'][number];

/** The crypto assets seized lots are recorded in. */
const ASSETS = ['BTC', 'ETH', 'USDT', 'USDC', 'LTC', 'TRX'] as const;
const PAGE = 25;

function LotsTable({ lots }: { lots: readonly LotView[] }) {
  const { t } = useI18n();
  const state = useStateName();
  const org = useOrganisationName();
  const columns: Column<LotView>[] = [
    {
      header: t('seizures.lot'),
      cell: (l) => <Link to={`/cases/lots/${l.id}`}>{shortId(l.id)}</Link>,
    },
    { header: t('seizures.asset'), cell: (l) => l.asset, sort: (l) => l.asset },
    { header: t('cases.chain'), cell: (l) => l.chain, sort: (l) => l.chain },
    {
      header: t('cases.amount'),
      numeric: true,
      cell: (l) => <Money baseUnits={l.amountUnits} asset={l.asset} />,
    },
    {
      header: t('cases.stillHeld'),
      numeric: true,
      cell: (l) => <Money baseUnits={l.remainingUnits} asset={l.asset} />,
    },
    {
      header: t('seizures.legalStatus'),
      cell: (l) => <Badge value={l.status} />,
      sort: (l) => state(l.status),
    },
    {
      header: t('seizures.heldBy'),
      cell: (l) => <OrganisationName id={l.custodianOrganisationId} />,
      sort: (l) => org(l.custodianOrganisationId),
    },
    {
      header: t('cases.sanctions'),
      cell: (l) => (l.flagged ? <span className="badge bad">{t('seizures.match')}</span> : '—'),
    },
  ];
  return (
    <DataTable
      rows={lots}
      columns={columns}
      rowKey={(l) => l.id}
      pageSize={PAGE}
      empty={<Empty>{t('cases.noMatch')}</Empty>}
    />
  );
}

function Filters(p: {
  status: string;
  asset: string;
  csv: string;
  onStatus: (v: string) => void;
  onAsset: (v: string) => void;
}) {
  const { t } = useI18n();
  const state = useStateName();
  return (
    <div className="actions">
      <select
        aria-label={t('seizures.legalStatus')}
        value={p.status}
        onChange={(e) => {
          p.onStatus(e.target.value);
        }}
      >
        <option value="">{t('seizures.everyStatus')}</option>
        {LEGAL_STATUSES.map((s) => (
          <option key={s} value={s}>
            {state(s)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('seizures.asset')}
        value={p.asset}
        onChange={(e) => {
          p.onAsset(e.target.value);
        }}
      >
        <option value="">{t('cases.everyAsset')}</option>
        {ASSETS.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <a href={p.csv} download="inventory.csv">
        {t('cases.export')}
      </a>
    </div>
  );
}

function Inventory() {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const [asset, setAsset] = useState('');
  // Cursors of the pages seen so far, so "Previous" goes back without counting rows.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (status !== '') query.set('status', status);
  if (asset !== '') query.set('asset', asset);
  const csv = `/api/v1/seizures/lots?${query.toString()}&format=csv`.replace(
    `limit=${String(PAGE)}`,
    'limit=1000',
  );
  const after = cursors.at(-1);
  if (after !== undefined) query.set('after', after);
  const { data, problem } = useApi(`/seizures/lots?${query.toString()}`, SeizuresLotsJson);
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setCursors([]);
  };
  return (
    <section>
      <h1>{t('page.cases')}</h1>
      <p className="muted">{t('cases.lead')}</p>
      <Filters
        status={status}
        asset={asset}
        csv={csv}
        onStatus={filter(setStatus)}
        onAsset={filter(setAsset)}
      />
      <ProblemNote problem={problem} />
      {data === null ? null : <LotsTable lots={data.lots} />}
      <CursorPager cursors={cursors} next={data?.next} onChange={setCursors} />
    </section>
  );
}

export default function Cases() {
  const path = usePath();
  const id = path.startsWith('/cases/lots/') ? path.slice('/cases/lots/'.length) : '';
  return id === '' ? <Inventory /> : <LotTimeline id={id} />;
}
