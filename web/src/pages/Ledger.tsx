import { useState } from 'react';
import { Link, ProblemNote } from '../ui/common.tsx';
import { OwnerName, ShortId } from '../console/names.tsx';
import { decimal } from '../portal/format.ts';
import { useI18n } from '../portal/i18n.ts';
import { useApi } from '../useApi.ts';
import { usePath } from '../router.ts';

/**
 * The ledger's screens: accounts with their balances, an account's statement with running balances
 * (and its CSV export), and a transfer's detail linked to the audit entry that recorded it. Amounts
 * arrive as exact decimal strings and are shown as such, never turned into numbers.
 */
interface AccountView {
  readonly id: string;
  readonly asset: string;
  readonly owner: { readonly kind: string; readonly ref: string };
  readonly type: string;
  readonly closedAt: string | null;
  readonly balance: string;
  readonly available: string;
  readonly balances: Readonly<Record<string, string>>;
}

interface TransferView {
  readonly id: string;
  readonly kind: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly asset: string;
  readonly amount: string;
  readonly pendingId: string | null;
  readonly code: string;
  readonly reason: string;
  readonly refs: Readonly<Record<string, string>>;
  readonly correctsId: string | null;
  readonly actor: string;
  readonly createdAt: string;
  readonly valueAt: string | null;
  readonly auditSeq: string;
  readonly expiresAt: string | null;
}

interface StatementEntry {
  readonly transfer: TransferView;
  readonly side: string;
  readonly counterpartyAccountId: string;
  readonly balance: string;
}

function Accounts() {
  const { locale } = useI18n();
  const { data, problem } = useApi<{ accounts: AccountView[] }>('/ledger/accounts?limit=500');
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <p className="muted">Loading…</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Account</th>
          <th>Asset</th>
          <th>Owner</th>
          <th>Type</th>
          <th style={{ textAlign: 'right' }}>Balance</th>
          <th style={{ textAlign: 'right' }}>Available</th>
        </tr>
      </thead>
      <tbody>
        {data.accounts.map((a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/ledger/accounts/${a.id}`}>{a.id.slice(0, 13)}…</Link>
              {a.closedAt === null ? null : <span className="badge">closed</span>}
            </td>
            <td>{a.asset}</td>
            <td>
              <OwnerName owner={a.owner} />
            </td>
            <td>{a.type}</td>
            <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              {decimal(locale, a.balance)}
            </td>
            <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              {decimal(locale, a.available)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Statement({ id }: { id: string }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const path = `/ledger/accounts/${id}/statement?limit=50${cursor === null ? '' : `&after=${cursor}`}`;
  const { data, problem } = useApi<{
    account: AccountView;
    entries: StatementEntry[];
    next: string | null;
  }>(path);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <p className="muted">Loading…</p>;
  const a = data.account;
  return (
    <div>
      <h2>
        {a.asset} account <OwnerName owner={a.owner} />
      </h2>
      <p className="muted">
        <ShortId id={a.id} /> · balance {a.balance} · available {a.available} ·{' '}
        <a href={`/api/v1/ledger/accounts/${a.id}/statement?format=csv`}>CSV</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>Recorded</th>
            <th>Took effect</th>
            <th>Kind</th>
            <th>Side</th>
            <th style={{ textAlign: 'right' }}>Amount</th>
            <th style={{ textAlign: 'right' }}>Balance</th>
            <th>Code</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((e) => (
            <tr key={e.transfer.id}>
              <td>
                <Link to={`/ledger/transfers/${e.transfer.id}`}>{e.transfer.createdAt}</Link>
              </td>
              <td className="muted">{e.transfer.valueAt ?? ''}</td>
              <td>{e.transfer.kind}</td>
              <td>{e.side}</td>
              <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                {e.transfer.amount}
              </td>
              <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                {e.balance}
              </td>
              <td>{e.transfer.code}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.next === null ? null : (
        <button
          onClick={() => {
            setCursor(data.next);
          }}
        >
          Next page
        </button>
      )}
    </div>
  );
}

function TransferDetail({ id }: { id: string }) {
  const { data, problem } = useApi<TransferView>(`/ledger/transfers/${id}`);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <p className="muted">Loading…</p>;
  const rows: [string, React.ReactNode][] = [
    ['Kind', data.kind],
    ['Amount', `${data.amount} ${data.asset}`],
    ['Debit', <Link to={`/ledger/accounts/${data.debitAccountId}`}>{data.debitAccountId}</Link>],
    ['Credit', <Link to={`/ledger/accounts/${data.creditAccountId}`}>{data.creditAccountId}</Link>],
    ['Code', data.code],
    ['Reason', data.reason],
    [
      'References',
      Object.entries(data.refs)
        .map(([k, v]) => `${k} ${v}`)
        .join(' · ') || '—',
    ],
    [
      'Resolves',
      data.pendingId === null ? (
        '—'
      ) : (
        <Link to={`/ledger/transfers/${data.pendingId}`}>{data.pendingId}</Link>
      ),
    ],
    [
      'Corrects',
      data.correctsId === null ? (
        '—'
      ) : (
        <Link to={`/ledger/transfers/${data.correctsId}`}>{data.correctsId}</Link>
      ),
    ],
    ['Expires', data.expiresAt ?? '—'],
    ['Took effect', data.valueAt ?? 'when recorded'],
    ['Recorded by', `${data.actor} at ${data.createdAt}`],
    ['Audit entry', <Link to={`/audit/entries/${data.auditSeq}`}>#{data.auditSeq}</Link>],
  ];
  return (
    <div className="card">
      <h2>Transfer {data.id}</h2>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th style={{ textAlign: 'left' }}>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Ledger() {
  const path = usePath();
  const account = /^\/ledger\/accounts\/([0-9a-f-]{36})$/.exec(path)?.[1];
  const transfer = /^\/ledger\/transfers\/([0-9a-f-]{36})$/.exec(path)?.[1];
  return (
    <div>
      <h1>
        <Link to="/ledger">Ledger</Link>
      </h1>
      {account !== undefined ? (
        <Statement id={account} />
      ) : transfer !== undefined ? (
        <TransferDetail id={transfer} />
      ) : (
        <Accounts />
      )}
    </div>
  );
}
