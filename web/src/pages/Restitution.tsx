import { useState } from 'react';
import type { z } from 'zod';
import {
  ClaimApprovedJson,
  PayoutJson,
  SeizuresClaimsJson,
  SeizuresLotsClaimsPostJson,
  SeizuresLotsJson,
} from '../../../src/seizures/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { wholeAmount } from '../console/money.ts';
import { shortId, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Authored, Empty, Link, ProblemNote } from '../ui/common.tsx';
import { sha256OfFile, type HashedFile } from '../ui/file-hash.ts';
import { WholeMoney } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import { Badge, CursorPager, useStateName } from './seizures-ui.tsx';

/**
 * Victims' claims per case: what was claimed, approved and paid, and where payouts come from (the
 * lot's custody, or the escrowed fiat of a lot sold in an emergency). A court registrar approves a
 * claim and orders payouts; the server refuses anything above what the lot or its escrow holds.
 */
type Claim = z.output<typeof SeizuresClaimsJson>['claims'][number];

const PAGE = 25;

/** A claimant named by reference (`victim:000417`), its kind in the console's language. */
function Claimant({ reference }: { reference: string }) {
  const { t } = useI18n();
  const shown = reference.startsWith('victim:')
    ? t('restitution.victim', { ref: reference.slice('victim:'.length) })
    : reference;
  return (
    <code title={reference} data-ref={reference}>
      {shown}
    </code>
  );
}

function Action({ claim, onDone }: { claim: Claim; onDone: () => void }) {
  const { t } = useI18n();
  const step =
    claim.status === 'registered' ? 'approve' : claim.status === 'approved' ? 'pay' : null;
  const [amount, setAmount] = useState(step === 'approve' ? claim.claimed : '');
  const [problem, setProblem] = useState<Problem | null>(null);
  if (step === null) return null;
  const run = async (): Promise<void> => {
    const init = { method: 'POST', body: JSON.stringify({ amount }) };
    const path = `/seizures/claims/${claim.id}/${step}`;
    const r =
      step === 'approve'
        ? await fetchAnswer(path, ClaimApprovedJson, init)
        : await fetchAnswer(path, PayoutJson, init);
    if (r.ok) onDone();
    else setProblem(r.problem);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <input
        aria-label={
          step === 'approve' ? t('restitution.amountToApprove') : t('restitution.amountToPay')
        }
        placeholder={claim.asset}
        size={10}
        value={amount}
        onChange={(e) => {
          setAmount(e.target.value);
        }}
      />{' '}
      <button type="submit">
        {step === 'approve' ? t('restitution.approve') : t('restitution.pay')}
      </button>
      <ProblemNote problem={problem} />
    </form>
  );
}

function useColumns(manage: boolean, onDone: () => void): Column<Claim>[] {
  const { t } = useI18n();
  const dates = useDates();
  const state = useStateName();
  const columns: Column<Claim>[] = [
    {
      header: t('restitution.case'),
      cell: (c) => (
        <span style={{ whiteSpace: 'nowrap' }}>{c.caseNumber || shortId(c.caseId)}</span>
      ),
      sort: (c) => c.caseNumber,
    },
    { header: t('restitution.claimant'), cell: (c) => <Claimant reference={c.claimantRef} /> },
    {
      header: t('seizures.lot'),
      cell: (c) => (
        <>
          <Link to={`/cases/lots/${c.lotId}`}>{shortId(c.lotId)}</Link>{' '}
          {c.lotStatus === null ? null : <Badge value={c.lotStatus} />}
        </>
      ),
    },
    {
      header: t('restitution.claimed'),
      numeric: true,
      cell: (c) => <WholeMoney whole={c.claimed} asset={c.asset} />,
    },
    {
      header: t('restitution.approved'),
      numeric: true,
      cell: (c) => (c.approved === null ? '—' : <WholeMoney whole={c.approved} asset={c.asset} />),
    },
    {
      header: t('restitution.paid'),
      numeric: true,
      cell: (c) => <WholeMoney whole={c.paid} asset={c.asset} />,
    },
    {
      header: t('court.claim.lotHolds'),
      numeric: true,
      cell: (c) =>
        c.lotHolds === null ? (
          '—'
        ) : (
          <span data-lot-holds={c.lotHolds}>
            <WholeMoney whole={c.lotHolds} asset={c.asset} />
          </span>
        ),
    },
    {
      header: t('restitution.paidIn'),
      cell: (c) => (
        <>
          {c.asset}{' '}
          <span className="muted">
            {t('restitution.from', { source: t(`seizures.source.${c.source}`) })}
          </span>
        </>
      ),
    },
    {
      header: t('seizures.status'),
      sort: (c) => state(c.status),
      cell: (c) => (
        <>
          <Badge value={c.status} />
          {c.payouts.map((p) => (
            <Payout key={p.id} amount={p.amount} asset={p.asset} at={dates.time(p.at)} />
          ))}
        </>
      ),
    },
  ];
  if (manage)
    columns.push({
      header: t('restitution.decision'),
      cell: (c) => <Action claim={c} onDone={onDone} />,
    });
  return columns;
}

function Payout(p: { amount: string; asset: string; at: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="muted">
      {t('restitution.payout', { amount: wholeAmount(locale, p.amount, p.asset), at: p.at })}
    </div>
  );
}

function ClaimsTable(p: { claims: readonly Claim[]; manage: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const columns = useColumns(p.manage, p.onDone);
  return (
    <DataTable
      rows={p.claims}
      columns={columns}
      rowKey={(c) => c.id}
      pageSize={PAGE}
      empty={<Empty>{t('restitution.none')}</Empty>}
    />
  );
}

/**
 * Registers a victim's claim against a lot found by search: the short id the pages show, the case
 * number, the asset or a part of an address (the server's `q`), so a registrar never types a full
 * id; the lot's full id is what is sent. The claimant is named by a reference, never by name
 * (`victim:E0001`: a kind, a colon and the case file's id), since claims are shown to officials of
 * other agencies. The claim's evidence is hashed here; only its hash and name are sent. The amount
 * is in the lot's asset; the server refuses more decimals than it has.
 */
function RegisterClaim({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState('');
  const [claimantRef, setClaimantRef] = useState('');
  const [amount, setAmount] = useState('');
  const [evidence, setEvidence] = useState<HashedFile | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const q = query.trim();
  const search = q.length < 2 ? null : `/seizures/lots?limit=20&q=${encodeURIComponent(q)}`;
  const found = useApi(search, SeizuresLotsJson).data?.lots ?? [];
  const results = search === null ? [] : found;
  const lot =
    results.find((l) => l.id === picked) ?? (results.length === 1 ? results[0] : undefined);
  const submit = async (): Promise<void> => {
    if (lot === undefined) return;
    const r = await fetchAnswer(`/seizures/lots/${lot.id}/claims`, SeizuresLotsClaimsPostJson, {
      method: 'POST',
      body: JSON.stringify({ claimantRef, amount, evidence }),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    setClaimantRef('');
    setAmount('');
    setEvidence(null);
    onDone();
  };
  return (
    <form
      className="card"
      aria-label={t('restitution.register')}
      data-form="register-claim"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('restitution.register')}</h2>
      <SearchInput
        query={query}
        onChange={(v) => {
          setQuery(v);
          setPicked('');
        }}
      />
      <LotResults results={results} searched={search !== null} lot={lot} onPick={setPicked} />
      <div className="actions">
        <input
          aria-label={t('restitution.claimantRef')}
          placeholder="victim:E0001"
          value={claimantRef}
          onChange={(e) => {
            setClaimantRef(e.target.value);
          }}
        />
        <input
          aria-label={t('restitution.amountClaimed')}
          placeholder={lot?.asset ?? t('restitution.amount')}
          size={12}
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
          }}
        />
        <EvidenceInput onHashed={setEvidence} />
        <button type="submit" disabled={lot === undefined || claimantRef === '' || amount === ''}>
          {t('restitution.registerButton')}
        </button>
      </div>
      <EvidenceHash evidence={evidence} />
      <ProblemNote problem={problem} />
    </form>
  );
}

function SearchInput(p: { query: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <input
        aria-label={t('seizures.lot')}
        placeholder={t('court.claim.search')}
        size={38}
        value={p.query}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      />
    </div>
  );
}

/** The claim's evidence file, hashed here; the file itself is not sent. */
function EvidenceInput({ onHashed }: { onHashed: (f: HashedFile) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('court.claim.evidence')}{' '}
      <input
        type="file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file === undefined) return;
          void sha256OfFile(file).then((sha256) => {
            onHashed({ name: file.name, sha256 });
          });
        }}
      />
    </label>
  );
}

function EvidenceHash({ evidence }: { evidence: HashedFile | null }) {
  if (evidence === null) return null;
  return (
    <p className="muted" data-evidence-hash={evidence.sha256}>
      <Authored text={evidence.name} /> <code translate="no">sha256:{evidence.sha256}</code>
    </p>
  );
}

type FoundLot = z.output<typeof SeizuresLotsJson>['lots'][number];

/** The lots the search found, one to pick; a single match is picked by itself. */
function LotResults(p: {
  results: readonly FoundLot[];
  searched: boolean;
  lot: FoundLot | undefined;
  onPick: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  const state = useStateName();
  if (!p.searched) return null;
  if (p.results.length === 0) return <p className="muted">{t('court.claim.noMatch')}</p>;
  return (
    <fieldset data-list="lot-results">
      <legend>{t('court.claim.found')}</legend>
      {p.results.map((l) => (
        <label key={l.id} data-lot={l.id} style={{ display: 'block' }}>
          <input
            type="radio"
            name="claim-lot"
            checked={p.lot?.id === l.id}
            onChange={() => {
              p.onPick(l.id);
            }}
          />{' '}
          <code translate="no">{shortId(l.id)}</code> · {wholeAmount(locale, l.remaining, l.asset)}{' '}
          · {state(l.status)}
          {/* Lots taken in together share the short id's digits: an address tells them apart. */}
          {l.addresses[0] === undefined ? null : (
            <>
              {' '}
              · <code translate="no">{shortId(l.addresses[0])}</code>
            </>
          )}
        </label>
      ))}
    </fieldset>
  );
}

function Filters(p: {
  caseId: string;
  status: string;
  cases: readonly (readonly [string, string])[];
  onCase: (v: string) => void;
  onStatus: (v: string) => void;
}) {
  const { t } = useI18n();
  const state = useStateName();
  return (
    <div className="actions">
      <select
        aria-label={t('restitution.case')}
        value={p.caseId}
        onChange={(e) => {
          p.onCase(e.target.value);
        }}
      >
        <option value="">{t('restitution.everyCase')}</option>
        {p.cases.map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </select>
      <select
        aria-label={t('seizures.status')}
        value={p.status}
        onChange={(e) => {
          p.onStatus(e.target.value);
        }}
      >
        <option value="">{t('seizures.everyStatus')}</option>
        {['registered', 'approved', 'paid'].map((s) => (
          <option key={s} value={s}>
            {state(s)}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Restitution() {
  const { t } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState('');
  const [caseId, setCaseId] = useState('');
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (status !== '') q.set('status', status);
  if (caseId !== '') q.set('caseId', caseId);
  const after = cursors.at(-1);
  if (after !== undefined) q.set('after', after);
  const { data, problem, reload } = useApi(`/seizures/claims?${q.toString()}`, SeizuresClaimsJson);
  // Case names for the filter, from every claim the caller can see (one unfiltered page).
  const everyPage = useApi('/seizures/claims?limit=500', SeizuresClaimsJson);
  const every = everyPage.data?.claims ?? [];
  const cases = [...new Map(every.map((c) => [c.caseId, c.caseNumber || shortId(c.caseId)]))];
  const manage = can('seizures.restitution.manage');
  return (
    <section>
      <h1>{t('page.restitution')}</h1>
      <p className="muted">{t('restitution.lead')}</p>
      <Filters
        caseId={caseId}
        status={status}
        cases={cases}
        onCase={(v) => {
          setCaseId(v);
          setCursors([]);
        }}
        onStatus={(v) => {
          setStatus(v);
          setCursors([]);
        }}
      />
      <ProblemNote problem={problem} />
      {data === null ? null : <ClaimsTable claims={data.claims} manage={manage} onDone={reload} />}
      <CursorPager cursors={cursors} next={data?.next} onChange={setCursors} />
      {manage ? (
        <RegisterClaim
          onDone={() => {
            reload();
            everyPage.reload();
          }}
        />
      ) : null}
    </section>
  );
}
