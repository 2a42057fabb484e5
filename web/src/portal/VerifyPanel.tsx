import { useEffect, useState } from 'react';
import {
  fromHex,
  keyIdOf,
  verifyCheckpoint,
  verifyInclusion,
} from '../../../verifier/src/index.ts';
import { noteVerifier, verifyCheckpointNote } from '../../../verifier/src/note.ts';
import { checkLeavesInTiles } from '../../../verifier/src/tiled-log.ts';
import { PublicVerificationJson } from '../../../src/transparency/public/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
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
  /** The same check through the published C2SP tiles; null until (or unless) they answer. */
  readonly tiles: TilesOutcome | null;
}

interface TilesOutcome {
  /** The checkpoint note at /log/checkpoint is signed by the log key and names this root. */
  readonly note: boolean;
  readonly rootMatches: boolean;
  readonly included: number;
  readonly of: number;
}

async function fetchTile(path: string): Promise<Uint8Array | null> {
  const res = await fetch(`/log/${path}`);
  return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
}

/**
 * Reads the log as a monitor would, from the static tiles: verifies the checkpoint note with the log
 * key, folds the hash tiles to its root, and finds each entry's leaf hash in its tile.
 */
export async function checkThroughTiles(v: Verification): Promise<TilesOutcome | null> {
  const res = await fetch('/log/checkpoint');
  if (!res.ok || v.key === null) return null;
  const note = await res.text();
  const origin = note.slice(0, note.indexOf('\n'));
  const verdict = verifyCheckpointNote(note, noteVerifier(origin, fromHex(v.key.publicKey)));
  if (verdict === null) return { note: false, rootMatches: false, included: 0, of: 0 };
  const leaves = v.entries.flatMap((e) =>
    e.leafHash === null ? [] : [{ seq: e.seq, leafHash: fromHex(e.leafHash) }],
  );
  const check = await checkLeavesInTiles(fetchTile, verdict.checkpoint, leaves);
  return {
    note: verdict.problems.length === 0,
    rootMatches: check.rootMatches,
    included: check.included.length,
    of: leaves.filter((l) => l.seq < verdict.checkpoint.size).length,
  };
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
  return { data: v, keyMatches, signature, included, excluded, pending, tiles: null };
}

function Line({ ok, text }: { ok: boolean; text: string }) {
  return (
    <li className={ok ? 'check ok' : 'check bad'} data-ok={ok}>
      <span aria-hidden>{ok ? '✓' : '✗'}</span> {text}
    </li>
  );
}

function TilesLines({ tiles }: { tiles: TilesOutcome }) {
  const { t } = useI18n();
  return (
    <ul className="checks" data-testid="tiles-check">
      <Line ok={tiles.note} text={t('verify.tilesNote')} />
      <Line
        ok={tiles.rootMatches && tiles.included === tiles.of}
        text={t('verify.tilesInclusion', { ok: String(tiles.included), n: String(tiles.of) })}
      />
    </ul>
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
    void fetchAnswer('/public/verification', PublicVerificationJson).then(async (r) => {
      if (!r.ok) {
        setState(r.problem);
        return;
      }
      const outcome = checkVerification(r.value);
      setState(outcome);
      const tiles = await checkThroughTiles(r.value).catch(() => null);
      if (tiles !== null) setState({ ...outcome, tiles });
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
      {state.tiles !== null && <TilesLines tiles={state.tiles} />}
      {state.pending > 0 && (
        <p className="muted">{t('verify.pending', { n: String(state.pending) })}</p>
      )}
      <p className="small">{t('verify.meaning')}</p>
      <p className="small muted">{t('verify.limits')}</p>
      <PinForm pinned={pinned} onPin={pin} />
    </aside>
  );
}
