import { useState } from 'react';
import { navigate, usePath } from '../router.ts';
import { useApi } from '../useApi.ts';
import LotTimeline from './LotTimeline.tsx';
import { Badge, CursorPager, Empty, ProblemLine, useOrganisations } from './seizures-ui.tsx';

/**
 * The seized-lot inventory: each lot's asset, amount still held, legal status, current custodian and
 * sanctions flag, with filters, paging and the CSV export; choosing a lot opens its page
 * (`/cases/lots/:id`) with the timeline. Amounts are the API's exact decimal strings, shown as they are.
 */
interface LotView {
  readonly id: string;
  readonly caseId: string;
  readonly asset: string;
  readonly chain: string;
  readonly amount: string;
  readonly remaining: string;
  readonly status: string;
  readonly custodianOrganisationId: string | null;
  readonly custodyKind: string;
  readonly flagged: boolean;
}

const STATUSES = [
  'seized',
  'frozen',
  'forfeiture_pending',
  'forfeited',
  'emergency_sold',
  'restitution_to_victims',
  'returned_to_owner',
  'released',
  'split',
];
const PAGE = 25;

function LotsTable({ lots }: { lots: readonly LotView[] }) {
  const org = useOrganisations();
  return (
    <>
      {lots.length === 0 ? (
        <Empty>No lot matches these filters.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Asset</th>
              <th>Chain</th>
              <th className="num">Amount</th>
              <th className="num">Still held</th>
              <th>Legal status</th>
              <th>Held by</th>
              <th>Sanctions</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((l) => (
              <tr
                key={l.id}
                style={{ cursor: 'pointer' }}
                onClick={() => {
                  navigate(`/cases/lots/${l.id}`);
                }}
              >
                <td>{l.asset}</td>
                <td>{l.chain}</td>
                <td className="num">{l.amount}</td>
                <td className="num">{l.remaining}</td>
                <td>
                  <Badge value={l.status} />
                </td>
                <td>{org(l.custodianOrganisationId)}</td>
                <td>{l.flagged ? <span className="badge bad">match</span> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Inventory() {
  const [status, setStatus] = useState('');
  const [asset, setAsset] = useState('');
  // Cursors of the pages seen so far, so "Previous" goes back without counting rows.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (status !== '') query.set('status', status);
  if (asset !== '') query.set('asset', asset);
  const csv = `/api/v1/seizures/lots?${query.toString()}&format=csv`.replace(
    `limit=${PAGE}`,
    'limit=1000',
  );
  const after = cursors.at(-1);
  if (after !== undefined) query.set('after', after);
  const { data, problem } = useApi<{ lots: LotView[]; next: string | null }>(
    `/seizures/lots?${query.toString()}`,
  );
  const filter = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLSelectElement>) => {
    set(e.target.value);
    setCursors([]);
  };
  return (
    <section>
      <h1>Cases</h1>
      <p className="muted">Seized lots, their legal status and who holds them.</p>
      <div className="actions">
        <select aria-label="Legal status" value={status} onChange={filter(setStatus)}>
          <option value="">Every status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <select aria-label="Asset" value={asset} onChange={filter(setAsset)}>
          <option value="">Every asset</option>
          {['BTC', 'ETH', 'USDT', 'USDC', 'LTC', 'TRX'].map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <a href={csv} download="inventory.csv">
          Export the inventory (CSV)
        </a>
      </div>
      <ProblemLine problem={problem} />
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
