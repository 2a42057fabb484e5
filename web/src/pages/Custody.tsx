import { useState } from 'react';
import type { z } from 'zod';
import { awaitingSignature } from '../../../src/console/tasks.ts';
import {
  HandoffProposalJson,
  HandoffSignedJson,
  SeizuresHandoffsJson,
  SeizuresHandoffsProposalsCancelPostJson,
  SeizuresLotsJson,
  SeizuresOfficersJson,
} from '../../../src/seizures/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import {
  OrganisationName,
  shortId,
  useDates,
  useOrganisationName,
  usePersonName,
} from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { SignControls, SigningProblem, type SignedContent } from '../console/signing.tsx';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { Authored, Empty, Link, ProblemNote } from '../ui/common.tsx';
import { Money } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi, type Fetched } from '../useApi.ts';
import { Badge, CursorPager, useCustodyKindName, useStateName } from './seizures-ui.tsx';

/**
 * Custody: who holds each lot, the hand-offs between agencies and who has signed each, and, for
 * officers who may, proposing a hand-off. Kazna fixes the text; then the releasing and the receiving
 * officer, each logged in in their own browser, find it waiting for them and sign it with a passkey
 * or their browser key. The server checks each signature; no private key ever reaches it.
 */
type LotPage = z.output<typeof SeizuresLotsJson>;
type Lot = LotPage['lots'][number];
type HandoffPage = z.output<typeof SeizuresHandoffsJson>;
type Handoff = HandoffPage['handoffs'][number];
type Officer = z.output<typeof SeizuresOfficersJson>['officers'][number];

const PAGE = 50;

/**
 * A list the API pages with an `after` cursor, narrowed by one filter on the server, so every row
 * can be reached however long the list grows. Changing the filter goes back to the first page.
 */
function usePagedList<S extends z.ZodType>(
  path: (filter: string) => string,
  answer: S,
): {
  page: Fetched<z.output<S>>;
  filter: string;
  setFilter: (f: string) => void;
  cursors: readonly string[];
  setCursors: (c: readonly string[]) => void;
} {
  const [filter, setFilterState] = useState('');
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const after = cursors.at(-1);
  const page = useApi<S>(`${path(filter)}${after === undefined ? '' : `&after=${after}`}`, answer);
  const setFilter = (f: string): void => {
    setFilterState(f);
    setCursors([]);
  };
  return { page, filter, setFilter, cursors, setCursors };
}

type Paged<S extends z.ZodType> = ReturnType<typeof usePagedList<S>>;

function Holdings({ list }: { list: Paged<typeof SeizuresLotsJson> }) {
  const { t } = useI18n();
  const org = useOrganisationName();
  const orgs = useSession().directory?.organisations ?? [];
  const data = list.page.data;
  return (
    <>
      <select
        aria-label={t('custody.holder')}
        value={list.filter}
        onChange={(e) => {
          list.setFilter(e.target.value);
        }}
      >
        <option value="">{t('custody.everyHolder')}</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {data === null ? null : (
        <HoldingsTable
          lots={data.lots}
          empty={
            list.filter === ''
              ? t('custody.noLot')
              : t('custody.holderNoLot', { holder: org(list.filter) })
          }
        />
      )}
      <CursorPager cursors={list.cursors} next={data?.next} onChange={list.setCursors} />
    </>
  );
}

function HoldingsTable({ lots, empty }: { lots: readonly Lot[]; empty: string }) {
  const { t } = useI18n();
  const org = useOrganisationName();
  const kind = useCustodyKindName();
  const state = useStateName();
  const columns: Column<Lot>[] = [
    {
      header: t('seizures.heldBy'),
      cell: (l) => <OrganisationName id={l.custodianOrganisationId} />,
      sort: (l) => org(l.custodianOrganisationId),
    },
    {
      header: t('custody.location'),
      cell: (l) => <span title={l.custodyRef}>{kind(l.custodyKind)}</span>,
      sort: (l) => kind(l.custodyKind),
    },
    {
      header: t('seizures.lot'),
      cell: (l) => <Link to={`/cases/lots/${l.id}`}>{shortId(l.id)}</Link>,
    },
    {
      header: t('custody.held'),
      numeric: true,
      cell: (l) => <Money baseUnits={l.remainingUnits} asset={l.asset} />,
    },
    {
      header: t('seizures.legalStatus'),
      cell: (l) => <Badge value={l.status} />,
      sort: (l) => state(l.status),
    },
  ];
  return (
    <div data-list="lots">
      <DataTable
        rows={lots}
        columns={columns}
        rowKey={(l) => l.id}
        pageSize={PAGE}
        empty={<Empty>{empty}</Empty>}
      />
    </div>
  );
}

function HandoffFilter({ list }: { list: Paged<typeof SeizuresHandoffsJson> }) {
  const { t } = useI18n();
  const state = useStateName();
  return (
    <select
      aria-label={t('custody.state')}
      value={list.filter}
      onChange={(e) => {
        list.setFilter(e.target.value);
      }}
    >
      <option value="">{t('custody.allHandoffs')}</option>
      <option value="pending">{t('custody.pendingSignatures')}</option>
      <option value="completed">{state('completed')}</option>
      <option value="cancelled">{state('cancelled')}</option>
    </select>
  );
}

/** Each officer by name, signed or awaited. */
function Signatures({ h }: { h: Handoff }) {
  const { t } = useI18n();
  const person = usePersonName();
  const side = (id: string, signed: boolean) => (
    <div data-officer={id} data-signed={String(signed)}>
      {t(signed ? 'handoff.signedBy' : 'handoff.awaiting', { name: person(id) })}
    </div>
  );
  if (h.state === 'cancelled') return null;
  return (
    <>
      {side(h.releasingOfficerId, h.signed.releasing)}
      {side(h.receivingOfficerId, h.signed.receiving)}
    </>
  );
}

function Handoffs(props: {
  list: Paged<typeof SeizuresHandoffsJson>;
  onSign: (h: Handoff) => void;
}) {
  const { list } = props;
  const { t } = useI18n();
  const dates = useDates();
  const me = useSession().me ?? null;
  const columns: Column<Handoff>[] = [
    { header: t('seizures.date'), cell: (h) => dates.time(h.at), sort: (h) => h.at },
    {
      header: t('custody.fromTo'),
      cell: (h) => (
        <>
          <OrganisationName id={h.fromOrganisationId} /> →{' '}
          <OrganisationName id={h.toOrganisationId} />
        </>
      ),
    },
    {
      header: t('seizures.lots'),
      cell: (h) => <span title={h.lotIds.join(', ')}>{h.lotIds.map(shortId).join(', ')}</span>,
    },
    {
      header: t('seizures.note'),
      cell: (h) => (
        <>
          <Authored text={h.note} />
          {h.cancelReason === null ? null : (
            <div className="muted">{t('custody.cancelled', { reason: h.cancelReason })}</div>
          )}
        </>
      ),
    },
    { header: t('handoff.signatures'), cell: (h) => <Signatures h={h} /> },
    {
      header: t('custody.state'),
      cell: (h) => (
        <>
          <Badge value={h.state} />{' '}
          {me !== null && awaitingSignature(me, h) ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                props.onSign(h);
              }}
            >
              {t('handoff.sign')}
            </button>
          ) : null}
        </>
      ),
    },
  ];
  const empty = list.filter === '' ? t('custody.noHandoff') : t('custody.noHandoffIn');
  return (
    <>
      <HandoffFilter list={list} />
      {list.page.data === null ? null : (
        <div data-list="handoffs">
          <DataTable
            rows={list.page.data.handoffs}
            columns={columns}
            rowKey={(h) => h.id}
            pageSize={PAGE}
            empty={<Empty>{empty}</Empty>}
          />
        </div>
      )}
      <CursorPager cursors={list.cursors} next={list.page.data?.next} onChange={list.setCursors} />
    </>
  );
}

interface Draft {
  readonly lotIds: string[];
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly releasingOfficerId: string;
  readonly receivingOfficerId: string;
  readonly note: string;
}

/** A labelled choice among named items, with an empty first option. */
function Choice(p: {
  label: string;
  items: readonly { id: string; text: string }[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {p.label}{' '}
      <select
        aria-label={p.label}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      >
        <option value="">—</option>
        {p.items.map((o) => (
          <option key={o.id} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

function LotChecklist(p: {
  held: readonly Lot[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const state = useStateName();
  return (
    <fieldset>
      <legend>{t('seizures.lots')}</legend>
      {p.held.map((l) => (
        <label key={l.id} style={{ display: 'block' }}>
          <input
            type="checkbox"
            checked={p.chosen.includes(l.id)}
            onChange={(e) => {
              p.onChange(
                e.target.checked ? [...p.chosen, l.id] : p.chosen.filter((x) => x !== l.id),
              );
            }}
          />{' '}
          <Authored text={l.custodyRef} /> <code title={l.id}>{shortId(l.id)}</code>{' '}
          <Money baseUnits={l.remainingUnits} asset={l.asset} /> ({state(l.status)})
        </label>
      ))}
    </fieldset>
  );
}

function Parties(p: {
  d: Draft;
  set: (patch: Partial<Draft>) => void;
  officers: readonly Officer[];
}) {
  const { t } = useI18n();
  const person = usePersonName();
  const { d, set, officers } = p;
  const orgs = (useSession().directory?.organisations ?? []).map((o) => ({
    id: o.id,
    text: o.name,
  }));
  const of = (organisationId: string) =>
    officers
      .filter((o) => o.organisationId === organisationId)
      .map((o) => ({
        id: o.id,
        text: `${person(o.id)} (${o.roles.map((r) => t(`role.${r}`)).join(', ')})`,
      }));
  return (
    <>
      <div className="actions">
        <Choice
          label={t('custody.from')}
          items={orgs}
          value={d.fromOrganisationId}
          onChange={(v) => {
            set({ fromOrganisationId: v, lotIds: [], releasingOfficerId: '' });
          }}
        />
        <Choice
          label={t('custody.to')}
          items={orgs}
          value={d.toOrganisationId}
          onChange={(v) => {
            set({ toOrganisationId: v, receivingOfficerId: '' });
          }}
        />
      </div>
      <div className="actions">
        <Choice
          label={t('custody.releasing')}
          items={of(d.fromOrganisationId)}
          value={d.releasingOfficerId}
          onChange={(v) => {
            set({ releasingOfficerId: v });
          }}
        />
        <Choice
          label={t('custody.receiving')}
          items={of(d.toOrganisationId)}
          value={d.receivingOfficerId}
          onChange={(v) => {
            set({ receivingOfficerId: v });
          }}
        />
      </div>
    </>
  );
}

const EMPTY_DRAFT: Draft = {
  lotIds: [],
  fromOrganisationId: '',
  toOrganisationId: '',
  releasingOfficerId: '',
  receivingOfficerId: '',
  note: '',
};

/** A refusal in words when it is one of the hand-off's own codes, else as signing shows it. */
function HandoffProblem({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  if (problem === null) return null;
  const key = `handoff.error.${problem.code}`;
  if (!Object.hasOwn(DICTIONARIES.en, key)) return <SigningProblem problem={problem} />;
  return (
    <p className="error" role="alert" data-code={problem.code}>
      {t(key as Key)}
    </p>
  );
}

function ProposeForm({ onProposed }: { onProposed: () => void }) {
  const { t } = useI18n();
  const officers = useApi('/seizures/officers', SeizuresOfficersJson).data?.officers ?? [];
  const [d, setD] = useState<Draft>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
    setDone(false);
  };
  // The lots the releasing organisation holds, asked of the server so none is missed by paging.
  const heldBy = useApi(
    d.fromOrganisationId === '' ? null : `/seizures/lots?limit=1000&holder=${d.fromOrganisationId}`,
    SeizuresLotsJson,
  );
  const held = heldBy.data?.lots ?? [];
  const submit = async (): Promise<void> => {
    const r = await fetchAnswer('/seizures/handoffs/proposals', HandoffProposalJson, {
      method: 'POST',
      body: JSON.stringify(d),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    setD(EMPTY_DRAFT);
    setDone(true);
    onProposed();
  };
  return (
    <form
      className="card"
      style={{ marginTop: 16 }}
      data-form="propose-handoff"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('handoff.proposeTitle')}</h3>
      <p className="muted">{t('handoff.proposeHelp')}</p>
      <Parties d={d} set={set} officers={officers} />
      {d.fromOrganisationId === '' ? (
        <p className="muted">{t('custody.chooseFrom')}</p>
      ) : held.length === 0 ? (
        <p className="muted">{t('custody.agencyNoLot')}</p>
      ) : (
        <LotChecklist
          held={held}
          chosen={d.lotIds}
          onChange={(ids) => {
            set({ lotIds: ids });
          }}
        />
      )}
      <p>
        <input
          aria-label={t('seizures.note')}
          placeholder={t('custody.notePlaceholder')}
          style={{ width: '100%' }}
          value={d.note}
          onChange={(e) => {
            set({ note: e.target.value });
          }}
        />
      </p>
      <button type="submit" disabled={d.lotIds.length === 0}>
        {t('handoff.propose')}
      </button>
      {done ? (
        <p role="status" data-status="proposed">
          {t('handoff.proposed')}
        </p>
      ) : null}
      <HandoffProblem problem={problem} />
    </form>
  );
}

/**
 * One pending hand-off as the officer about to sign sees it: the exact text, who has signed, and
 * the signing controls. The signature goes to the server at once; the second one records it.
 */
function SignTask({ h, onDone }: { h: Handoff; onDone: (completed: boolean) => void }) {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (signature: SignedContent): Promise<void> => {
    setBusy(true);
    const r = await fetchAnswer(
      `/seizures/handoffs/proposals/${h.id}/signatures`,
      HandoffSignedJson,
      {
        method: 'POST',
        body: JSON.stringify(signature),
      },
    );
    setBusy(false);
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    refresh();
    onDone(r.value.completed);
  };
  const releasing = me?.id === h.releasingOfficerId;
  return (
    <div className="card" style={{ marginTop: 16 }} data-sign={h.id}>
      <h3>{t('handoff.signTitle', { id: shortId(h.id) })}</h3>
      <p>
        <OrganisationName id={h.fromOrganisationId} /> →{' '}
        <OrganisationName id={h.toOrganisationId} />
      </p>
      <p className="muted">{t(releasing ? 'handoff.asReleasing' : 'handoff.asReceiving')}</p>
      <Signatures h={h} />
      <p className="muted">{t('handoff.text')}</p>
      <pre translate="no" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {h.content}
      </pre>
      <SignControls
        content={h.content}
        busy={busy}
        onSigned={(sig) => {
          void submit(sig);
        }}
      />
      <HandoffProblem problem={problem} />
      <CancelProposal
        h={h}
        onDone={() => {
          onDone(false);
        }}
      />
    </div>
  );
}

/** The pending hand-offs that wait for this officer's signature, each ready to sign. */
function MyHandoffs(props: {
  pending: Fetched<HandoffPage>;
  onChange: (completed: boolean) => void;
}) {
  const { t } = useI18n();
  const me = useSession().me ?? null;
  const mine = (props.pending.data?.handoffs ?? []).filter(
    (h) => me !== null && awaitingSignature(me, h),
  );
  return (
    <div data-list="my-handoffs">
      <h2>{t('handoff.mine')}</h2>
      {mine.length === 0 ? <Empty>{t('handoff.mineNone')}</Empty> : null}
      {mine.map((h) => (
        <SignTask key={h.id} h={h} onDone={props.onChange} />
      ))}
    </div>
  );
}

/** A proposal that will not be signed is cancelled with a reason; it stays on record. */
function CancelProposal({ h, onDone }: { h: Handoff; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const cancel = async (): Promise<void> => {
    const r = await fetchAnswer(
      `/seizures/handoffs/proposals/${h.id}/cancel`,
      SeizuresHandoffsProposalsCancelPostJson,
      { method: 'POST', body: JSON.stringify({ reason }) },
    );
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <div style={{ marginTop: 12 }}>
      <input
        aria-label={t('custody.cancelReason')}
        placeholder={t('custody.cancelPlaceholder')}
        style={{ width: '70%' }}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
      />{' '}
      <button
        type="button"
        className="secondary"
        disabled={reason.trim() === ''}
        onClick={() => void cancel()}
      >
        {t('custody.cancel')}
      </button>
      <HandoffProblem problem={problem} />
    </div>
  );
}

export default function Custody() {
  const { t } = useI18n();
  const { can } = useSession();
  const lots = usePagedList(
    (holder) => `/seizures/lots?limit=${String(PAGE)}${holder === '' ? '' : `&holder=${holder}`}`,
    SeizuresLotsJson,
  );
  const handoffs = usePagedList(
    (state) => `/seizures/handoffs?limit=${String(PAGE)}${state === '' ? '' : `&state=${state}`}`,
    SeizuresHandoffsJson,
  );
  // Every pending hand-off, for the ones waiting for me (a page of the list could miss one).
  const pending = useApi('/seizures/handoffs?state=pending&limit=500', SeizuresHandoffsJson);
  const [completed, setCompleted] = useState(false);
  const changed = (done: boolean): void => {
    setCompleted(done);
    pending.reload();
    handoffs.page.reload();
    lots.page.reload();
  };
  return (
    <section>
      <h1>{t('page.custody')}</h1>
      <p className="muted">{t('custody.lead')}</p>
      <ProblemNote problem={lots.page.problem ?? handoffs.page.problem} />
      <MyHandoffs pending={pending} onChange={changed} />
      {completed ? (
        <p role="status" data-status="completed">
          {t('handoff.completed')}
        </p>
      ) : null}
      <h2>{t('custody.byHolder')}</h2>
      <Holdings list={lots} />
      <h2>{t('custody.handoffs')}</h2>
      <Handoffs
        list={handoffs}
        onSign={() => {
          document.querySelector('[data-list="my-handoffs"]')?.scrollIntoView();
        }}
      />
      {can('seizures.custody.handoff') ? (
        <ProposeForm
          onProposed={() => {
            changed(false);
          }}
        />
      ) : null}
    </section>
  );
}
