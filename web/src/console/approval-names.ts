import { ReserveDisposalsLotsJson } from '../../../src/disposal/answers.ts';
import { ReserveManagersJson } from '../../../src/reserve/answers.ts';
import { useI18n } from '../portal/i18n.ts';
import { useApi } from '../useApi.ts';
import { wholeAmount } from './money.ts';
import { shortId, usePersonName } from './names.tsx';
import { useSession } from './session.tsx';

/**
 * Names for the ids an approval request carries beyond people: a fund manager by its name, an
 * earmarked lot by its case number, short id and what it holds, for whoever may read the reserve
 * (the committee and risk who vote on a contribution). Anything else falls back to people's names,
 * then to the shortened id.
 */
export function useRequestNames(): (id: string) => string {
  const { can } = useSession();
  const { locale } = useI18n();
  const person = usePersonName();
  const reads = can('reserve.read');
  const managers = useApi(reads ? '/reserve/managers' : null, ReserveManagersJson);
  const lots = useApi(reads ? '/reserve/disposals/lots' : null, ReserveDisposalsLotsJson);
  return (id) => {
    const manager = managers.data?.managers.find((m) => m.id === id);
    if (manager !== undefined) return manager.name;
    const lot = lots.data?.lots.find((l) => l.id === id);
    if (lot !== undefined)
      return `${lot.caseNumber} · ${shortId(lot.id)} · ${wholeAmount(locale, lot.remaining, lot.asset)}`;
    return person(id);
  };
}
