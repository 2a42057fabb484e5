import { useState } from 'react';
import { ApprovalLink, Badge, Empty, ProblemNote, send, type Sent } from './common.tsx';
import type { ManagerView } from './types.ts';

/**
 * The due-diligence scorecard (each section's score 0–5, notes and documents by hash), the
 * state history, and the committee's actions: score a section, move the state, ask for approval.
 */
export function Scorecard({ view }: { view: ManagerView }) {
  const dd = view.dueDiligence;
  return (
    <>
      <p>
        Overall score{' '}
        {dd.overall === null ? (
          <Badge tone="warn">incomplete: every section needs a score</Badge>
        ) : (
          <Badge tone={dd.overall >= 60 ? 'ok' : 'bad'}>{dd.overall} / 100</Badge>
        )}{' '}
        <span className="muted">(approval needs at least 60)</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>Section</th>
            <th>Score</th>
            <th>Notes</th>
            <th>Documents (SHA-256)</th>
            <th>Scored</th>
          </tr>
        </thead>
        <tbody>
          {dd.sections.map((s) => (
            <tr key={s.section}>
              <td>{s.section}</td>
              <td>
                {s.score === null ? (
                  <span className="muted">not scored</span>
                ) : (
                  <>
                    <span className="ddbar" aria-hidden="true">
                      <span style={{ width: `${(s.score / 5) * 100}%` }} />
                    </span>
                    {s.score} / 5
                  </>
                )}
              </td>
              <td>{s.notes}</td>
              <td>
                {s.documents.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  s.documents.map((d) => (
                    <div key={d.sha256}>
                      {d.name}{' '}
                      <span className="hash" title={d.sha256}>
                        {d.sha256.slice(0, 16)}…
                      </span>
                    </div>
                  ))
                )}
              </td>
              <td className="muted">
                {s.scoredAt === null ? '—' : `${s.scoredAt.slice(0, 10)} by ${s.scoredBy ?? '?'}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function History({ view }: { view: ManagerView }) {
  if (view.history.length === 0)
    return <Empty>No state change yet: the manager is a candidate.</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>When</th>
          <th>From</th>
          <th>To</th>
          <th>Why</th>
          <th>By</th>
          <th>Approval</th>
        </tr>
      </thead>
      <tbody>
        {view.history.map((h) => (
          <tr key={h.id}>
            <td>{h.at.slice(0, 16).replace('T', ' ')}</td>
            <td>{h.fromStatus}</td>
            <td>
              <Badge>{h.toStatus}</Badge>
            </td>
            <td>{h.notes}</td>
            <td>{h.actor}</td>
            <td>
              <ApprovalLink requestId={h.requestId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const NEXT: Readonly<Record<string, readonly string[]>> = {
  candidate: ['under_review', 'terminated'],
  under_review: ['terminated'],
  approved: ['active', 'terminated'],
  active: ['on_watch', 'terminated'],
  on_watch: ['active', 'terminated'],
  terminated: [],
};

const SECTIONS = ['custody', 'valuation', 'governance', 'conflicts', 'aml', 'operations'];

function DdForm({ id, done }: { id: string; done: (o: Sent) => void }) {
  const [section, setSection] = useState('custody');
  const [score, setScore] = useState(3);
  const [notes, setNotes] = useState('');
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(`/reserve/managers/${id}/due-diligence`, { section, score, notes }).then(done);
      }}
    >
      <label>
        Section
        <select
          value={section}
          onChange={(e) => {
            setSection(e.target.value);
          }}
        >
          {SECTIONS.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Score (0–5)
        <input
          type="number"
          min={0}
          max={5}
          value={score}
          onChange={(e) => {
            setScore(Number(e.target.value));
          }}
        />
      </label>
      <label>
        Notes
        <input
          value={notes}
          size={30}
          onChange={(e) => {
            setNotes(e.target.value);
          }}
        />
      </label>
      <button type="submit">Score section</button>
    </form>
  );
}

function StatusForm({ view, done }: { view: ManagerView; done: (o: Sent) => void }) {
  const id = view.manager.id;
  const [reason, setReason] = useState('');
  const moves = NEXT[view.manager.status] ?? [];
  return (
    <div className="reserve-form">
      <label>
        Reason
        <input
          value={reason}
          size={30}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
      </label>
      {moves.map((to) => (
        <button
          key={to}
          type="button"
          className="secondary"
          disabled={reason.length === 0}
          onClick={() => void send(`/reserve/managers/${id}/status`, { to, reason }).then(done)}
        >
          Move to {to}
        </button>
      ))}
      {view.manager.status === 'under_review' ? (
        <button
          type="button"
          disabled={reason.length === 0}
          onClick={() => void send(`/reserve/managers/${id}/approval`, { reason }).then(done)}
        >
          Ask the committee to approve
        </button>
      ) : null}
    </div>
  );
}

/** For reserve.managers.manage (the investment committee). */
export function CommitteeActions({ view, onDone }: { view: ManagerView; onDone: () => void }) {
  const [out, setOut] = useState<Sent | null>(null);
  const done = (o: Sent): void => {
    setOut(o);
    if (!('code' in o)) onDone();
  };
  return (
    <div>
      <DdForm id={view.manager.id} done={done} />
      <StatusForm view={view} done={done} />
      {out === null ? null : 'code' in out ? (
        <ProblemNote problem={out} />
      ) : out.requestId === undefined ? (
        <p className="muted">Recorded.</p>
      ) : (
        <p>
          Sent: <ApprovalLink requestId={out.requestId} state="pending_approval" />
        </p>
      )}
    </div>
  );
}
