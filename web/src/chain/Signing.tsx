import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { Badge, can, Empty, ProblemLine, shortId, useMe, when } from '../pages/seizures-ui.tsx';
import { CustodyTabs, NoNodes, units, useChainAssets } from './shared.tsx';

/**
 * Signing: custody transactions prepared for offline signing. Kazna never holds a key: officers copy
 * or download the unsigned PSBT (or EVM transaction), sign on their own devices, and paste the result
 * back; the server checks every signature against the registered keys and the approval, and
 * broadcasts once the quorum is in.
 */
interface Event {
  readonly status: string;
  readonly txid: string | null;
  readonly payload: string | null;
  readonly fee: string | null;
  readonly blockHeight: number | null;
  readonly at: string;
}
interface CustodyRow {
  readonly id: string;
  readonly asset: string;
  readonly amount: string;
  readonly destination: string;
  readonly status: string;
  readonly events: Event[];
  readonly walletLabel: string | null;
  readonly threshold: number | null;
  readonly keys: number;
  readonly signers: string[];
  readonly confirmations: number | null;
}

const isEvm = (c: CustodyRow) => c.events.some((e) => e.payload?.startsWith('{') === true);
const eventOf = (c: CustodyRow, s: string) => c.events.find((e) => e.status === s);

function quorum(c: CustodyRow): string {
  if (isEvm(c)) return eventOf(c, 'signed') === undefined ? '0 of 1' : '1 of 1';
  return `${String(c.signers.length)} of ${String(c.threshold ?? '?')} (from ${String(c.keys)} keys)`;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function Payload({ c }: { c: CustodyRow }) {
  const prepared = eventOf(c, 'prepared');
  if (prepared?.payload == null) return null;
  const text = prepared.payload;
  const name = isEvm(c) ? `custody-${shortId(c.id)}.json` : `custody-${shortId(c.id)}.psbt.txt`;
  return (
    <>
      <h3>Unsigned {isEvm(c) ? 'transaction (EIP-1559)' : 'PSBT (base64)'}</h3>
      <p className="muted">
        Fee fixed when prepared: {units(prepared.fee, isEvm(c) ? 'ETH' : c.asset)}. Sign exactly
        this on your own device; anything else is refused.
      </p>
      <textarea readOnly rows={5} style={{ width: '100%' }} value={text} aria-label="Unsigned" />
      <p style={{ display: 'flex', gap: 8 }}>
        <button type="button" onClick={() => void navigator.clipboard.writeText(text)}>
          Copy
        </button>
        <button
          type="button"
          onClick={() => {
            download(name, text);
          }}
        >
          Download
        </button>
      </p>
    </>
  );
}

function Actions({ c, onDone }: { c: CustodyRow; onDone: () => void }) {
  const [signed, setSigned] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [note, setNote] = useState('');
  const step = async (path: string, body: object = {}): Promise<void> => {
    setProblem(null);
    const r = await api<Record<string, unknown>>(`/chain/custody/${c.id}/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setNote(`${path.replace('-', ' ')}: done`);
    setSigned('');
    onDone();
  };
  const submit = () => {
    const text = signed.trim();
    return text.startsWith('0x')
      ? step('signed-transaction', { raw: text })
      : step('signatures', { psbt: text });
  };
  return (
    <>
      {c.status !== 'approved' ? null : (
        <button onClick={() => void step('prepare')}>Prepare the unsigned transaction</button>
      )}
      {c.status !== 'prepared' && !(c.status === 'signed' && !isEvm(c)) ? null : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3>Add a signature</h3>
          <textarea
            rows={4}
            style={{ width: '100%' }}
            aria-label="Signed PSBT or signed raw transaction"
            placeholder={
              isEvm(c) ? 'Signed raw transaction (0x…)' : 'Partially signed PSBT (base64)'
            }
            value={signed}
            onChange={(e) => {
              setSigned(e.target.value);
            }}
          />
          <button type="submit" disabled={signed.trim() === ''}>
            Verify and add
          </button>
        </form>
      )}
      {c.status === 'prepared' || c.status === 'signed' ? (
        <p>
          <button onClick={() => void step('broadcast')}>Broadcast</button>{' '}
          <span className="muted">refused until the quorum is in</span>
        </p>
      ) : null}
      {c.status !== 'broadcast' ? null : (
        <button onClick={() => void step('confirm')}>Record confirmation and post to ledger</button>
      )}
      {note === '' ? null : <p className="muted">{note}</p>}
      <ProblemLine problem={problem} />
    </>
  );
}

function Detail({ c, maySign, onDone }: { c: CustodyRow; maySign: boolean; onDone: () => void }) {
  const sent = eventOf(c, 'broadcast');
  const done = eventOf(c, 'confirmed');
  return (
    <div className="card" style={{ marginTop: 16 }}>
      <h2>
        Custody move {shortId(c.id)} <Badge value={c.status} />
      </h2>
      <p>
        {units(c.amount, c.asset)} from {c.walletLabel ?? 'wallet'} to <code>{c.destination}</code>
      </p>
      <p>
        Quorum: <strong>{quorum(c)}</strong>
        {c.signers.length === 0 ? null : (
          <span className="muted">
            {' '}
            — signed by keys {c.signers.map((s) => s.slice(0, 10)).join(', ')}…
          </span>
        )}
      </p>
      {sent === undefined ? null : (
        <p>
          Broadcast {when(sent.at)} as <code>{sent.txid}</code>;{' '}
          {c.confirmations === null
            ? 'confirmations unknown (node unreachable)'
            : `${String(c.confirmations)} confirmations`}
          {done === undefined
            ? null
            : `; confirmed at block ${String(done.blockHeight)}, fee ${units(done.fee, isEvm(c) ? 'ETH' : c.asset)}`}
        </p>
      )}
      <Payload c={c} />
      {maySign ? <Actions c={c} onDone={onDone} /> : <p className="muted">You may read only.</p>}
    </div>
  );
}

function Table({ rows, onPick }: { rows: CustodyRow[]; onPick: (id: string) => void }) {
  if (rows.length === 0)
    return (
      <Empty>
        No custody move yet. A move starts as an approved <code>chain.custody.move</code> request
        (Approvals); it then appears here to be prepared and signed.
      </Empty>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Move</th>
          <th>Amount</th>
          <th>Destination</th>
          <th>Status</th>
          <th>Signatures</th>
          <th>Confirmations</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id}>
            <td>{shortId(c.id)}</td>
            <td>{units(c.amount, c.asset)}</td>
            <td>
              <code>{c.destination.slice(0, 14)}…</code>
            </td>
            <td>
              <Badge value={c.status} />
            </td>
            <td>{quorum(c)}</td>
            <td>{c.confirmations ?? '—'}</td>
            <td>
              <button
                onClick={() => {
                  onPick(c.id);
                }}
              >
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Signing() {
  const me = useMe();
  const assets = useChainAssets();
  const list = useApi<{ custody: CustodyRow[] }>('/chain/custody');
  const [picked, setPicked] = useState<string | null>(null);
  const rows = list.data?.custody ?? [];
  const open = rows.find((c) => c.id === picked) ?? null;
  const waiting = rows.filter((c) => c.status !== 'confirmed');
  return (
    <section>
      <h1>Custody signing</h1>
      <CustodyTabs current="/custody/signing" />
      <p className="muted">
        Approved moves prepared for offline signing: Kazna never holds a key.
        {rows.length === 0
          ? ''
          : ` ${String(waiting.length)} of ${String(rows.length)} in progress.`}
      </p>
      <ProblemLine problem={list.problem} />
      {assets !== null && assets.length === 0 ? <NoNodes /> : null}
      {list.data === null ? null : <Table rows={rows} onPick={setPicked} />}
      {open === null ? null : (
        <Detail c={open} maySign={can(me, 'chain.custody.sign')} onDone={list.reload} />
      )}
    </section>
  );
}
