import { useEffect, useState } from 'react';
import { PersonName, shortIds } from '../console/names.tsx';
import { api, type Problem } from '../api.ts';
import { ProblemNote } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';
import { navigate, usePath } from '../router.ts';
import {
  createLogChecker,
  fromHex,
  leafHash,
  toHex,
  verifyCheckpoint,
  verifyInclusion,
  type Bundle,
  type Report,
  type SignedCheckpoint,
} from '../../../verifier/src/index.ts';

/**
 * The audit log's screens: entries with filters, an entry with its inclusion proof checked here in
 * the browser (by the same verifier a third party runs), checkpoints, keys and witnesses, and a check
 * of the whole log against its signed checkpoints, with progress. Nothing here trusts the server's
 * word that the log is intact: it recomputes.
 */
interface EntryView {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly action: string;
  readonly subjects: readonly string[];
  readonly payload: unknown;
  readonly entry: string;
  readonly hash: string;
}
interface CheckpointView extends SignedCheckpoint {
  readonly size: number;
  readonly cosignatures: readonly { readonly witnessId: string; readonly signature: string }[];
}
interface KeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly introducedAt: number;
  readonly current: boolean;
}
interface WitnessView {
  readonly witnessId: string;
  readonly name: string;
  readonly publicKey: string;
}
interface InclusionDoc {
  readonly index: string;
  readonly size: string;
  readonly leafHash: string;
  readonly root: string;
  readonly proof: readonly string[];
}

export default function Audit() {
  const path = usePath();
  const match = /^\/audit\/entries\/(\d+)$/.exec(path);
  if (match?.[1] !== undefined) return <EntryDetail seq={Number(match[1])} />;
  return (
    <div>
      <h1>Audit log</h1>
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
  return (
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Recorded</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Subjects</th>
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
            <td>{e.recordedAt}</td>
            <td>
              <PersonName id={e.actor} />
            </td>
            <td>{e.action}</td>
            <td>{e.subjects.map(shortIds).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Entries() {
  const [draft, setDraft] = useState<Filters>({
    action: '',
    subject: '',
    actor: '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState(draft);
  const [cursor, setCursor] = useState<number | null>(null);
  const { data, problem } = useApi<{ entries: EntryView[]; nextCursor: number | null }>(
    query(applied, cursor),
  );
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
      <h2>Entries</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(null);
          setApplied(draft);
        }}
      >
        {field('action', 'Action')}
        {field('subject', 'Subject')}
        {field('actor', 'Actor')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit">Filter</button>
      </form>
      <ProblemNote problem={problem} />
      <EntryTable entries={data?.entries ?? []} />
      {cursor !== null && (
        <button
          onClick={() => {
            setCursor(null);
          }}
        >
          Newest
        </button>
      )}
      {data?.nextCursor != null && (
        <button
          onClick={() => {
            setCursor(data.nextCursor);
          }}
        >
          Older
        </button>
      )}
    </section>
  );
}

type Check = { state: 'running' } | { state: 'done'; lines: { ok: boolean; text: string }[] };

/** Rehashes the entry, checks its inclusion proof against the latest checkpoint and that signature. */
async function checkEntry(entry: EntryView): Promise<{ ok: boolean; text: string }[]> {
  const out: { ok: boolean; text: string }[] = [];
  const leaf = leafHash(new TextEncoder().encode(entry.entry));
  out.push({ ok: toHex(leaf) === entry.hash, text: 'the entry text hashes to its recorded hash' });
  const cp = await api<CheckpointView>('/audit/checkpoints/latest');
  if (!cp.ok || cp.value.size <= entry.seq) {
    out.push({ ok: false, text: 'no checkpoint covers this entry yet' });
    return out;
  }
  const keys = await api<{ keys: KeyView[] }>('/audit/keys');
  const key = keys.ok ? keys.value.keys.find((k) => k.keyId === cp.value.body.keyId) : undefined;
  const sig = key !== undefined && verifyCheckpoint(cp.value, key.publicKey).signature;
  out.push({
    ok: sig,
    text: `checkpoint ${cp.value.size} is signed by log key ${cp.value.body.keyId}`,
  });
  const proof = await api<InclusionDoc>(
    `/audit/proofs/inclusion?index=${entry.seq}&size=${cp.value.size}`,
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
  out.push({
    ok: included,
    text: `the inclusion proof (${proof.ok ? proof.value.proof.length : 0} hashes) leads to that checkpoint's root`,
  });
  return out;
}

function EntryDetail({ seq }: { seq: number }) {
  const { data, problem } = useApi<EntryView>(`/audit/entries/${seq}`);
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    if (data === null) return;
    setCheck({ state: 'running' });
    void checkEntry(data).then((lines) => {
      setCheck({ state: 'done', lines });
    });
  }, [data]);
  return (
    <div>
      <p>
        <a
          href="/audit"
          onClick={(e) => {
            e.preventDefault();
            navigate('/audit');
          }}
        >
          ← Audit log
        </a>
      </p>
      <h1>Entry #{seq}</h1>
      <ProblemNote problem={problem} />
      {data !== null && (
        <>
          <dl>
            <dt>Recorded</dt>
            <dd>{data.recordedAt}</dd>
            <dt>Actor</dt>
            <dd>
              <PersonName id={data.actor} />
            </dd>
            <dt>Action</dt>
            <dd>{data.action}</dd>
            <dt>Subjects</dt>
            <dd>{data.subjects.map(shortIds).join(', ')}</dd>
            <dt>Hash</dt>
            <dd className="mono">{data.hash}</dd>
          </dl>
          <h2>Verified in this browser</h2>
          {check?.state === 'running' && <p>checking…</p>}
          {check?.state === 'done' && (
            <ul>
              {check.lines.map((l) => (
                <li key={l.text} className={l.ok ? 'ok' : 'error'}>
                  {l.ok ? '✓' : '✗'} {l.text}
                </li>
              ))}
            </ul>
          )}
          <h2>Payload</h2>
          <pre>{JSON.stringify(data.payload, null, 2)}</pre>
          <h2>Exact text that was hashed</h2>
          <pre className="mono">{data.entry}</pre>
        </>
      )}
    </div>
  );
}

function Checkpoints() {
  const cps = useApi<{ checkpoints: CheckpointView[] }>('/audit/checkpoints?limit=20');
  const keys = useApi<{ keys: KeyView[] }>('/audit/keys');
  const witnesses = useApi<{ witnesses: WitnessView[] }>('/audit/witnesses');
  return (
    <section>
      <h2>Checkpoints</h2>
      <table>
        <thead>
          <tr>
            <th>Size</th>
            <th>Signed at</th>
            <th>Root</th>
            <th>Key</th>
            <th>Witnesses</th>
          </tr>
        </thead>
        <tbody>
          {(cps.data?.checkpoints ?? []).map((c) => (
            <tr key={c.size}>
              <td>{c.size}</td>
              <td>{c.body.at}</td>
              <td className="mono">{c.body.root.slice(0, 16)}…</td>
              <td className="mono">{c.body.keyId}</td>
              <td>{c.cosignatures.map((s) => s.witnessId).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Log keys</h2>
      <ul>
        {(keys.data?.keys ?? []).map((k) => (
          <li key={k.keyId} className="mono">
            {k.keyId} {k.current ? '(current)' : ''} from entry {k.introducedAt}: {k.publicKey}
          </li>
        ))}
      </ul>
      <h2>Witnesses</h2>
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
  const r = await api<Bundle>('/audit/export');
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
    b.entries.slice(i, i + slice).forEach((text, j) => checker.push(i + j, text));
    onProgress(Math.min(i + slice, b.entries.length), b.entries.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return checker.finish();
}

function VerifyAll() {
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const [result, setResult] = useState<Report | Problem | null>(null);
  return (
    <section>
      <button
        disabled={progress !== null && result === null}
        onClick={() => {
          setResult(null);
          setProgress([0, 1]);
          void verifyInBrowser((d, t) => {
            setProgress([d, t]);
          }).then(setResult);
        }}
      >
        Verify the whole log in this browser
      </button>
      {progress !== null && (
        <progress value={progress[0]} max={Math.max(1, progress[1])}>
          {progress[0]}/{progress[1]}
        </progress>
      )}
      {result !== null && 'ok' in result && (
        <p className={result.ok ? 'ok' : 'error'}>
          {result.ok
            ? `✓ ${result.entriesChecked} entries and ${result.checkpointsChecked} signed checkpoints verify; root ${result.root ?? ''}`
            : `✗ ${result.findings[0]?.message ?? 'the log does not verify'}`}
        </p>
      )}
      {result !== null && !('ok' in result) && <ProblemNote problem={result} />}
    </section>
  );
}
