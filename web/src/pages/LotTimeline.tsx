import { navigate } from '../router.ts';
import { useApi } from '../useApi.ts';
import { Badge, Empty, ProblemLine, shortId, useOrganisations, when } from './seizures-ui.tsx';

/**
 * One lot: its legal-status timeline (who decided, by role and organisation, under which court
 * order and why), custody hand-offs, the split tree it belongs to, its ledger balances, the sanctions
 * screening it passed at intake and its evidence hashes. Everything here comes from one request.
 */
interface Node {
  readonly lotId: string;
  readonly amount: string;
  readonly remaining: string;
  readonly status: string;
  readonly heldAtSplit: string | null;
  readonly parts: readonly Node[];
}

interface Transition {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly courtOrderRef: string | null;
  readonly ground: string | null;
  readonly reason: string;
  readonly at: string;
  readonly by: { roles: string[]; organisationName: string | null };
}

interface Handoff {
  readonly id: string;
  readonly state: string;
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly note: string;
  readonly at: string;
}

interface LotPage {
  readonly lot: {
    id: string;
    caseId: string;
    asset: string;
    chain: string;
    amount: string;
    remaining: string;
    status: string;
    custodyKind: string;
    custodyRef: string;
    custodianOrganisationId: string | null;
    flagged: boolean;
    screeningId: string | null;
    listVersion: string | null;
    addresses: string[];
    txids: string[];
    evidence: { sha256: string; name: string }[];
    escrow: { asset: string; amount: string } | null;
  };
  readonly history: { seq: string; at: string; summary: string }[];
  readonly tree: Node | null;
  readonly transitions: Transition[];
  readonly handoffs: Handoff[];
  readonly ledger: { custodyBalance: string | null; escrowBalance: string | null };
  readonly claims: { id: string; claimantRef: string; status: string; asset: string }[];
}

function Timeline({ rows }: { rows: readonly Transition[] }) {
  if (rows.length === 0) return <Empty>No legal step yet: the lot is as it was seized.</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>Date</th>
          <th>Step</th>
          <th>Recorded by</th>
          <th>Court order</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id}>
            <td>{when(t.at)}</td>
            <td>
              <Badge value={t.from} /> → <Badge value={t.to} />
            </td>
            <td>
              {t.by.roles.map((r) => r.replaceAll('_', ' ')).join(', ') || 'Kazna'}
              <div className="muted">{t.by.organisationName ?? ''}</div>
            </td>
            <td>{t.courtOrderRef ?? '—'}</td>
            <td>
              {t.reason}
              {t.ground === null ? null : <div className="muted">Ground: {t.ground}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tree({ node, current }: { node: Node; current: string }) {
  return (
    <li>
      <a
        href={`/cases/lots/${node.lotId}`}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/cases/lots/${node.lotId}`);
        }}
        style={node.lotId === current ? { fontWeight: 700 } : undefined}
      >
        {shortId(node.lotId)}
      </a>{' '}
      {node.amount} <Badge value={node.status} />
      {node.heldAtSplit === null ? null : (
        <span className="muted">
          {' '}
          split from {node.heldAtSplit} into {node.parts.map((p) => p.amount).join(' + ')}
        </span>
      )}
      {node.parts.length === 0 ? null : (
        <ul>
          {node.parts.map((p) => (
            <Tree key={p.lotId} node={p} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Handoffs({ rows }: { rows: readonly Handoff[] }) {
  const org = useOrganisations();
  if (rows.length === 0) return <Empty>No hand-off: the seizing agency still holds it.</Empty>;
  return (
    <ul>
      {rows.map((h) => (
        <li key={h.id}>
          {when(h.at)} — {org(h.fromOrganisationId)} → {org(h.toOrganisationId)}{' '}
          <Badge value={h.state} /> <span className="muted">{h.note}</span>
        </li>
      ))}
    </ul>
  );
}

function Facts({ p }: { p: LotPage }) {
  const org = useOrganisations();
  const l = p.lot;
  return (
    <div className="card">
      <p>
        <strong>
          {l.amount} {l.asset}
        </strong>{' '}
        on {l.chain} <Badge value={l.status} /> — still held {l.remaining} {l.asset}
      </p>
      <p>
        Held by <strong>{org(l.custodianOrganisationId)}</strong> (
        {l.custodyKind.replaceAll('_', ' ')}: {l.custodyRef})
      </p>
      <p>
        Ledger: custody account {p.ledger.custodyBalance ?? '—'} {l.asset}
        {l.escrow === null
          ? null
          : ` · escrow ${p.ledger.escrowBalance ?? '—'} ${l.escrow.asset} (sale proceeds ${l.escrow.amount})`}
      </p>
      <p>
        Sanctions screening at intake:{' '}
        {l.flagged ? (
          <span className="badge bad">match</span>
        ) : (
          <span className="badge ok">clear</span>
        )}{' '}
        <span className="muted">
          list version {l.listVersion ?? '—'}, screening{' '}
          {l.screeningId === null ? '—' : shortId(l.screeningId)}
        </span>
      </p>
    </div>
  );
}

function Evidence({ lot }: { lot: LotPage['lot'] }) {
  return (
    <div className="card">
      {lot.evidence.length === 0 ? <p className="muted">No evidence document recorded.</p> : null}
      <ul>
        {lot.evidence.map((e) => (
          <li key={e.sha256}>
            {e.name} <code>sha256:{e.sha256}</code>
          </li>
        ))}
      </ul>
      <p className="muted">Addresses</p>
      <ul>
        {lot.addresses.map((a) => (
          <li key={a}>
            <code>{a}</code>
          </li>
        ))}
      </ul>
      {lot.txids.length === 0 ? null : (
        <>
          <p className="muted">Transactions</p>
          <ul>
            {lot.txids.map((t) => (
              <li key={t}>
                <code>{t}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export default function LotTimeline({ id }: { id: string }) {
  const { data, problem } = useApi<LotPage>(`/seizures/lots/${id}`);
  if (problem !== null) return <ProblemLine problem={problem} />;
  if (data === null) return <p className="muted">Loading the lot…</p>;
  return (
    <section>
      <p>
        <a
          href="/cases"
          onClick={(e) => {
            e.preventDefault();
            navigate('/cases');
          }}
        >
          ← Inventory
        </a>
      </p>
      <h1>Lot {shortId(data.lot.id)}</h1>
      <Facts p={data} />
      <h2>Legal status</h2>
      <Timeline rows={data.transitions} />
      <h2>Custody hand-offs</h2>
      <Handoffs rows={data.handoffs} />
      <h2>Splits</h2>
      {data.tree === null || data.tree.parts.length === 0 ? (
        <Empty>This lot was never split.</Empty>
      ) : (
        <ul>
          <Tree node={data.tree} current={data.lot.id} />
        </ul>
      )}
      <h2>Evidence and on-chain references</h2>
      <Evidence lot={data.lot} />
      <h2>History from the audit log</h2>
      <ol>
        {data.history.map((h) => (
          <li key={h.seq}>
            <code>#{h.seq}</code> {when(h.at)} — {h.summary}
          </li>
        ))}
      </ol>
    </section>
  );
}
