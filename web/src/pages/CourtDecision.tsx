import { useState } from 'react';
import type { z } from 'zod';
import { ASSET_CODES, ASSETS } from '../../../src/core/assets.ts';
import { NextStepJson, TransitionOutcomeJson } from '../../../src/seizures/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Authored, Link, ProblemNote } from '../ui/common.tsx';
import { sha256OfFile, type HashedFile } from '../ui/file-hash.ts';
import { Badge, useStateName } from './seizures-ui.tsx';

/**
 * The court's decision panel on a lot's page. The steps come from the server (`nextSteps`, from
 * the model's table): the page offers the open ones and says in words why the others are closed,
 * so it never holds the rules itself. A decision under a court order carries the order's reference,
 * date and the SHA-256 of its document, hashed here; the document is not sent.
 */
type Step = z.output<typeof NextStepJson>;
type Outcome = z.output<typeof TransitionOutcomeJson>;

const FIAT = ASSET_CODES.filter((a) => ASSETS[a].kind === 'fiat');

function Closed({ steps }: { steps: readonly Step[] }) {
  const { t } = useI18n();
  const state = useStateName();
  if (steps.length === 0) return null;
  return (
    <>
      <p className="muted">{t('court.closed')}</p>
      <ul data-list="closed-steps">
        {steps.map((s) => (
          <li key={s.to} data-step={s.to} data-reason={s.reason ?? ''}>
            <Badge value={s.to} /> —{' '}
            {s.reason === 'needs_step_first'
              ? t('court.why.needs_step_first', { to: state(s.to), first: state(s.first ?? '') })
              : t(`court.why.${s.reason ?? 'role_not_allowed'}`)}
          </li>
        ))}
      </ul>
    </>
  );
}

interface Draft {
  to: string;
  ref: string;
  date: string;
  file: HashedFile | null;
  ground: string;
  proceedsAsset: string;
  proceeds: string;
  reason: string;
}

const EMPTY: Draft = {
  to: '',
  ref: '',
  date: '',
  file: null,
  ground: '',
  proceedsAsset: FIAT[0] ?? 'USD',
  proceeds: '',
  reason: '',
};

function body(d: Draft, step: Step | undefined) {
  const order = step?.courtOrder === true;
  return {
    to: d.to,
    courtOrderRef: order ? d.ref : null,
    courtOrderDate: order && d.date !== '' ? d.date : null,
    courtOrderSha256: order ? (d.file?.sha256 ?? null) : null,
    courtOrderName: order ? (d.file?.name ?? null) : null,
    ground: step?.ground === true ? d.ground : null,
    reason: d.reason,
    proceeds:
      d.to === 'emergency_sold' ? { asset: d.proceedsAsset, amount: d.proceeds.trim() } : null,
  };
}

function OrderFields(p: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useI18n();
  const [hashing, setHashing] = useState(false);
  return (
    <div className="actions">
      <label>
        {t('court.orderRef')}{' '}
        <input
          value={p.draft.ref}
          onChange={(e) => {
            p.set({ ref: e.target.value });
          }}
        />
      </label>
      <label>
        {t('court.orderDate')}{' '}
        <input
          type="date"
          value={p.draft.date}
          onChange={(e) => {
            p.set({ date: e.target.value });
          }}
        />
      </label>
      <label>
        {t('court.orderFile')}{' '}
        <input
          type="file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file === undefined) return;
            setHashing(true);
            void sha256OfFile(file).then((sha256) => {
              setHashing(false);
              p.set({ file: { name: file.name, sha256 } });
            });
          }}
        />
      </label>
      {hashing ? <span className="muted">{t('court.hashing')}</span> : null}
      {p.draft.file === null ? null : (
        <p className="muted" data-order-hash={p.draft.file.sha256}>
          {t('court.hash')}: <Authored text={p.draft.file.name} />{' '}
          <code translate="no">sha256:{p.draft.file.sha256}</code>
        </p>
      )}
    </div>
  );
}

function SaleFields(p: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <label>
        {t('court.ground')}{' '}
        <input
          size={40}
          value={p.draft.ground}
          onChange={(e) => {
            p.set({ ground: e.target.value });
          }}
        />
      </label>
      <label>
        {t('court.proceedsAsset')}{' '}
        <select
          value={p.draft.proceedsAsset}
          onChange={(e) => {
            p.set({ proceedsAsset: e.target.value });
          }}
        >
          {FIAT.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('court.proceedsAmount')}{' '}
        <input
          size={14}
          value={p.draft.proceeds}
          onChange={(e) => {
            p.set({ proceeds: e.target.value });
          }}
        />
      </label>
    </div>
  );
}

function Result({ outcome }: { outcome: Outcome | null }) {
  const { t } = useI18n();
  if (outcome === null) return null;
  if (outcome.state === 'applied') {
    return (
      <p role="status" data-outcome="applied">
        {t('court.applied')}
      </p>
    );
  }
  return (
    <p role="status" data-outcome="pending_approval">
      {t('court.pending')}{' '}
      <Link to={`/approvals/${outcome.requestId}`}>{t('court.openRequest')}</Link>
    </p>
  );
}

function StepChoice(p: { open: readonly Step[]; draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useI18n();
  const state = useStateName();
  return (
    <fieldset data-list="open-steps">
      <legend>{t('court.step')}</legend>
      {p.open.map((s) => (
        <label key={s.to} data-step={s.to} style={{ display: 'block' }}>
          <input
            type="radio"
            name="court-step"
            value={s.to}
            checked={p.draft.to === s.to}
            onChange={() => {
              p.set({ to: s.to });
            }}
          />{' '}
          {state(s.to)}
          {s.courtOrder ? <span className="muted"> ({t('court.needsOrder')})</span> : null}
          {s.ground ? <span className="muted"> ({t('court.needsGround')})</span> : null}
        </label>
      ))}
    </fieldset>
  );
}

/** The panel: open steps to choose from, the order's fields where needed, and the closed steps. */
export default function CourtDecision(p: {
  lotId: string;
  steps: readonly Step[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (!can('seizures.legal.transition') || p.steps.length === 0) return null;
  const set = (d: Partial<Draft>): void => {
    setDraft((old) => ({ ...old, ...d }));
  };
  const open = p.steps.filter((s) => s.allowed);
  const chosen = open.find((s) => s.to === draft.to);
  const submit = async (): Promise<void> => {
    const r = await fetchAnswer(`/seizures/lots/${p.lotId}/transitions`, TransitionOutcomeJson, {
      method: 'POST',
      body: JSON.stringify(body(draft, chosen)),
    });
    if (!r.ok) {
      setProblem(r.problem);
      setOutcome(null);
      return;
    }
    setProblem(null);
    setOutcome(r.value);
    setDraft(EMPTY);
    p.onDone();
  };
  return (
    <form
      className="card"
      aria-label={t('court.title')}
      data-form="court-decision"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('court.title')}</h2>
      {open.length === 0 ? null : <p className="muted">{t('court.lead')}</p>}
      {open.length === 0 ? null : <StepChoice open={open} draft={draft} set={set} />}
      {chosen?.courtOrder === true ? <OrderFields draft={draft} set={set} /> : null}
      {chosen?.ground === true ? <SaleFields draft={draft} set={set} /> : null}
      {chosen === undefined ? null : (
        <div className="actions">
          <label>
            {t('court.reason')}{' '}
            <input
              size={60}
              value={draft.reason}
              onChange={(e) => {
                set({ reason: e.target.value });
              }}
            />
          </label>
          <button type="submit">{t('court.record')}</button>
        </div>
      )}
      <ProblemNote problem={problem} />
      <Result outcome={outcome} />
      <Closed steps={p.steps.filter((s) => !s.allowed)} />
    </form>
  );
}
