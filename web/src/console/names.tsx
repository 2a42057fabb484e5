import { day as spelledDay, dayTime, numbers } from '../portal/format.ts';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { useSession } from './session.tsx';

/**
 * People and organisations by name, with the id one hover away (and selectable for copying): the
 * directory the session loaded holds the names; an id it does not know is shown shortened, never
 * as a bare machine id in the text.
 */
export function shortId(id: string): string {
  // Ids are UUIDv7: the first digits are a timestamp, shared by everything made in the same
  // minute, while the last ones are random. The end tells records apart.
  return id.length > 12 ? `…${id.slice(-8)}` : id;
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
 * A date (or date and time) in the console's language, in UTC. Where the browser has no Kazakh date
 * data, Kazakh dates are spelled by the portal's formatters ("2026 M12 7" otherwise).
 */
export function useDates(): { day: (iso: string) => string; time: (iso: string) => string } {
  const { locale } = useI18n();
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  // A browser without Kazakh data writes "2026 M12 7"; the portal's formatter spells the month.
  if (numbers(locale) !== locale)
    return { day: (iso) => spelledDay(locale, iso), time: (iso) => dayTime(locale, iso) };
  return {
    day: (iso) => day.format(new Date(iso)),
    time: (iso) => `${time.format(new Date(iso))} UTC`,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whom a ledger account belongs to: an organisation or person by name, other owners shortened. */
export function OwnerName({ owner }: { owner: { kind: string; ref: string } }) {
  const { directory } = useSession();
  const { t } = useI18n();
  // The system's own owners (a purpose, a reserve bucket, a lot's escrow) are codes: in words.
  const word = (key: string): string | undefined =>
    Object.hasOwn(DICTIONARIES.en, key) ? t(key as Key) : undefined;
  const lot = /^lot:(.+)$/.exec(owner.ref)?.[1];
  const named =
    directory?.organisations.find((o) => o.id === owner.ref)?.name ??
    directory?.people.find((p) => p.id === owner.ref)?.displayName ??
    word(`owner.ref.${owner.ref}`) ??
    (lot === undefined ? undefined : word('owner.lot')?.replace('{id}', shortId(lot)));
  const shown = named ?? (UUID.test(owner.ref) ? shortId(owner.ref) : shortIds(owner.ref));
  return (
    <span className="entity" title={owner.ref}>
      {word(`owner.kind.${owner.kind}`) ?? owner.kind.replaceAll('_', ' ')}: {shown}
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
