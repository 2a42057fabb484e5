import { useState } from 'react';
import type { z } from 'zod';
import { SeizuresLotEventsJson } from '../../../src/seizures/answers.ts';
import { OrganisationName, PersonName, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { Authored, Link, Loading, ProblemNote, WithAuthored } from '../ui/common.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import { Badge, Empty } from './seizures-ui.tsx';

/**
 * A lot's one timeline: every audit entry that names the lot (intake, screening, each legal
 * decision, splits, hand-offs, earmarking, claims, disposals, contributions, chain checks) and the
 * approval requests they went through, oldest first. Each row says what happened in words, who did
 * it (name, role, organisation), the court order and hashes the entry carries, and links to the
 * entry's page, where its inclusion proof is checked, for those who may read the log. Kinds of
 * entries the console has no words for yet are shown by their code, so none is ever hidden.
 */
export type LotEvent = z.output<typeof SeizuresLotEventsJson>['events'][number];
type Hash = LotEvent['hashes'][number];

function known(key: string): key is Key {
  return Object.hasOwn(DICTIONARIES.en, key);
}

function What({ e }: { e: LotEvent }) {
  const { t } = useI18n();
  const own = `timeline.action.${e.action}`;
  const general = `audit.action.${e.action}`;
  const words = known(own) ? t(own) : known(general) ? t(general) : null;
  return (
    <>
      {words === null ? (
        <>
          {t('timeline.unknownAction')} <code>{e.action}</code>
        </>
      ) : (
        <span title={e.action}>{words}</span>
      )}
      {e.from !== null && e.to !== null ? (
        <div>
          <Badge value={e.from} /> → <Badge value={e.to} />
        </div>
      ) : null}
      {e.via === 'request' ? <div className="muted">{t('timeline.viaRequest')}</div> : null}
    </>
  );
}

function Who({ e }: { e: LotEvent }) {
  const { t } = useI18n();
  if (e.actor === 'system' || e.actor === 'demo') return <>{t('timeline.system')}</>;
  return (
    <>
      <PersonName id={e.actor} />
      <div className="muted">
        {e.by.roles.map((role) => t(`role.${role}`)).join(', ')}
        {e.by.roles.length > 0 && e.by.organisationId !== null ? ' · ' : ''}
        {e.by.organisationId === null ? null : <OrganisationName id={e.by.organisationId} />}
      </div>
    </>
  );
}

/** A hash shortened, the whole value in its title and one click from the clipboard. */
export function HashValue({ sha256 }: { sha256: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <span className="entity" title={sha256} data-hash={sha256}>
      <code>{sha256.slice(0, 12)}…</code>
      <button
        type="button"
        className="copy-id"
        aria-label={copied ? t('timeline.copied') : t('timeline.copy')}
        title={copied ? t('timeline.copied') : t('timeline.copy')}
        onClick={() => {
          void navigator.clipboard.writeText(sha256).then(() => {
            setCopied(true);
          });
        }}
      >
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}

function Refs({ e, names }: { e: LotEvent; names: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const dates = useDates();
  const name = (h: Hash): string | null => h.name ?? names.get(h.sha256) ?? null;
  if (e.courtOrderRef === null && e.orderDate === null && e.hashes.length === 0) return <>—</>;
  return (
    <>
      {e.courtOrderRef === null ? null : (
        <div data-testid="court-order">
          <WithAuthored
            text={t('timeline.courtOrder', { ref: e.courtOrderRef })}
            authored={e.courtOrderRef}
          />{' '}
          {e.orderDate === null ? null : t('timeline.orderDate', { date: dates.day(e.orderDate) })}
        </div>
      )}
      {e.hashes.map((h) => (
        <div key={h.sha256}>
          {t(`timeline.hash.${h.kind}`)}
          {name(h) === null ? null : (
            <>
              {' '}
              <Authored text={name(h) ?? ''} />
            </>
          )}{' '}
          <HashValue sha256={h.sha256} />
        </div>
      ))}
    </>
  );
}

function EntryLink({ seq }: { seq: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  // Without audit.read the entry's page would refuse: the number is shown, not a dead link.
  if (!can('audit.read')) return <span className="muted">{t('timeline.entry', { seq })}</span>;
  return (
    <span title={t('timeline.entryTitle')}>
      <Link to={`/audit/entries/${seq}`}>{t('timeline.entry', { seq })}</Link>
    </span>
  );
}

export function LotEvents({
  lotId,
  evidence,
}: {
  lotId: string;
  /** The lot's evidence files: an entry carries their hashes, the lot their names. */
  evidence: readonly { sha256: string; name: string }[];
}) {
  const { t } = useI18n();
  const dates = useDates();
  const { data, problem } = useApi(`/seizures/lots/${lotId}/events`, SeizuresLotEventsJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const names = new Map(evidence.map((e) => [e.sha256, e.name]));
  const columns: Column<LotEvent>[] = [
    { header: t('timeline.col.when'), cell: (e) => dates.time(e.at), sort: (e) => Number(e.seq) },
    { header: t('timeline.col.what'), cell: (e) => <What e={e} /> },
    { header: t('timeline.col.who'), cell: (e) => <Who e={e} /> },
    { header: t('timeline.col.refs'), cell: (e) => <Refs e={e} names={names} /> },
    { header: t('timeline.col.entry'), cell: (e) => <EntryLink seq={e.seq} /> },
  ];
  return (
    <div data-testid="lot-timeline">
      <p className="muted">{t('timeline.lead')}</p>
      <DataTable
        rows={data.events}
        columns={columns}
        rowKey={(e) => e.seq}
        pageSize={200}
        empty={<Empty>{t('timeline.none')}</Empty>}
      />
    </div>
  );
}
