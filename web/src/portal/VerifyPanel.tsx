import { useEffect, useState } from 'react';
import {
  fromHex,
  keyIdOf,
  verifyCheckpoint,
  verifyInclusion,
} from '../../../verifier/src/index.ts';
import { api, type Problem } from '../api.ts';
import { dayTime } from './format.ts';
import { useI18n } from './i18n.ts';
import { isKeyId, pinnedKey, rememberPin } from './pin.ts';
import type { Verification } from './types.ts';

/**
 * Checks, in the visitor's browser and with the standalone verifier's own code, that the latest
 * checkpoint is signed by the published log key and that the audit entries behind the figures on
 * this portal are included in it. Nothing is taken on the server's word: the panel recomputes.
 */
interface Outcome {
  readonly data: Verification;
  readonly keyMatches: boolean;
  readonly signature: boolean;
  readonly included: number;
  readonly excluded: number;
  readonly pending: number;
}

export function checkVerification(v: Verification): Outcome {
  const keyMatches = v.key !== null && keyIdOf(v.key.publicKey) === v.checkpoint.body.keyId;
  const signature = v.key !== null && verifyCheckpoint(v.checkpoint, v.key.publicKey).signature;
  let included = 0;
  let excluded = 0;
  let pending = 0;
  const root = fromHex(v.checkpoint.body.root);
  for (const e of v.entries) {
    if (e.leafHash === null || e.proof === null) {
      pending += 1;
      continue;
    }
    const ok =
      e.seq < v.checkpoint.size &&
      verifyInclusion(fromHex(e.leafHash), e.seq, v.checkpoint.size, e.proof.map(fromHex), root);
    if (ok) included += 1;
    else excluded += 1;
  }
  return { data: v, keyMatches, signature, included, excluded, pending };
}

function Line({ ok, text }: { ok: boolean; text: string }) {
  return (
    <li className={ok ? 'check ok' : 'check bad'} data-ok={ok}>
      <span aria-hidden>{ok ? '✓' : '✗'}</span> {text}
    </li>
  );
}

/** Pins a key id read elsewhere, or forgets the pinned one. */
function PinForm(p: { pinned: string | null; onPin: (keyId: string | null) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const value = draft.trim().toLowerCase();
  if (p.pinned !== null)
    return (
      <p className="small">
        <button
          className="secondary"
          onClick={() => {
            p.onPin(null);
          }}
        >
          {t('verify.unpin')}
        </button>
      </p>
    );
  return (
    <form
      className="pin-form small"
      onSubmit={(e) => {
        e.preventDefault();
        if (isKeyId(value)) p.onPin(value);
      }}
    >
      <label>
        {t('verify.pinPrompt')}{' '}
        <input
          className="mono"
          value={draft}
          placeholder="0123456789abcdef"
          maxLength={16}
          onChange={(e) => {
            setDraft(e.target.value);
          }}
        />
      </label>{' '}
      <button type="submit" disabled={!isKeyId(value)}>
        {t('verify.pin')}
      </button>
      {value !== '' && !isKeyId(value) && <span className="muted"> {t('verify.pinInvalid')}</span>}
    </form>
  );
}

export function VerifyPanel() {
  const { t, locale } = useI18n();
  const [state, setState] = useState<Outcome | Problem | null>(null);
  const [pinned, setPinned] = useState<string | null>(() => pinnedKey(window.location.search));
  useEffect(() => {
    void api<Verification>('/public/verification').then((r) => {
      setState(r.ok ? checkVerification(r.value) : r.problem);
    });
  }, []);
  const pin = (keyId: string | null): void => {
    rememberPin(keyId);
    setPinned(keyId);
  };
  if (state === null)
    return (
      <aside className="card verify-panel" aria-busy="true">
        {t('verify.running')}
      </aside>
    );
  if (!('data' in state))
    return (
      <aside className="card verify-panel" data-verified="none">
        <h2>{t('verify.title')}</h2>
        <p>
          {state.code === 'checkpoint_not_found'
            ? t('verify.none')
            : t('common.error', { detail: state.code })}
        </p>
      </aside>
    );
  const cp = state.data.checkpoint;
  // A pinned key id that differs fails the whole check: the server may have handed over its own key.
  const pinMatches = pinned === null || pinned === cp.body.keyId;
  const verified = state.keyMatches && pinMatches && state.signature && state.excluded === 0;
  const n = state.included + state.excluded;
  return (
    <aside className="card verify-panel" data-verified={verified} aria-live="polite">
      <h2>{t('verify.title')}</h2>
      <p className={verified ? 'verdict ok' : 'verdict bad'} data-testid="verify-status">
        {verified ? `✓ ${t('verify.ok')}` : `✗ ${t('verify.fail')}`}
      </p>
      <dl className="verify-facts">
        <dt>{t('verify.size')}</dt>
        <dd data-testid="checkpoint-size">{cp.size}</dd>
        <dt>{t('verify.root')}</dt>
        <dd className="mono hash">{cp.body.root}</dd>
        <dt>{t('verify.key')}</dt>
        <dd className="mono">{cp.body.keyId}</dd>
        <dt>{t('verify.signedAt')}</dt>
        <dd>{dayTime(locale, cp.body.at)}</dd>
      </dl>
      <ul className="checks">
        <Line ok={state.keyMatches} text={t('verify.keyId')} />
        {pinned !== null && <Line ok={pinMatches} text={t('verify.pinned', { key: pinned })} />}
        <Line ok={state.signature} text={t('verify.sig')} />
        <Line
          ok={state.excluded === 0 && n > 0}
          text={t('verify.inclusion', { ok: String(state.included), n: String(n) })}
        />
      </ul>
      {state.pending > 0 && (
        <p className="muted">{t('verify.pending', { n: String(state.pending) })}</p>
      )}
      <p className="small">{t('verify.meaning')}</p>
      <p className="small muted">{t('verify.limits')}</p>
      <PinForm pinned={pinned} onPin={pin} />
    </aside>
  );
}
