import { useState } from 'react';
import { DD_SECTIONS } from '../../../src/reserve/model.ts';
import { FormField, SelectField } from '../ui/form.tsx';
import {
  ActorName,
  ApprovalLink,
  Badge,
  codeKey,
  Empty,
  ProblemNote,
  send,
  useFmt,
  type Sent,
} from './common.tsx';
import type { ManagerView } from './types.ts';

/**
 * The due-diligence scorecard (each section's score 0–5, notes and documents by hash), the
 * state history, and the committee's actions: score a section, move the state, ask for approval.
 */
function Documents({
  docs,
}: {
  docs: ManagerView['dueDiligence']['sections'][number]['documents'];
}) {
  const { t } = useFmt();
  if (docs.length === 0) return <span className="muted">{t('reserve.terms.none')}</span>;
  return (
    <>
      {docs.map((d) => (
        <div key={d.sha256} translate="no">
          {d.name}{' '}
          <span className="hash" title={d.sha256}>
            {d.sha256.slice(0, 16)}…
          </span>
        </div>
      ))}
    </>
  );
}

export function Scorecard({ view }: { view: ManagerView }) {
  const f = useFmt();
  const { t } = f;
  const dd = view.dueDiligence;
  return (
    <>
      <p>
        {t('reserve.dd.overall')}{' '}
        {dd.overall === null ? (
          <Badge tone="warn">{t('reserve.dd.overallIncomplete')}</Badge>
        ) : (
          <Badge tone={dd.overall >= 60 ? 'ok' : 'bad'}>{dd.overall} / 100</Badge>
        )}{' '}
        <span className="muted">{t('reserve.dd.needs')}</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('reserve.col.section')}</th>
            <th>{t('reserve.col.score')}</th>
            <th>{t('reserve.col.notes')}</th>
            <th>{t('reserve.col.documents')}</th>
            <th>{t('reserve.col.scored')}</th>
          </tr>
        </thead>
        <tbody>
          {dd.sections.map((s) => (
            <tr key={s.section}>
              <td>{t(codeKey('reserve.ddSection', s.section))}</td>
              <td>
                {s.score === null ? (
                  <span className="muted">{t('reserve.dd.notScored')}</span>
                ) : (
                  <>
                    <span className="ddbar" aria-hidden="true">
                      <span style={{ width: `${(s.score / 5) * 100}%` }} />
                    </span>
                    {s.score} / 5
                  </>
                )}
              </td>
              <td translate="no">{s.notes}</td>
              <td>
                <Documents docs={s.documents} />
              </td>
              <td className="muted">
                {s.scoredAt === null ? (
                  '—'
                ) : (
                  <>
                    {f.day(s.scoredAt)}
                    {s.scoredBy === null ? null : (
                      <>
                        {' · '}
                        <ActorName id={s.scoredBy} />
                      </>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function History({ view }: { view: ManagerView }) {
  const f = useFmt();
  const { t } = f;
  const rows = view.history.filter((h) => h.kind === 'status');
  if (rows.length === 0) return <Empty>{t('reserve.history.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.when')}</th>
          <th>{t('reserve.col.from')}</th>
          <th>{t('reserve.col.to')}</th>
          <th>{t('reserve.col.why')}</th>
          <th>{t('reserve.col.by')}</th>
          <th>{t('reserve.col.approval')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.id}>
            <td>{f.time(h.at)}</td>
            <td>{h.fromStatus === null ? '—' : t(codeKey('reserve.status', h.fromStatus))}</td>
            <td>
              {h.toStatus === null ? (
                '—'
              ) : (
                <Badge>{t(codeKey('reserve.status', h.toStatus))}</Badge>
              )}
            </td>
            <td translate="no">{h.notes}</td>
            <td>
              <ActorName id={h.actor} />
            </td>
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

function DdForm({ id, done }: { id: string; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const [section, setSection] = useState('custody');
  const [score, setScore] = useState('3');
  const [notes, setNotes] = useState('');
  return (
    <form
      className="reserve-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send(`/reserve/managers/${id}/due-diligence`, {
          section,
          score: Number(score),
          notes,
        }).then(done);
      }}
    >
      <SelectField
        label={t('reserve.col.section')}
        name="section"
        value={section}
        options={DD_SECTIONS.map((s): [string, string] => [s, t(codeKey('reserve.ddSection', s))])}
        onChange={setSection}
      />
      <FormField
        label={t('reserve.dd.scoreField')}
        name="score"
        type="number"
        value={score}
        onChange={setScore}
      />
      <FormField label={t('reserve.col.notes')} name="notes" value={notes} onChange={setNotes} />
      <button type="submit">{t('reserve.dd.scoreSection')}</button>
    </form>
  );
}

function StatusForm({ view, done }: { view: ManagerView; done: (o: Sent) => void }) {
  const { t } = useFmt();
  const id = view.manager.id;
  const [reason, setReason] = useState('');
  const moves = NEXT[view.manager.status] ?? [];
  return (
    <div className="reserve-form">
      <FormField label={t('reserve.reason')} name="reason" value={reason} onChange={setReason} />
      {moves.map((to) => (
        <button
          key={to}
          type="button"
          className="secondary"
          disabled={reason.length === 0}
          onClick={() => void send(`/reserve/managers/${id}/status`, { to, reason }).then(done)}
        >
          {t('reserve.moveTo', { status: t(codeKey('reserve.status', to)) })}
        </button>
      ))}
      {view.manager.status === 'under_review' ? (
        <button
          type="button"
          disabled={reason.length === 0}
          onClick={() => void send(`/reserve/managers/${id}/approval`, { reason }).then(done)}
        >
          {t('reserve.askCommittee')}
        </button>
      ) : null}
    </div>
  );
}

/** What a command answered: recorded, sent for approval, or its problem. */
export function SentNote({ out }: { out: Sent | null }) {
  const { t } = useFmt();
  if (out === null) return null;
  if ('code' in out) return <ProblemNote problem={out} />;
  if (out.requestId === undefined) return <p className="muted">{t('reserve.recorded')}</p>;
  return (
    <p>
      {t('reserve.sentForApproval')}{' '}
      <ApprovalLink requestId={out.requestId} state={out.state ?? 'pending_approval'} />
    </p>
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
      <SentNote out={out} />
    </div>
  );
}
