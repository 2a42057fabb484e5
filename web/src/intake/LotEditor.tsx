import { useState } from 'react';
import { validateAddress } from '../../../src/core/addresses.ts';
import { ASSETS, type AssetCode } from '../../../src/core/assets.ts';
import { parseAmount } from '../../../src/core/money.ts';
import { ASSET_CHAINS, CUSTODY_KINDS } from '../../../src/seizures/model.ts';
import { api } from '../api.ts';
import { useCustodyKindName } from '../pages/seizures-ui.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Authored } from '../ui/common.tsx';
import { sha256OfFile } from '../ui/file-hash.ts';
import { FormField, SelectField } from '../ui/form.tsx';
import { lines, TextArea, useAddressWords, useCodeWords } from './shared.tsx';

/**
 * One lot as the officer types it, checked as it is typed with the server's own rules (the same
 * address validators, the same exact amount parser at the asset's scale): the chain is chosen among
 * the asset's chains, and each evidence file is hashed in the browser; where the deployment keeps
 * files, the file is uploaded under its hash, else only the hash and the name are recorded.
 */
export interface LotDraft {
  readonly asset: AssetCode;
  readonly chain: string;
  readonly amount: string;
  readonly addresses: string;
  readonly txids: string;
  readonly custodyKind: string;
  readonly custodyRef: string;
  readonly evidence: readonly { sha256: string; name: string; stored: boolean }[];
}

export const LOT_ASSETS = Object.keys(ASSET_CHAINS) as AssetCode[];

export function emptyLot(): LotDraft {
  return {
    asset: 'BTC',
    chain: 'BTC',
    amount: '',
    addresses: '',
    txids: '',
    custodyKind: 'seizure_wallet',
    custodyRef: '',
    evidence: [],
  };
}

/** The lot as the intake routes take it. */
export function lotText(l: LotDraft) {
  return {
    asset: l.asset,
    chain: l.chain,
    amount: l.amount.trim(),
    addresses: lines(l.addresses),
    txids: lines(l.txids),
    evidence: l.evidence.map((e) => ({ sha256: e.sha256, name: e.name })),
    custodyKind: l.custodyKind,
    custodyRef: l.custodyRef,
  };
}

/** Hashes a file in the browser and, where the deployment keeps files, uploads it under its hash. */
async function evidenceOf(file: File, store: boolean) {
  const sha256 = await sha256OfFile(file);
  if (!store) return { sha256, name: file.name, stored: false };
  const r = await api(`/seizures/evidence/${sha256}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  return { sha256, name: file.name, stored: r.ok };
}

function AmountField(p: { lot: LotDraft; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const words = useCodeWords();
  const parsed = p.lot.amount === '' ? null : parseAmount(p.lot.amount, p.lot.asset);
  return (
    <FormField
      label={t('intake.lot.amount')}
      name="amount"
      value={p.lot.amount}
      onChange={p.onChange}
      hint={t('intake.lot.scale', { scale: String(ASSETS[p.lot.asset].scale) })}
      error={parsed === null || parsed.ok ? null : words(parsed.code, parsed.message)}
    />
  );
}

function AddressNotes({ chain, text }: { chain: string; text: string }) {
  const { t } = useI18n();
  const words = useAddressWords();
  const typed = lines(text);
  if (typed.length === 0) return null;
  return (
    <ul className="address-checks">
      {typed.map((a, i) => {
        const v = validateAddress(chain, a);
        return (
          <li key={`${String(i)}-${a}`} className={v.ok ? 'ok' : 'error'}>
            <Authored text={a} />: {v.ok ? t('intake.lot.valid') : words(v.code)}
          </li>
        );
      })}
    </ul>
  );
}

function EvidenceField(p: {
  lot: LotDraft;
  store: boolean;
  onChange: (e: LotDraft['evidence']) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const add = async (files: FileList | null) => {
    if (files === null) return;
    setBusy(true);
    const added = await Promise.all([...files].map((f) => evidenceOf(f, p.store)));
    setBusy(false);
    p.onChange([...p.lot.evidence, ...added]);
  };
  return (
    <div className="form-field">
      <label>
        {t('intake.lot.evidence')}{' '}
        <input
          type="file"
          name="evidence"
          multiple
          onChange={(e) => {
            void add(e.target.files);
          }}
        />
      </label>
      <small className="muted">
        {p.store ? t('intake.lot.evidenceStored') : t('intake.lot.evidenceKept')}
      </small>
      {busy ? <p role="status">{t('intake.lot.hashing')}</p> : null}
      <ul className="evidence">
        {p.lot.evidence.map((e) => (
          <li key={e.sha256} data-sha256={e.sha256}>
            <Authored text={e.name} /> <code>{e.sha256}</code> —{' '}
            {e.stored ? t('intake.lot.stored') : t('intake.lot.notStored')}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LotEditor(p: {
  n: number;
  lot: LotDraft;
  store: boolean;
  onChange: (l: LotDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useI18n();
  const kind = useCustodyKindName();
  const l = p.lot;
  const set = (k: keyof LotDraft) => (v: string) => {
    p.onChange({ ...l, [k]: v });
  };
  const chains = ASSET_CHAINS[l.asset] ?? [];
  return (
    <fieldset aria-label={t('intake.lot.title', { n: String(p.n) })}>
      <legend>{t('intake.lot.title', { n: String(p.n) })}</legend>
      <SelectField
        label={t('intake.lot.asset')}
        name="asset"
        value={l.asset}
        options={LOT_ASSETS.map((a) => [a, a])}
        onChange={(v) => {
          const asset = v as AssetCode;
          p.onChange({ ...l, asset, chain: ASSET_CHAINS[asset]?.[0] ?? '' });
        }}
      />
      <SelectField
        label={t('intake.lot.chain')}
        name="chain"
        value={l.chain}
        options={chains.map((c) => [c, c])}
        onChange={set('chain')}
      />
      <AmountField lot={l} onChange={set('amount')} />
      <TextArea
        label={t('intake.lot.addresses')}
        name="addresses"
        value={l.addresses}
        onChange={set('addresses')}
      />
      <AddressNotes chain={l.chain} text={l.addresses} />
      <TextArea
        label={t('intake.lot.txids')}
        name="txids"
        value={l.txids}
        onChange={set('txids')}
      />
      <SelectField
        label={t('intake.lot.custodyKind')}
        name="custodyKind"
        value={l.custodyKind}
        options={CUSTODY_KINDS.map((k) => [k, kind(k)])}
        onChange={set('custodyKind')}
      />
      <FormField
        label={t('intake.lot.custodyRef')}
        name="custodyRef"
        value={l.custodyRef}
        onChange={set('custodyRef')}
      />
      <EvidenceField
        lot={l}
        store={p.store}
        onChange={(evidence) => {
          p.onChange({ ...l, evidence });
        }}
      />
      {p.onRemove === null ? null : (
        <button type="button" onClick={p.onRemove}>
          {t('intake.lot.remove')}
        </button>
      )}
    </fieldset>
  );
}
