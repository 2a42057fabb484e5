import { useState } from 'react';
import { SeizuresLotsEarmarkPostJson } from '../../../src/seizures/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';

/**
 * On a forfeited lot's page, the custody officer hands the lot to the reserve ("earmark"): once
 * earmarked, the reserve may sell it or contribute it to a fund manager. A refusal is said in words
 * (the lot is not forfeited, already earmarked, empty), never as a bare code.
 */
export function EarmarkAction(p: {
  lot: { id: string; status: string; remainingUnits: string };
  earmarked: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const [out, setOut] = useState<'done' | Problem | null>(null);
  // The command is the custody officer's alone: others are not offered a button that must fail.
  const custody = me?.roles.includes('custody_officer') === true;
  if (!custody || p.lot.status !== 'forfeited' || (p.earmarked && out !== 'done')) return null;
  const refusal = (problem: Problem): string => {
    const key = `timeline.refused.${problem.code}`;
    return Object.hasOwn(DICTIONARIES.en, key)
      ? t(key as Key)
      : t('timeline.refused.other', { code: problem.code });
  };
  return (
    <div className="card" data-testid="earmark">
      {out === 'done' ? (
        <p role="status">{t('timeline.earmark.done')}</p>
      ) : (
        <>
          <p className="muted">{t('timeline.earmark.lead')}</p>
          <button
            type="button"
            onClick={() => {
              void fetchAnswer(`/seizures/lots/${p.lot.id}/earmark`, SeizuresLotsEarmarkPostJson, {
                method: 'POST',
              }).then((r) => {
                setOut(r.ok ? 'done' : r.problem);
                if (r.ok) p.onDone();
              });
            }}
          >
            {t('timeline.earmark')}
          </button>
        </>
      )}
      {out !== null && out !== 'done' ? (
        <p className="error" role="alert" data-code={out.code}>
          {refusal(out)}
        </p>
      ) : null}
    </div>
  );
}
