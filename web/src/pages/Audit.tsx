import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  AuditCheckpointsJson,
  AuditKeysJson,
  AuditProofsInclusionJson,
  AuditWitnessesJson,
  BundleJson,
  CheckpointViewJson,
  EntryPageJson,
  EntryViewJson,
} from '../../../src/audit/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { PersonName, shortIds, useDates } from '../console/names.tsx';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { navigate, usePath } from '../router.ts';
import { Empty, Link, Loading, ProblemNote } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';
import {
  createLogChecker,
  fromHex,
  leafHash,
  toHex,
  verifyCheckpoint,
  verifyInclusion,
  type Report,
} from '../../../verifier/src/index.ts';

/**
 * The audit log's screens: entries with filters, an entry with its inclusion proof checked here in
 * the browser (by the same verifier a third party runs), checkpoints, keys and witnesses, and a check
 * of the whole log against its signed checkpoints, with progress. Nothing here trusts the server's
 * word that the log is intact: it recomputes.
 */
type EntryView = z.output<typeof EntryViewJson>;

/** The log's own actors, which are not people: the system itself and the demo's loader. */
function Actor({ id }: { id: string }) {
  const { t } = useI18n();
  if (id === 'system') return <>{t('audit.actor.system')}</>;
  if (id === 'demo') return <>{t('audit.actor.demo')}</>;
  return <PersonName id={id} />;
}

const DEMO_STEPS: Readonly<Record<string, Key>> = {
  'governance-organisations-and-logins': 'audit.demoStep.governance',
  'seizures-kazakhstan-case': 'audit.demoStep.seizures',
  'market-prices': 'audit.demoStep.prices',
  'risk-history': 'audit.demoStep.risk',
  'reserve-allocation': 'audit.demoStep.allocation',
  'reserve-managers': 'audit.demoStep.managers',
  'reserve-disposals': 'audit.demoStep.disposals',
  'transparency-reports': 'audit.demoStep.reports',
};

/** A subject as people read it: ids shortened, the log's own references in words. */
function useSubject(): (subject: string) => string {
  const { t } = useI18n();
  return (subject) => {
    const [prefix = '', rest = ''] = subject.split(/:(.*)/s);
    if (prefix === 'checkpoint') return t('audit.subject.checkpoint', { size: rest });
    if (prefix === 'report_key') return t('audit.subject.reportKey', { key: rest.slice(0, 12) });
    if (prefix === 'demo_step') {
      const key = Object.hasOwn(DEMO_STEPS, rest) ? DEMO_STEPS[rest] : undefined;
      return t('audit.subject.demoStep', { step: key === undefined ? rest : t(key) });
    }
    return shortIds(subject);
  };
}

/** An action in words where the console knows it; otherwise its code, which is what it is. */
function ActionName({ action }: { action: string }) {
  const { t } = useI18n();
  const key = `audit.action.${action}`;
  return Object.hasOwn(DICTIONARIES.en, key) ? (
    <span title={action}>{t(key as Key)}</span>
  ) : (
    <code>{action}</code>
  );
}

export default function Audit() {
  const path = usePath();
  const match = /^\/audit\/entries\/(\d+)$/.exec(path);
  if (match?.[1] !== undefined) return <EntryDetail seq={Number(match[1])} />;
  return <AuditLog />;
}

function AuditLog() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t('audit.title')}</h1>
      <VerifyAll />
      <Entries />
      <Checkpoints />
    </div>
  );
}

interface Filters {
  action: string;
  subject: string;
  actor: string;
  from: string;
  to: string;
}

function query(f: Filters, cursor: number | null): string {
  const q = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(f) as [keyof Filters, string][]) {
    if (v === '') continue;
    q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  if (cursor !== null) q.set('cursor', String(cursor));
  return `/audit/entries?${q.toString()}`;
}

function EntryTable({ entries }: { entries: readonly EntryView[] }) {
  const { t } = useI18n();
  const dates = useDates();
  const subject = useSubject();
  if (entries.length === 0) return <Empty>{t('audit.entries.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>{t('audit.recorded')}</th>
          <th>{t('audit.actor')}</th>
          <th>{t('audit.action')}</th>
          <th>{t('audit.subjects')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr
            key={e.seq}
            className="clickable"
            onClick={() => {
              navigate(`/audit/entries/${e.seq}`);
            }}
          >
            <td>{e.seq}</td>
            <td>{dates.time(e.recordedAt)}</td>
            <td>
              <Actor id={e.actor} />
            </td>
            <td>
              <ActionName action={e.action} />
            </td>
            <td>{e.subjects.map(subject).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Entries() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({
    action: '',
    subject: '',
    actor: '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState(draft);
  const [cursor, setCursor] = useState<number | null>(null);
  const { data, problem } = useApi(query(applied, cursor), EntryPageJson);
  const field = (name: keyof Filters, label: string, type = 'text') => (
    <label>
      {label}{' '}
      <input
        type={type}
        value={draft[name]}
        onChange={(e) => {
          setDraft({ ...draft, [name]: e.target.value });
        }}
      />
    </label>
  );
  return (
    <section>
      <h2>{t('audit.entries')}</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(null);
          setApplied(draft);
        }}
      >
        {field('action', t('audit.action'))}
        {field('subject', t('audit.subject'))}
        {field('actor', t('audit.actor'))}
        {field('from', t('audit.from'), 'datetime-local')}
        {field('to', t('audit.to'), 'datetime-local')}
        <button type="submit">{t('table.filter')}</button>
      </form>
      <ProblemNote problem={problem} />
      {data === null ? (
        problem === null ? (
          <Loading />
        ) : null
      ) : (
        <EntryTable entries={data.entries} />
      )}
      {cursor !== null && (
        <button
          onClick={() => {
            setCursor(null);
          }}
        >
          {t('audit.newest')}
        </button>
      )}
      {data?.nextCursor != null && (
        <button
          onClick={() => {
            setCursor(data.nextCursor);
          }}
        >
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}

/** One step of the check, said at render in the console's language. */
interface CheckLine {
  readonly ok: boolean;
  readonly key: Key;
  readonly vars?: Readonly<Record<string, string>>;
}
type ProofDoc = z.output<typeof AuditProofsInclusionJson>;
type Check =
  { state: 'running' } | { state: 'done'; lines: readonly CheckLine[]; proof: ProofDoc | null };

/** Rehashes the entry, checks its inclusion proof against the latest checkpoint and that signature. */
async function checkEntry(
  entry: EntryView,
): Promise<{ lines: CheckLine[]; proof: ProofDoc | null }> {
  const out: CheckLine[] = [];
  const leaf = leafHash(new TextEncoder().encode(entry.entry));
  out.push({ ok: toHex(leaf) === entry.hash, key: 'audit.check.hash' });
  const cp = await fetchAnswer('/audit/checkpoints/latest', CheckpointViewJson);
  if (!cp.ok || cp.value.size <= entry.seq) {
    out.push({ ok: false, key: 'audit.check.noCheckpoint' });
    return { lines: out, proof: null };
  }
  const keys = await fetchAnswer('/audit/keys', AuditKeysJson);
  const key = keys.ok ? keys.value.keys.find((k) => k.keyId === cp.value.body.keyId) : undefined;
  const sig = key !== undefined && verifyCheckpoint(cp.value, key.publicKey).signature;
  const size = String(cp.value.size);
  out.push({ ok: sig, key: 'audit.check.signed', vars: { size, key: cp.value.body.keyId } });
  const proof = await fetchAnswer(
    `/audit/proofs/inclusion?index=${String(entry.seq)}&size=${size}`,
    AuditProofsInclusionJson,
  );
  const included =
    proof.ok &&
    verifyInclusion(
      leaf,
      entry.seq,
      cp.value.size,
      proof.value.proof.map(fromHex),
      fromHex(cp.value.body.root),
    );
  const hashes = String(proof.ok ? proof.value.proof.length : 0);
  out.push({ ok: included, key: 'audit.check.included', vars: { hashes } });
  return { lines: out, proof: proof.ok ? proof.value : null };
}

/** The proof itself, so whoever reads the page can redo the check by hand or with their own tool. */
function ProofView({ proof }: { proof: ProofDoc }) {
  const { t } = useI18n();
  return (
    <section data-testid="inclusion-proof">
      <h3>{t('timeline.proof.title')}</h3>
      <p>{t('timeline.proof.leaf', { index: proof.index, size: proof.size })}</p>
      <dl>
        <dt>{t('audit.hash')}</dt>
        <dd className="mono">{proof.leafHash}</dd>
        <dt>{t('timeline.proof.root')}</dt>
        <dd className="mono">{proof.root}</dd>
        <dt>{t('timeline.proof.path')}</dt>
        <dd>
          {proof.proof.length === 0 ? (
            t('timeline.proof.none')
          ) : (
            <ol className="mono">
              {proof.proof.map((h, i) => (
                <li key={`${String(i)}-${h}`}>{h}</li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}

function EntryFacts({ data }: { data: EntryView }) {
  const { t } = useI18n();
  const dates = useDates();
  const subject = useSubject();
  return (
    <dl>
      <dt>{t('audit.recorded')}</dt>
      <dd>{dates.time(data.recordedAt)}</dd>
      <dt>{t('audit.actor')}</dt>
      <dd>
        <Actor id={data.actor} />
      </dd>
      <dt>{t('audit.action')}</dt>
      <dd>
        <ActionName action={data.action} />
      </dd>
      <dt>{t('audit.subjects')}</dt>
      <dd>{data.subjects.map(subject).join(', ')}</dd>
      <dt>{t('audit.hash')}</dt>
      <dd className="mono">{data.hash}</dd>
    </dl>
  );
}

function EntryDetail({ seq }: { seq: number }) {
  const { t } = useI18n();
  const { data, problem } = useApi(`/audit/entries/${String(seq)}`, EntryViewJson);
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    if (data === null) return;
    setCheck({ state: 'running' });
    void checkEntry(data).then((r) => {
      setCheck({ state: 'done', ...r });
    });
  }, [data]);
  return (
    <div>
      <p>
        <Link to="/audit">← {t('audit.title')}</Link>
      </p>
      <h1>{t('audit.entry', { seq: String(seq) })}</h1>
      <ProblemNote problem={problem} />
      {data === null && problem === null ? <Loading /> : null}
      {data !== null && (
        <>
          <EntryFacts data={data} />
          <h2>{t('audit.verified')}</h2>
          {check?.state === 'running' && <p>{t('audit.checking')}</p>}
          {check?.state === 'done' && (
            <ul>
              {check.lines.map((l) => (
                <li key={l.key} className={l.ok ? 'ok' : 'error'}>
                  {l.ok ? '✓' : '✗'} {t(l.key, l.vars)}
                </li>
              ))}
            </ul>
          )}
          {check?.state === 'done' && check.proof !== null && <ProofView proof={check.proof} />}
          <h2>{t('audit.payload')}</h2>
          <pre>{JSON.stringify(data.payload, null, 2)}</pre>
          <h2>{t('audit.exact')}</h2>
          <pre className="mono">{data.entry}</pre>
        </>
      )}
    </div>
  );
}

function CheckpointTable() {
  const { t } = useI18n();
  const dates = useDates();
  const cps = useApi('/audit/checkpoints?limit=20', AuditCheckpointsJson);
  if (cps.problem !== null) return <ProblemNote problem={cps.problem} />;
  if (cps.data === null) return <Loading />;
  if (cps.data.checkpoints.length === 0) return <Empty>{t('audit.checkpoints.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th className="num">{t('audit.size')}</th>
          <th>{t('audit.signedAt')}</th>
          <th>{t('audit.root')}</th>
          <th>{t('audit.key')}</th>
          <th>{t('audit.witnesses')}</th>
        </tr>
      </thead>
      <tbody>
        {cps.data.checkpoints.map((c) => (
          <tr key={c.size}>
            <td className="num">{c.size}</td>
            <td>{dates.time(c.body.at)}</td>
            <td className="mono">{c.body.root.slice(0, 16)}…</td>
            <td className="mono">{c.body.keyId}</td>
            <td>{c.cosignatures.map((s) => s.witnessId).join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Checkpoints() {
  const { t } = useI18n();
  const keys = useApi('/audit/keys', AuditKeysJson);
  const witnesses = useApi('/audit/witnesses', AuditWitnessesJson);
  return (
    <section>
      <h2>{t('audit.checkpoints')}</h2>
      <CheckpointTable />
      <h2>{t('audit.keys')}</h2>
      <ProblemNote problem={keys.problem} />
      <ul>
        {(keys.data?.keys ?? []).map((k) => (
          <li key={k.keyId} className="mono">
            {t(k.current ? 'audit.keyCurrent' : 'audit.keyFrom', {
              key: k.keyId,
              seq: String(k.introducedAt),
            })}
            : {k.publicKey}
          </li>
        ))}
      </ul>
      <h2>{t('audit.witnesses')}</h2>
      <ProblemNote problem={witnesses.problem} />
      {witnesses.data?.witnesses.length === 0 ? <Empty>{t('audit.witnesses.none')}</Empty> : null}
      <ul>
        {(witnesses.data?.witnesses ?? []).map((w) => (
          <li key={w.witnessId}>
            {w.name} <span className="mono">{w.witnessId}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Downloads the bundle and checks it here, in slices, yielding so the progress bar can move. */
async function verifyInBrowser(
  onProgress: (done: number, total: number) => void,
): Promise<Report | Problem> {
  const r = await fetchAnswer('/audit/export', BundleJson);
  if (!r.ok) return r.problem;
  const b = r.value;
  const checker = createLogChecker({
    checkpoints: b.checkpoints,
    consistency: b.consistency.map((c) => ({
      from: Number(c.from),
      to: Number(c.to),
      proof: c.proof,
    })),
    origin: b.origin,
  });
  const slice = 2000;
  for (let i = 0; i < b.entries.length; i += slice) {
    b.entries.slice(i, i + slice).forEach((text, j) => {
      checker.push(i + j, text);
    });
    onProgress(Math.min(i + slice, b.entries.length), b.entries.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return checker.finish();
}

function VerifyResult({ result }: { result: Report }) {
  const { t, locale } = useI18n();
  const n = (x: number): string => new Intl.NumberFormat(locale).format(x);
  const finding = result.findings[0];
  return (
    <p className={result.ok ? 'ok' : 'error'}>
      {result.ok
        ? `✓ ${t('audit.verify.ok', {
            entries: n(result.entriesChecked),
            checkpoints: n(result.checkpointsChecked),
            root: result.root ?? '',
          })}`
        : `✗ ${t('audit.verify.failed')}${finding === undefined ? '' : ` (${finding.code})`}`}
    </p>
  );
}

function VerifyAll() {
  const { t } = useI18n();
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const [result, setResult] = useState<Report | Problem | null>(null);
  return (
    <section>
      <button
        disabled={progress !== null && result === null}
        onClick={() => {
          setResult(null);
          setProgress([0, 1]);
          void verifyInBrowser((d, total) => {
            setProgress([d, total]);
          }).then(setResult);
        }}
      >
        {t('audit.verify')}
      </button>
      {progress !== null && (
        <progress value={progress[0]} max={Math.max(1, progress[1])}>
          {progress[0]}/{progress[1]}
        </progress>
      )}
      {result !== null && 'ok' in result && <VerifyResult result={result} />}
      {result !== null && !('ok' in result) && <ProblemNote problem={result} />}
    </section>
  );
}
