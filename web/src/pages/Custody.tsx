import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { navigate } from '../router.ts';
import { useApi, type Fetched } from '../useApi.ts';
import {
  Badge,
  can,
  CursorPager,
  Empty,
  ProblemLine,
  shortId,
  useMe,
  useOrganisations,
  when,
} from './seizures-ui.tsx';

/**
 * Custody: who holds each lot, the hand-offs between agencies (pending ones wait for signatures),
 * and, for officers who may, a hand-off in two steps. Kazna fixes the text; the releasing and the
 * receiving officer each sign it with their own key, elsewhere, and paste the signature here. The
 * server checks both signatures against their registered keys; no key ever reaches this page.
 */
interface Lot {
  readonly id: string;
  readonly asset: string;
  readonly remaining: string;
  readonly status: string;
  readonly custodyKind: string;
  readonly custodyRef: string;
  readonly custodianOrganisationId: string | null;
}

interface Handoff {
  readonly id: string;
  readonly state: 'pending' | 'completed' | 'cancelled';
  readonly cancelReason: string | null;
  readonly lotIds: string[];
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly releasingOfficerId: string;
  readonly receivingOfficerId: string;
  readonly note: string;
  readonly content: string;
  readonly at: string;
}

interface Officer {
  readonly id: string;
  readonly username: string;
  readonly roles: string[];
  readonly organisationId: string;
}

const PAGE = 50;

/**
 * A list the API pages with an `after` cursor, narrowed by one filter on the server, so every row
 * can be reached however long the list grows. Changing the filter goes back to the first page.
 */
function usePagedList<T extends { next: string | null }>(
  path: (filter: string) => string,
): {
  page: Fetched<T>;
  filter: string;
  setFilter: (f: string) => void;
  cursors: readonly string[];
  setCursors: (c: readonly string[]) => void;
} {
  const [filter, setFilterState] = useState('');
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const after = cursors.at(-1);
  const page = useApi<T>(`${path(filter)}${after === undefined ? '' : `&after=${after}`}`);
  const setFilter = (f: string): void => {
    setFilterState(f);
    setCursors([]);
  };
  return { page, filter, setFilter, cursors, setCursors };
}

type LotPage = { lots: Lot[]; next: string | null };
type HandoffPage = { handoffs: Handoff[]; next: string | null };

function Holdings({ list }: { list: ReturnType<typeof usePagedList<LotPage>> }) {
  const org = useOrganisations();
  const orgs = useApi<{ id: string; name: string }[]>('/governance/organisations').data ?? [];
  const data = list.page.data;
  return (
    <>
      <select
        aria-label="Holder"
        value={list.filter}
        onChange={(e) => {
          list.setFilter(e.target.value);
        }}
      >
        <option value="">Every holder</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {data === null ? null : data.lots.length === 0 ? (
        <Empty>
          {list.filter === ''
            ? 'No lot is visible to your organisation.'
            : `${org(list.filter)} holds no lot that your organisation can see.`}
        </Empty>
      ) : (
        <HoldingsTable lots={data.lots} />
      )}
      <CursorPager cursors={list.cursors} next={data?.next} onChange={list.setCursors} />
    </>
  );
}

function HoldingsTable({ lots }: { lots: readonly Lot[] }) {
  const org = useOrganisations();
  return (
    <>
      <table data-list="lots">
        <thead>
          <tr>
            <th>Held by</th>
            <th>Location</th>
            <th>Lot</th>
            <th className="num">Held</th>
            <th>Legal status</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((l) => (
            <tr
              key={l.id}
              onClick={() => {
                navigate(`/cases/lots/${l.id}`);
              }}
              style={{ cursor: 'pointer' }}
            >
              <td>{org(l.custodianOrganisationId)}</td>
              <td>
                {l.custodyKind.replaceAll('_', ' ')} <span className="muted">{l.custodyRef}</span>
              </td>
              <td>
                <code>{shortId(l.id)}</code>
              </td>
              <td className="num">
                {l.remaining} {l.asset}
              </td>
              <td>
                <Badge value={l.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Handoffs(props: {
  list: ReturnType<typeof usePagedList<HandoffPage>>;
  onSign: ((h: Handoff) => void) | null;
}) {
  const { list } = props;
  const org = useOrganisations();
  const rows = list.page.data?.handoffs ?? [];
  return (
    <>
      <select
        aria-label="State"
        value={list.filter}
        onChange={(e) => {
          list.setFilter(e.target.value);
        }}
      >
        <option value="">All hand-offs</option>
        <option value="pending">Pending signatures</option>
        <option value="completed">Completed</option>
        <option value="cancelled">Cancelled</option>
      </select>
      {list.page.data === null ? null : rows.length === 0 ? (
        <Empty>
          {list.filter === ''
            ? 'No hand-off yet. A hand-off moves lots from one agency to another, signed by both.'
            : `No ${list.filter} hand-off.`}
        </Empty>
      ) : (
        <table data-list="handoffs">
          <thead>
            <tr>
              <th>Date</th>
              <th>From → to</th>
              <th>Lots</th>
              <th>Note</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.id}>
                <td>{when(h.at)}</td>
                <td>
                  {org(h.fromOrganisationId)} → {org(h.toOrganisationId)}
                </td>
                <td>{h.lotIds.map(shortId).join(', ')}</td>
                <td>
                  {h.note}
                  {h.cancelReason === null ? null : (
                    <div className="muted">Cancelled: {h.cancelReason}</div>
                  )}
                </td>
                <td>
                  <Badge value={h.state} />{' '}
                  {h.state === 'pending' && props.onSign !== null ? (
                    <button className="secondary" onClick={() => props.onSign?.(h)}>
                      Add signatures
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager cursors={list.cursors} next={list.page.data?.next} onChange={list.setCursors} />
    </>
  );
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
  };
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

const officerItem = (o: Officer) => ({
  id: o.id,
  text: `${o.username} (${o.roles.join(', ').replaceAll('_', ' ')})`,
});

function LotChecklist(p: {
  held: readonly Lot[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>Lots</legend>
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
          <code>{shortId(l.id)}</code> {l.remaining} {l.asset} ({l.status.replaceAll('_', ' ')})
        </label>
      ))}
    </fieldset>
  );
}

function Parties(p: {
  d: Draft;
  set: (patch: Partial<Draft>) => void;
  orgs: readonly { id: string; name: string }[];
  officers: readonly Officer[];
}) {
  const { d, set, officers } = p;
  const orgs = p.orgs.map((o) => ({ id: o.id, text: o.name }));
  const of = (organisationId: string) =>
    officers.filter((o) => o.organisationId === organisationId).map(officerItem);
  return (
    <>
      <div className="actions">
        <Choice
          label="From"
          items={orgs}
          value={d.fromOrganisationId}
          onChange={(v) => {
            set({ fromOrganisationId: v, lotIds: [], releasingOfficerId: '' });
          }}
        />
        <Choice
          label="To"
          items={orgs}
          value={d.toOrganisationId}
          onChange={(v) => {
            set({ toOrganisationId: v, receivingOfficerId: '' });
          }}
        />
      </div>
      <div className="actions">
        <Choice
          label="Releasing officer"
          items={of(d.fromOrganisationId)}
          value={d.releasingOfficerId}
          onChange={(v) => {
            set({ releasingOfficerId: v });
          }}
        />
        <Choice
          label="Receiving officer"
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

function ProposeForm({ onProposed }: { onProposed: (h: Handoff) => void }) {
  const orgs = useApi<{ id: string; name: string }[]>('/governance/organisations').data ?? [];
  const officers = useApi<{ officers: Officer[] }>('/seizures/officers').data?.officers ?? [];
  const [d, setD] = useState<Draft>({
    lotIds: [],
    fromOrganisationId: '',
    toOrganisationId: '',
    releasingOfficerId: '',
    receivingOfficerId: '',
    note: '',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
  };
  // The lots the releasing organisation holds, asked of the server so none is missed by paging.
  const heldBy = useApi<LotPage>(
    d.fromOrganisationId === '' ? null : `/seizures/lots?limit=1000&holder=${d.fromOrganisationId}`,
  );
  const held = heldBy.data?.lots ?? [];
  const submit = async (): Promise<void> => {
    const r = await api<{ handoffId: string; message: string }>('/seizures/handoffs/proposals', {
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
      <h3>Record a hand-off — 1. what is handed over</h3>
      <Parties d={d} set={set} orgs={orgs} officers={officers} />
      {d.fromOrganisationId === '' ? (
        <p className="muted">Choose the releasing agency to see the lots it holds.</p>
      ) : held.length === 0 ? (
        <p className="muted">That agency holds no lot you can see.</p>
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
          aria-label="Note"
          placeholder="Note (e.g. custody of forfeited lots)"
          style={{ width: '100%' }}
          value={d.note}
          onChange={(e) => {
            set({ note: e.target.value });
          }}
        />
      </p>
      <button type="submit" disabled={d.lotIds.length === 0}>
        Prepare the text to sign
      </button>
      <ProblemLine problem={problem} />
    </form>
  );
}

function SignStep({ h, onDone }: { h: Handoff; onDone: () => void }) {
  const [releasing, setReleasing] = useState('');
  const [receiving, setReceiving] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const record = async (): Promise<void> => {
    const r = await api('/seizures/handoffs', {
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
      <h3>2. Signatures for hand-off {shortId(h.id)}</h3>
      <p className="muted">
        Each officer signs exactly this text (UTF-8) with Ed25519 on their own device, using the key
        registered in Kazna, and gives you the 128-hex-digit signature.
      </p>
      <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{h.content}</pre>
      <SignatureField who="Releasing officer's" value={releasing} onChange={setReleasing} />
      <SignatureField who="Receiving officer's" value={receiving} onChange={setReceiving} />
      <button onClick={() => void record()}>Verify and record the hand-off</button>
      <ProblemLine problem={problem} />
      <CancelProposal h={h} onDone={onDone} />
    </div>
  );
}

function SignatureField(p: { who: string; value: string; onChange: (v: string) => void }) {
  return (
    <p>
      <input
        aria-label={`${p.who} signature`}
        placeholder={`${p.who} signature (hex)`}
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
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const cancel = async (): Promise<void> => {
    const r = await api(`/seizures/handoffs/proposals/${h.id}/cancel`, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    });
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <div style={{ marginTop: 12 }}>
      <input
        aria-label="Reason for cancelling"
        placeholder="Or cancel this proposal: the reason"
        style={{ width: '70%' }}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
      />{' '}
      <button className="secondary" disabled={reason.trim() === ''} onClick={() => void cancel()}>
        Cancel the hand-off
      </button>
      <ProblemLine problem={problem} />
    </div>
  );
}

export default function Custody() {
  const me = useMe();
  const lots = usePagedList<LotPage>(
    (holder) => `/seizures/lots?limit=${String(PAGE)}${holder === '' ? '' : `&holder=${holder}`}`,
  );
  const handoffs = usePagedList<HandoffPage>(
    (state) => `/seizures/handoffs?limit=${String(PAGE)}${state === '' ? '' : `&state=${state}`}`,
  );
  const [signing, setSigning] = useState<Handoff | null>(null);
  const mayHandOff = can(me, 'seizures.custody.handoff');
  return (
    <section>
      <h1>Custody</h1>
      <p className="muted">Who holds each lot, and the signed hand-offs between agencies.</p>
      <ProblemLine problem={lots.page.problem ?? handoffs.page.problem} />
      <h2>Lots by holder</h2>
      <Holdings list={lots} />
      <h2>Hand-offs</h2>
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
