import { decimalKey } from '../portal/format.ts';
import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import {
  LedgerAccountsJson,
  LedgerAccountsStatementJson,
  LedgerTransfersJson,
  type AccountViewJson,
} from '../../../src/ledger/answers.ts';
import { OwnerName, PersonName, ShortId, shortIds, useDates } from '../console/names.tsx';
import { useI18n, type Key } from '../portal/i18n.ts';
import { usePath } from '../router.ts';
import { Empty, Link, Loading, ProblemNote } from '../ui/common.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { DataTable, Pager } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';

/**
 * The ledger's screens: accounts with their balances, an account's statement with running balances
 * (and its CSV export), and a transfer's detail linked to the audit entry that recorded it. Amounts
 * arrive as exact decimal strings of whole units and are shown with the asset's symbol in the
 * reader's number format, never turned into floats.
 */
type AccountView = z.output<typeof AccountViewJson>;

const TYPE_KEYS: Readonly<Record<AccountView['type'], Key>> = {
  asset: 'ledger.type.asset',
  liability: 'ledger.type.liability',
  equity: 'ledger.type.equity',
  income: 'ledger.type.income',
  expense: 'ledger.type.expense',
};

const KIND_KEYS: Readonly<Record<z.output<typeof LedgerTransfersJson>['kind'], Key>> = {
  single: 'ledger.kind.single',
  pending: 'ledger.kind.pending',
  post: 'ledger.kind.post',
  void: 'ledger.kind.void',
  expire: 'ledger.kind.expire',
};

const REF_KEYS: Readonly<Record<string, Key>> = {
  caseId: 'ledger.ref.case',
  lotId: 'ledger.ref.lot',
  approvalId: 'ledger.ref.approval',
  externalTxId: 'ledger.ref.externalTx',
};

function Side({ side }: { side: string }) {
  const { t } = useI18n();
  if (side === 'debit') return <>{t('ledger.side.debit')}</>;
  if (side === 'credit') return <>{t('ledger.side.credit')}</>;
  return <code>{side}</code>;
}

function Accounts() {
  const { t } = useI18n();
  const { data, problem } = useApi('/ledger/accounts?limit=500', LedgerAccountsJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  return (
    <DataTable
      rows={data.accounts}
      rowKey={(a) => a.id}
      filterText={(a) => `${a.asset} ${a.owner.ref} ${t(TYPE_KEYS[a.type])}`}
      empty={<Empty>{t('ledger.accounts.none')}</Empty>}
      columns={[
        {
          header: t('ledger.account'),
          cell: (a) => (
            <>
              <Link to={`/ledger/accounts/${a.id}`}>
                <ShortId id={a.id} />
              </Link>
              {a.closedAt === null ? null : <span className="badge">{t('ledger.closed')}</span>}
            </>
          ),
        },
        { header: t('ledger.asset'), cell: (a) => a.asset, sort: (a) => a.asset },
        { header: t('ledger.owner'), cell: (a) => <OwnerName owner={a.owner} /> },
        { header: t('ledger.type'), cell: (a) => t(TYPE_KEYS[a.type]), sort: (a) => a.type },
        {
          header: t('ledger.balance'),
          cell: (a) => <WholeMoney whole={a.balance} asset={a.asset} />,
          sort: (a) => decimalKey(a.balance),
          numeric: true,
        },
        {
          header: t('ledger.available'),
          cell: (a) => <WholeMoney whole={a.available} asset={a.asset} />,
          sort: (a) => decimalKey(a.available),
          numeric: true,
        },
      ]}
    />
  );
}

function Statement({ id }: { id: string }) {
  const { t } = useI18n();
  const dates = useDates();
  // The server pages the statement with a cursor; the cursors behind us let the pager go back.
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const path = `/ledger/accounts/${id}/statement?limit=50${cursor === null ? '' : `&after=${cursor}`}`;
  const { data, problem } = useApi(path, LedgerAccountsStatementJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const a = data.account;
  const next = data.next;
  return (
    <div>
      <h2>
        {t('ledger.statementOf', { asset: a.asset })} <OwnerName owner={a.owner} />
      </h2>
      <p className="muted">
        <ShortId id={a.id} /> · {t('ledger.balance')}{' '}
        <WholeMoney whole={a.balance} asset={a.asset} /> · {t('ledger.available')}{' '}
        <WholeMoney whole={a.available} asset={a.asset} /> ·{' '}
        <a href={`/api/v1/ledger/accounts/${a.id}/statement?format=csv`}>CSV</a>
      </p>
      <DataTable
        rows={data.entries}
        rowKey={(e) => e.transfer.id}
        pageSize={50}
        empty={<Empty>{t('ledger.statement.none')}</Empty>}
        columns={[
          {
            header: t('ledger.recorded'),
            cell: (e) => (
              <Link to={`/ledger/transfers/${e.transfer.id}`}>
                {dates.time(e.transfer.createdAt)}
              </Link>
            ),
          },
          {
            header: t('ledger.tookEffect'),
            cell: (e) => (e.transfer.valueAt === null ? '' : dates.time(e.transfer.valueAt)),
          },
          { header: t('ledger.kind'), cell: (e) => t(KIND_KEYS[e.transfer.kind]) },
          { header: t('ledger.side'), cell: (e) => <Side side={e.side} /> },
          {
            header: t('ledger.amount'),
            cell: (e) => <WholeMoney whole={e.transfer.amount} asset={e.transfer.asset} />,
            numeric: true,
          },
          {
            header: t('ledger.balance'),
            cell: (e) => <WholeMoney whole={e.balance} asset={a.asset} />,
            numeric: true,
          },
          { header: t('ledger.code'), cell: (e) => <code>{e.transfer.code}</code> },
        ]}
      />
      <Pager
        page={cursors.length - 1}
        pages={cursors.length + (next === null ? 0 : 1)}
        onPage={(p) => {
          if (p < cursors.length - 1) setCursors(cursors.slice(0, p + 1));
          else if (next !== null) setCursors([...cursors, next]);
        }}
      />
    </div>
  );
}

function TransferLink({ id }: { id: string | null }) {
  return id === null ? (
    <>—</>
  ) : (
    <Link to={`/ledger/transfers/${id}`}>
      <ShortId id={id} />
    </Link>
  );
}

function TransferDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const dates = useDates();
  const { data, problem } = useApi(`/ledger/transfers/${id}`, LedgerTransfersJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const refs = Object.entries(data.refs).filter(([, v]) => v !== undefined);
  const refName = (k: string): string => {
    const key = Object.hasOwn(REF_KEYS, k) ? REF_KEYS[k] : undefined;
    return key === undefined ? k : t(key);
  };
  const rows: [string, ReactNode][] = [
    [t('ledger.kind'), t(KIND_KEYS[data.kind])],
    [t('ledger.amount'), <WholeMoney key="amount" whole={data.amount} asset={data.asset} />],
    [
      t('ledger.debit'),
      <Link key="debit" to={`/ledger/accounts/${data.debitAccountId}`}>
        <ShortId id={data.debitAccountId} />
      </Link>,
    ],
    [
      t('ledger.credit'),
      <Link key="credit" to={`/ledger/accounts/${data.creditAccountId}`}>
        <ShortId id={data.creditAccountId} />
      </Link>,
    ],
    [t('ledger.code'), <code key="code">{data.code}</code>],
    [t('ledger.reason'), data.reason],
    [
      t('ledger.references'),
      refs.length === 0
        ? '—'
        : refs.map(([k, v]) => `${refName(k)} ${shortIds(String(v))}`).join(' · '),
    ],
    [t('ledger.resolves'), <TransferLink key="resolves" id={data.pendingId} />],
    [t('ledger.corrects'), <TransferLink key="corrects" id={data.correctsId} />],
    [t('ledger.expires'), data.expiresAt === null ? '—' : dates.time(data.expiresAt)],
    [
      t('ledger.tookEffect'),
      data.valueAt === null ? t('ledger.whenRecorded') : dates.time(data.valueAt),
    ],
    [
      t('ledger.recordedBy'),
      <span key="by">
        <PersonName id={data.actor} />, {dates.time(data.createdAt)}
      </span>,
    ],
    [
      t('ledger.auditEntry'),
      <Link key="audit" to={`/audit/entries/${data.auditSeq}`}>
        #{data.auditSeq}
      </Link>,
    ],
  ];
  return (
    <div className="card">
      <h2>
        {t('ledger.transfer')} <ShortId id={data.id} />
      </h2>
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
  const { t } = useI18n();
  const path = usePath();
  const account = /^\/ledger\/accounts\/([0-9a-f-]{36})$/.exec(path)?.[1];
  const transfer = /^\/ledger\/transfers\/([0-9a-f-]{36})$/.exec(path)?.[1];
  return (
    <div>
      <h1>
        <Link to="/ledger">{t('page.ledger')}</Link>
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
