import { useEffect, useState } from 'react';
import { api, type Problem } from '../api.ts';

/**
 * The seized-lot inventory: each lot's asset, amount still held, legal status, current custodian and
 * sanctions flag, with the CSV export; choosing a lot shows its history as rebuilt from the audit
 * log. Amounts are the API's exact decimal strings, shown as they are.
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

interface HistoryEvent {
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly summary: string;
}

function Detail({ id }: { id: string }) {
  const [history, setHistory] = useState<readonly HistoryEvent[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    void api<{ history: HistoryEvent[] }>(`/seizures/lots/${id}`).then((r) => {
      if (r.ok) setHistory(r.value.history);
      else setProblem(r.problem);
    });
  }, [id]);
  if (problem !== null) return <p role="alert">{problem.detail ?? problem.title}</p>;
  if (history === null) return <p>Loading the history…</p>;
  return (
    <ol aria-label="History from the audit log">
      {history.map((h) => (
        <li key={h.seq}>
          <code>#{h.seq}</code> {h.at} — {h.summary} <small>({h.actor})</small>
        </li>
      ))}
    </ol>
  );
}

export default function Cases() {
  const [lots, setLots] = useState<readonly LotView[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    void api<{ lots: LotView[] }>('/seizures/lots?limit=1000').then((r) => {
      if (r.ok) setLots(r.value.lots);
      else setProblem(r.problem);
    });
  }, []);
  if (problem !== null) return <p role="alert">{problem.detail ?? problem.title}</p>;
  if (lots === null) return <p>Loading the inventory…</p>;
  return (
    <section>
      <p>
        <a href="/api/v1/seizures/lots?format=csv&limit=1000" download="inventory.csv">
          Export the inventory (CSV)
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th>Asset</th>
            <th>Chain</th>
            <th>Amount</th>
            <th>Still held</th>
            <th>Legal status</th>
            <th>Custody</th>
            <th>Sanctions</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((l) => (
            <tr
              key={l.id}
              onClick={() => {
                setChosen(l.id);
              }}
              aria-selected={chosen === l.id}
            >
              <td>{l.asset}</td>
              <td>{l.chain}</td>
              <td>{l.amount}</td>
              <td>{l.remaining}</td>
              <td>{l.status.replaceAll('_', ' ')}</td>
              <td>{l.custodyKind.replaceAll('_', ' ')}</td>
              <td>{l.flagged ? 'match' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen === null ? null : <Detail id={chosen} />}
    </section>
  );
}
