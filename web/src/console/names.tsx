import { day, dayTime } from '../portal/format.ts';
import { useI18n } from '../portal/i18n.ts';
import { useSession } from './session.tsx';

/**
 * People and organisations by name, with the id one hover away (and selectable for copying): the
 * directory the session loaded holds the names; an id it does not know is shown shortened, never
 * as a bare machine id in the text.
 */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** Every uuid inside a text (`lot:01a2…`) shortened; the rest of the text as it was. */
export function shortIds(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, shortId);
}

export function usePersonName(): (id: string) => string {
  const { directory } = useSession();
  return (id) => directory?.people.find((p) => p.id === id)?.displayName ?? shortId(id);
}

export function useOrganisationName(): (id: string | null) => string {
  const { directory } = useSession();
  const { t } = useI18n();
  return (id) =>
    id === null
      ? t('console.noOrganisation')
      : (directory?.organisations.find((o) => o.id === id)?.name ?? shortId(id));
}

export function PersonName({ id }: { id: string }) {
  const name = usePersonName();
  return (
    <span className="entity" title={id} data-id={id}>
      {name(id)}
    </span>
  );
}

export function OrganisationName({ id }: { id: string | null }) {
  const name = useOrganisationName();
  return (
    <span className="entity" title={id ?? undefined} data-id={id ?? undefined}>
      {name(id)}
    </span>
  );
}

/**
 * A date (or date and time) in the console's language, through the portal's formatters: they spell
 * Kazakh dates themselves where the browser has no Kazakh data ("2026 M12 7" otherwise).
 */
export function useDates(): { day: (iso: string) => string; time: (iso: string) => string } {
  const { locale } = useI18n();
  return {
    day: (iso) => day(locale, new Date(iso).toISOString()),
    time: (iso) => {
      const text = dayTime(locale, new Date(iso).toISOString());
      return text.endsWith('UTC') ? text : `${text} UTC`;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whom a ledger account belongs to: an organisation or person by name, other owners shortened. */
export function OwnerName({ owner }: { owner: { kind: string; ref: string } }) {
  const { directory } = useSession();
  const named =
    directory?.organisations.find((o) => o.id === owner.ref)?.name ??
    directory?.people.find((p) => p.id === owner.ref)?.displayName;
  const shown = named ?? (UUID.test(owner.ref) ? shortId(owner.ref) : shortIds(owner.ref));
  return (
    <span className="entity" title={owner.ref}>
      {owner.kind.replaceAll('_', ' ')}: {shown}
    </span>
  );
}

/** A long id, shortened, with the whole id on hover and in the copied text. */
export function ShortId({ id }: { id: string }) {
  return (
    <span className="entity" title={id} data-id={id}>
      {shortId(id)}
    </span>
  );
}
