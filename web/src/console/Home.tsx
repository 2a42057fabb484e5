import type { ReactNode } from 'react';
import type { Action } from '../../../src/core/identity.ts';
import { useI18n, type Key } from '../portal/i18n.ts';
import { navigate } from '../router.ts';
import { useDates, useOrganisationName } from './names.tsx';
import { useSession, type TaskList, type Tasks } from './session.tsx';

/**
 * An official's starting point: each list of things waiting for them that their role acts on, the
 * items with a link to where each is done. The same lists give the navigation its counts.
 */
interface Section {
  readonly list: TaskList;
  readonly action: Action;
  readonly page: Key;
  readonly href: (id: string) => string;
}

const SECTIONS: readonly Section[] = [
  {
    list: 'approvals',
    action: 'governance.approvals.vote',
    page: 'page.approvals',
    href: (id) => `/approvals/${id}`,
  },
  {
    list: 'handoffs',
    action: 'seizures.custody.handoff',
    page: 'page.custody',
    href: () => '/custody',
  },
  { list: 'riskAlerts', action: 'risk.alerts.acknowledge', page: 'page.risk', href: () => '/risk' },
  {
    list: 'complianceAlerts',
    action: 'compliance.alerts.manage',
    page: 'page.compliance',
    href: () => '/compliance',
  },
  {
    list: 'claims',
    action: 'seizures.restitution.manage',
    page: 'page.restitution',
    href: () => '/restitution',
  },
  {
    list: 'reports',
    action: 'transparency.reports.publish',
    page: 'page.transparency',
    href: () => '/transparency/reports',
  },
];

function GoLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** One item's line in the console's language, with names instead of ids. */
function useItemText(): (tasks: Tasks, list: TaskList, index: number) => string {
  const { t } = useI18n();
  const dates = useDates();
  const org = useOrganisationName();
  return (tasks, list, i) => {
    switch (list) {
      case 'approvals': {
        const a = tasks.approvals[i];
        if (a === undefined) return '';
        const kind = `kind.${a.kind}`;
        return t('tasks.approvalItem', {
          kind: kind in KIND_KEYS ? t(kind as Key) : a.kind,
          created: dates.day(a.createdAt),
          expires: dates.time(a.expiresAt),
        });
      }
      case 'handoffs': {
        const h = tasks.handoffs[i];
        if (h === undefined) return '';
        return t('tasks.handoffItem', {
          count: String(h.lotCount),
          from: org(h.fromOrganisationId),
          to: org(h.toOrganisationId),
          at: dates.day(h.at),
        });
      }
      case 'riskAlerts': {
        const a = tasks.riskAlerts[i];
        return a === undefined ? '' : t('tasks.riskAlertItem', { subject: a.subject, day: a.day });
      }
      case 'complianceAlerts': {
        const a = tasks.complianceAlerts[i];
        if (a === undefined) return '';
        return t('tasks.complianceItem', { address: a.address, at: dates.day(a.raisedAt) });
      }
      case 'claims': {
        const c = tasks.claims[i];
        return c === undefined ? '' : t('tasks.claimItem', { claimant: c.claimantRef });
      }
      case 'reports': {
        const r = tasks.reports[i];
        return r === undefined ? '' : t('tasks.reportItem', { period: r.period });
      }
    }
  };
}

const KIND_KEYS: Readonly<Record<string, true>> = Object.fromEntries(
  [
    'governance.policy.change',
    'governance.role.change',
    'governance.whitelist.add',
    'governance.service_account.create',
    'ledger.transfer',
    'market.manual_price',
    'seizures.legal.transition',
    'seizures.disposal.auction.create',
    'seizures.disposal.auction.award',
    'seizures.disposal.otc.plan',
    'seizures.disposal.otc.tranche',
    'chain.custody.move',
    'chain.wallet.register',
    'reserve.policy.change',
    'reserve.manager.approve',
    'reserve.onboarding',
    'reserve.subscription',
    'reserve.subscription.cap_exception',
    'reserve.commitment',
    'reserve.capital_call',
  ].map((k) => [`kind.${k}`, true]),
);

function itemId(tasks: Tasks, list: TaskList, i: number): string {
  const item = tasks[list][i];
  if (item === undefined) return '';
  return 'id' in item ? item.id : item.period;
}

function TaskSection({ section, tasks }: { section: Section; tasks: Tasks }) {
  const { t } = useI18n();
  const text = useItemText();
  const items = tasks[section.list];
  return (
    <section className="task-section" aria-labelledby={`tasks-${section.list}`}>
      <h2 id={`tasks-${section.list}`}>
        {t(`tasks.${section.list}`)} <span className="count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('tasks.empty')}</p>
      ) : (
        <ul className="task-list" data-list={section.list}>
          {items.map((_, i) => {
            const id = itemId(tasks, section.list, i);
            return (
              <li key={id}>
                <GoLink to={section.href(id)}>{text(tasks, section.list, i)}</GoLink>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <GoLink to={section.href('').replace(/\/$/, '')}>
          {t('tasks.go', { page: t(section.page) })}
        </GoLink>
      </p>
    </section>
  );
}

export default function Home() {
  const { tasks, can } = useSession();
  const { t } = useI18n();
  if (tasks === null) return <p className="muted">{t('console.loading')}</p>;
  const sections = SECTIONS.filter((s) => can(s.action));
  const waiting = sections.reduce((n, s) => n + tasks[s.list].length, 0);
  return (
    <div className="home">
      <h1>{t('tasks.title')}</h1>
      <p className="muted">{t('tasks.lead')}</p>
      {waiting === 0 ? <p className="ok-note">{t('tasks.none')}</p> : null}
      <div className="task-grid">
        {sections.map((s) => (
          <TaskSection key={s.list} section={s} tasks={tasks} />
        ))}
      </div>
    </div>
  );
}
