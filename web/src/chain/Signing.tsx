import { useState } from 'react';
import type { z } from 'zod';
import {
  ChainCustody2Json,
  CustodyBroadcastJson,
  CustodyConfirmedJson,
  CustodyPreparedJson,
  CustodySignaturesJson,
  CustodySignedTransactionJson,
} from '../../../src/chain/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { assetAmount } from '../console/money.ts';
import { shortId, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { Badge } from '../pages/seizures-ui.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, ProblemNote } from '../ui/common.tsx';
import { ShortId } from '../ui/entity.tsx';
import { Money } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import { CustodyTabs, NoNodes, useChainAssets } from './shared.tsx';

/**
 * Signing: custody transactions prepared for offline signing. Kazna never holds a key: officers copy
 * or download the unsigned PSBT (or EVM transaction), sign on their own devices, and paste the result
 * back; the server checks every signature against the registered keys and the approval, and
 * broadcasts once the quorum is in.
 */
type CustodyRow = z.output<typeof ChainCustody2Json>['custody'][number];

const isEvm = (c: CustodyRow) => c.events.some((e) => e.payload?.startsWith('{') === true);
const eventOf = (c: CustodyRow, s: string) => c.events.find((e) => e.status === s);
/** EVM fees are paid in ether whatever the token moved. */
const feeAsset = (c: CustodyRow) => (isEvm(c) ? 'ETH' : c.asset);

function useQuorum(): (c: CustodyRow) => string {
  const { t } = useI18n();
  return (c) =>
    isEvm(c)
      ? t('sign.quorumOne', { signed: eventOf(c, 'signed') === undefined ? '0' : '1' })
      : t('sign.quorum', {
          signed: String(c.signers.length),
          threshold: String(c.threshold ?? '?'),
          keys: String(c.keys),
        });
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
  const { t, locale } = useI18n();
  const prepared = eventOf(c, 'prepared');
  if (prepared?.payload == null) return null;
  const text = prepared.payload;
  const name = isEvm(c) ? `custody-${shortId(c.id)}.json` : `custody-${shortId(c.id)}.psbt.txt`;
  return (
    <>
      <h3>{isEvm(c) ? t('sign.unsignedEvm') : t('sign.unsignedPsbt')}</h3>
      <p className="muted">
        {t('sign.fee', {
          fee: prepared.fee === null ? '—' : assetAmount(locale, prepared.fee, feeAsset(c)),
        })}
      </p>
      <textarea
        readOnly
        rows={5}
        style={{ width: '100%' }}
        value={text}
        aria-label={t('sign.unsigned')}
      />
      <p style={{ display: 'flex', gap: 8 }}>
        <button type="button" onClick={() => void navigator.clipboard.writeText(text)}>
          {t('sign.copy')}
        </button>
        <button
          type="button"
          onClick={() => {
            download(name, text);
          }}
        >
          {t('sign.download')}
        </button>
      </p>
    </>
  );
}

const STEP_ANSWERS = {
  prepare: CustodyPreparedJson,
  signatures: CustodySignaturesJson,
  'signed-transaction': CustodySignedTransactionJson,
  broadcast: CustodyBroadcastJson,
  confirm: CustodyConfirmedJson,
} as const;
type Step = keyof typeof STEP_ANSWERS;

function SignatureForm({ c, onSubmit }: { c: CustodyRow; onSubmit: (text: string) => void }) {
  const { t } = useI18n();
  const [signed, setSigned] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(signed.trim());
        setSigned('');
      }}
    >
      <h3>{t('sign.addSignature')}</h3>
      <textarea
        rows={4}
        style={{ width: '100%' }}
        aria-label={t('sign.signedLabel')}
        placeholder={isEvm(c) ? t('sign.signedEvm') : t('sign.signedPsbt')}
        value={signed}
        onChange={(e) => {
          setSigned(e.target.value);
        }}
      />
      <button type="submit" disabled={signed.trim() === ''}>
        {t('sign.verifyAdd')}
      </button>
    </form>
  );
}

function Actions({ c, onDone }: { c: CustodyRow; onDone: () => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const step = async (path: Step, body: object = {}): Promise<void> => {
    setProblem(null);
    setDone(false);
    const r = await fetchAnswer(`/chain/custody/${c.id}/${path}`, STEP_ANSWERS[path], {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!r.ok) {
      setProblem(r.problem);
      return;
    }
    setDone(true);
    onDone();
  };
  const submit = (text: string) =>
    text.startsWith('0x')
      ? step('signed-transaction', { raw: text })
      : step('signatures', { psbt: text });
  return (
    <>
      {c.status !== 'approved' ? null : (
        <button type="button" onClick={() => void step('prepare')}>
          {t('sign.prepare')}
        </button>
      )}
      {c.status !== 'prepared' && !(c.status === 'signed' && !isEvm(c)) ? null : (
        <SignatureForm c={c} onSubmit={(text) => void submit(text)} />
      )}
      {c.status === 'prepared' || c.status === 'signed' ? (
        <p>
          <button type="button" onClick={() => void step('broadcast')}>
            {t('sign.broadcast')}
          </button>{' '}
          <span className="muted">{t('sign.broadcastHint')}</span>
        </p>
      ) : null}
      {c.status !== 'broadcast' ? null : (
        <button type="button" onClick={() => void step('confirm')}>
          {t('sign.confirm')}
        </button>
      )}
      {done ? <p className="muted">{t('sign.done')}</p> : null}
      <ProblemNote problem={problem} />
    </>
  );
}

function Broadcast({ c }: { c: CustodyRow }) {
  const { t, locale } = useI18n();
  const dates = useDates();
  const sent = eventOf(c, 'broadcast');
  const done = eventOf(c, 'confirmed');
  if (sent === undefined) return null;
  return (
    <p>
      {t('sign.broadcastAt', { at: dates.time(sent.at), txid: sent.txid ?? '—' })}{' '}
      {c.confirmations === null
        ? t('sign.confirmationsUnknown')
        : t('sign.confirmations', { count: String(c.confirmations) })}
      {done === undefined
        ? null
        : t('sign.confirmedAt', {
            height: String(done.blockHeight ?? '—'),
            fee: done.fee === null ? '—' : assetAmount(locale, done.fee, feeAsset(c)),
          })}
    </p>
  );
}

function Detail({ c, maySign, onDone }: { c: CustodyRow; maySign: boolean; onDone: () => void }) {
  const { t, locale } = useI18n();
  const quorum = useQuorum();
  return (
    <div className="card" style={{ marginTop: 16 }}>
      <h2>
        {t('sign.move', { id: shortId(c.id) })} <Badge value={c.status} />
      </h2>
      <p>
        {t('sign.fromTo', {
          amount: assetAmount(locale, c.amount, c.asset),
          wallet: c.walletLabel ?? t('sign.aWallet'),
          destination: c.destination,
        })}
      </p>
      <p>
        {t('sign.quorumLabel')} <strong>{quorum(c)}</strong>
        {c.signers.length === 0 ? null : (
          <span className="muted">
            {' — '}
            {t('sign.signedBy', { keys: c.signers.map((s) => s.slice(0, 10)).join(', ') })}
          </span>
        )}
      </p>
      <Broadcast c={c} />
      <Payload c={c} />
      {maySign ? <Actions c={c} onDone={onDone} /> : <p className="muted">{t('sign.readOnly')}</p>}
    </div>
  );
}

function MovesTable({
  rows,
  onPick,
}: {
  rows: readonly CustodyRow[];
  onPick: (id: string) => void;
}) {
  const { t } = useI18n();
  const quorum = useQuorum();
  const columns: Column<CustodyRow>[] = [
    { header: t('sign.move.header'), cell: (c) => <ShortId id={c.id} />, sort: (c) => c.createdAt },
    {
      header: t('sign.amount'),
      numeric: true,
      cell: (c) => <Money baseUnits={c.amount} asset={c.asset} />,
      sort: (c) => BigInt(c.amount),
    },
    {
      header: t('sign.destination'),
      cell: (c) => <code title={c.destination}>{c.destination.slice(0, 14)}…</code>,
    },
    {
      header: t('seizures.status'),
      cell: (c) => <Badge value={c.status} />,
      sort: (c) => c.status,
    },
    { header: t('sign.signatures'), cell: quorum },
    { header: t('sign.confirmationsHeader'), numeric: true, cell: (c) => c.confirmations ?? '—' },
    {
      header: t('sign.details'),
      cell: (c) => (
        <button
          type="button"
          onClick={() => {
            onPick(c.id);
          }}
        >
          {t('sign.open')}
        </button>
      ),
    },
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(c) => c.id}
      empty={<Empty>{t('sign.none')}</Empty>}
    />
  );
}

export default function Signing() {
  const { t } = useI18n();
  const { can } = useSession();
  const assets = useChainAssets();
  const list = useApi('/chain/custody', ChainCustody2Json);
  const [picked, setPicked] = useState<string | null>(null);
  const rows = list.data?.custody ?? [];
  const open = rows.find((c) => c.id === picked) ?? null;
  const waiting = rows.filter((c) => c.status !== 'confirmed');
  return (
    <section>
      <h1>{t('sign.title')}</h1>
      <CustodyTabs current="/custody/signing" />
      <p className="muted">
        {t('sign.lead')}
        {rows.length === 0
          ? ''
          : ` ${t('sign.progress', { waiting: String(waiting.length), total: String(rows.length) })}`}
      </p>
      <ProblemNote problem={list.problem} />
      {assets !== null && assets.length === 0 ? <NoNodes /> : null}
      {list.data === null ? null : <MovesTable rows={rows} onPick={setPicked} />}
      {open === null ? null : (
        <Detail c={open} maySign={can('chain.custody.sign')} onDone={list.reload} />
      )}
    </section>
  );
}
