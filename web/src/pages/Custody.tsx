import { useState } from 'react';
import type { z } from 'zod';
import {
  HandoffProposalJson,
  SeizuresHandoffsJson,
  SeizuresHandoffsPostJson,
  SeizuresHandoffsProposalsCancelPostJson,
  SeizuresLotsJson,
  SeizuresOfficersJson,
} from '../../../src/seizures/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { OrganisationName, shortId, useDates, useOrganisationName } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Authored, Empty, Link, ProblemNote } from '../ui/common.tsx';
import { Money } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi, type Fetched } from '../useApi.ts';
import { Badge, CursorPager, useCustodyKindName, useStateName } from './seizures-ui.tsx';

/**
 * Custody: who holds each lot, the hand-offs between agencies (pending ones wait for signatures),
 * and, for officers who may, a hand-off in two steps. Kazna fixes the text; the releasing and the
 * receiving officer each sign it with their own key, elsewhere, and paste the signature here. The
 * server checks both signatures against their registered keys; no key ever reaches this page.
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

function Handoffs(props: {
  list: Paged<typeof SeizuresHandoffsJson>;
  onSign: ((h: Handoff) => void) | null;
}) {
  const { list } = props;
  const { t } = useI18n();
  const dates = useDates();
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
    { header: t('seizures.lots'), cell: (h) => h.lotIds.map(shortId).join(', ') },
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
    {
      header: t('custody.state'),
      cell: (h) => (
        <>
          <Badge value={h.state} />{' '}
          {h.state === 'pending' && props.onSign !== null ? (
            <button type="button" className="secondary" onClick={() => props.onSign?.(h)}>
              {t('custody.addSignatures')}
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

/** The proposal just made, as the list will show it, so the signing step can open at once. */
function pendingHandoff(d: Draft, p: { handoffId: string; message: string }): Handoff {
  return {
    ...d,
    id: p.handoffId,
    content: p.message,
    state: 'pending',
    cancelReason: null,
    at: '',
    signed: { releasing: false, receiving: false },
  };
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
          <code title={l.id}>{shortId(l.id)}</code>{' '}
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
        text: `${o.username} (${o.roles.map((r) => t(`role.${r}`)).join(', ')})`,
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

function ProposeForm({ onProposed }: { onProposed: (h: Handoff) => void }) {
  const { t } = useI18n();
  const officers = useApi('/seizures/officers', SeizuresOfficersJson).data?.officers ?? [];
  const [d, setD] = useState<Draft>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<Problem | null>(null);
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
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
    onProposed(pendingHandoff(d, r.value));
  };
  return (
    <form
      className="card"
      style={{ marginTop: 16 }}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('custody.proposeTitle')}</h3>
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
        {t('custody.prepare')}
      </button>
      <ProblemNote problem={problem} />
    </form>
  );
}

function SignStep({ h, onDone }: { h: Handoff; onDone: () => void }) {
  const { t } = useI18n();
  const [releasing, setReleasing] = useState('');
  const [receiving, setReceiving] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const record = async (): Promise<void> => {
    const r = await fetchAnswer('/seizures/handoffs', SeizuresHandoffsPostJson, {
      method: 'POST',
      body: JSON.stringify({
        handoffId: h.id,
        lotIds: h.lotIds,
        fromOrganisationId: h.fromOrganisationId,
        toOrganisationId: h.toOrganisationId,
        releasingOfficerId: h.releasingOfficerId,
        receivingOfficerId: h.receivingOfficerId,
        note: h.note,
        releasingSignatureHex: releasing.trim().toLowerCase(),
        receivingSignatureHex: receiving.trim().toLowerCase(),
      }),
    });
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <div className="card" style={{ marginTop: 16 }}>
      <h3>{t('custody.signTitle', { id: shortId(h.id) })}</h3>
      <p className="muted">{t('custody.signHelp')}</p>
      <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{h.content}</pre>
      <SignatureField
        label={t('custody.releasingSignature')}
        value={releasing}
        onChange={setReleasing}
      />
      <SignatureField
        label={t('custody.receivingSignature')}
        value={receiving}
        onChange={setReceiving}
      />
      <button type="button" onClick={() => void record()}>
        {t('custody.record')}
      </button>
      <ProblemNote problem={problem} />
      <CancelProposal h={h} onDone={onDone} />
    </div>
  );
}

function SignatureField(p: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <p>
      <input
        aria-label={p.label}
        placeholder={p.label}
        style={{ width: '100%' }}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      />
    </p>
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
      <ProblemNote problem={problem} />
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
  const [signing, setSigning] = useState<Handoff | null>(null);
  const mayHandOff = can('seizures.custody.handoff');
  return (
    <section>
      <h1>{t('page.custody')}</h1>
      <p className="muted">{t('custody.lead')}</p>
      <ProblemNote problem={lots.page.problem ?? handoffs.page.problem} />
      <h2>{t('custody.byHolder')}</h2>
      <Holdings list={lots} />
      <h2>{t('custody.handoffs')}</h2>
      <Handoffs list={handoffs} onSign={mayHandOff ? setSigning : null} />
      {!mayHandOff ? null : signing === null ? (
        <ProposeForm
          onProposed={(h) => {
            setSigning(h);
            handoffs.page.reload();
          }}
        />
      ) : (
        <SignStep
          h={signing}
          onDone={() => {
            setSigning(null);
            handoffs.page.reload();
            lots.page.reload();
          }}
        />
      )}
    </section>
  );
}
