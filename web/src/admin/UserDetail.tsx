import { browserNow } from '../ui/clock.ts';
import { useState } from 'react';
import type { z } from 'zod';
import { isRole, ROLES, type Role } from '../../../src/core/identity.ts';
import {
  GovernanceApprovalsJson,
  GovernanceApprovalsPostJson,
  GovernanceUsersUnlockPostJson,
} from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { OrganisationName, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { useApi } from '../useApi.ts';
import { Link, Loading, ProblemNote } from '../ui/common.tsx';
import { CredentialTables, useCredentials } from './CredentialTables.tsx';
import { AccountState, RoleList, useRoleName, useUsers, type User } from './shared.tsx';

/**
 * One person: their account, a form that proposes their roles, and their credentials. The form does
 * not change anything by itself: it opens a `governance.role.change` approval request, which a
 * second administrator and compliance approve on the Approvals page before it is executed.
 */
const ROLE_CHANGE_KIND = 'governance.role.change';

function RoleForm({ user, onSent }: { user: User; onSent: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const roleName = useRoleName();
  const [chosen, setChosen] = useState<readonly Role[]>(user.roles);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const own = session.me?.id === user.id;
  const submit = async (): Promise<void> => {
    const r = await fetchAnswer('/governance/approvals', GovernanceApprovalsPostJson, {
      method: 'POST',
      body: JSON.stringify({
        kind: ROLE_CHANGE_KIND,
        content: { userId: user.id, roles: ROLES.filter((role) => chosen.includes(role)) },
      }),
    });
    setProblem(r.ok ? null : r.problem);
    const id = r.ok ? r.value['id'] : undefined;
    setRequestId(typeof id === 'string' ? id : null);
    // The navigation's count of approvals waiting changes with a new request.
    if (!r.ok) return;
    session.refresh();
    onSent();
  };
  return (
    <form
      className="card admin-form"
      aria-label={t('admin.roles.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('admin.roles.title')}</h2>
      <p className="muted">{own ? t('admin.roles.own') : t('admin.roles.lead')}</p>
      <fieldset>
        <legend>{t('admin.roles.legend')}</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              name="role"
              value={role}
              checked={chosen.includes(role)}
              onChange={(e) => {
                const on = e.target.checked;
                setChosen((c) => (on ? [...c, role] : c.filter((x) => x !== role)));
              }}
            />{' '}
            {roleName(role)}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={own}>
        {t('admin.roles.submit')}
      </button>
      <ProblemNote problem={problem} />
      {requestId === null ? null : (
        <p className="ok-note" role="status" data-testid="role-request">
          {t('admin.roles.sent')}{' '}
          <Link to={`/approvals/${requestId}`}>{t('admin.roles.open')}</Link>
        </p>
      )}
    </form>
  );
}

type PendingList = z.output<typeof GovernanceApprovalsJson>;

/** Role changes for this person that still wait for their quorum, each linked to its request. */
function PendingChanges({ user, pending }: { user: User; pending: PendingList }) {
  const { t } = useI18n();
  const dates = useDates();
  const roleName = useRoleName();
  const mine = pending.flatMap((r) => {
    const content = r['content'] as { userId?: unknown; roles?: unknown } | undefined;
    const { id, createdAt } = r;
    if (r['kind'] !== ROLE_CHANGE_KIND || content?.userId !== user.id) return [];
    if (typeof id !== 'string' || typeof createdAt !== 'string') return [];
    const roles = Array.isArray(content.roles) ? content.roles.filter(isRole) : [];
    return [{ id, createdAt, roles }];
  });
  if (mine.length === 0) return null;
  return (
    <section>
      <h2>{t('admin.roles.pending')}</h2>
      <ul data-list="pending-role-changes">
        {mine.map((r) => (
          <li key={r.id}>
            <Link to={`/approvals/${r.id}`}>
              {t('admin.roles.pendingItem', {
                roles: r.roles.length === 0 ? t('admin.noRoles') : r.roles.map(roleName).join(', '),
                at: dates.time(r.createdAt),
              })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Unlock({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  if (user.lockedUntil === null || new Date(user.lockedUntil).getTime() <= browserNow()) {
    return done ? <p className="ok-note">{t('admin.user.unlocked')}</p> : null;
  }
  return (
    <div>
      <button
        type="button"
        onClick={() => {
          void fetchAnswer(`/governance/users/${user.id}/unlock`, GovernanceUsersUnlockPostJson, {
            method: 'POST',
          }).then((r) => {
            setProblem(r.ok ? null : r.problem);
            setDone(r.ok);
            onDone();
          });
        }}
      >
        {t('admin.user.unlock')}
      </button>
      <ProblemNote problem={problem} />
    </div>
  );
}

function Account({ user, reload }: { user: User; reload: () => void }) {
  const { t } = useI18n();
  return (
    <dl className="card admin-account">
      <dt>{t('admin.col.username')}</dt>
      <dd>{user.username}</dd>
      <dt>{t('admin.col.organisation')}</dt>
      <dd>
        <OrganisationName id={user.organisationId} />
      </dd>
      <dt>{t('admin.col.roles')}</dt>
      <dd data-testid="roles">
        <RoleList roles={user.roles} />
      </dd>
      <dt>{t('admin.col.state')}</dt>
      <dd>
        <AccountState user={user} />
        <Unlock user={user} onDone={reload} />
      </dd>
    </dl>
  );
}

export default function UserDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const users = useUsers();
  const creds = useCredentials(users.data === null ? null : [id]);
  const pending = useApi('/governance/approvals?status=pending', GovernanceApprovalsJson);
  const back = <Link to="/admin/users">{t('admin.user.back')}</Link>;
  if (users.data === null)
    return users.problem === null ? <Loading /> : <ProblemNote problem={users.problem} />;
  const user = users.data.find((u) => u.id === id);
  if (user === undefined)
    return (
      <div>
        <p>{back}</p>
        <p className="empty">{t('admin.user.notFound')}</p>
      </div>
    );
  return (
    <div>
      <p>{back}</p>
      <h1>{user.displayName}</h1>
      <Account user={user} reload={users.reload} />
      <RoleForm key={user.roles.join()} user={user} onSent={pending.reload} />
      <PendingChanges user={user} pending={pending.data ?? []} />
      <h2>{t('admin.creds.title')}</h2>
      <ProblemNote problem={creds.problem} />
      {creds.sets === null ? (
        <Loading />
      ) : (
        <CredentialTables sets={creds.sets} showOwner={false} onChanged={creds.reload} />
      )}
    </div>
  );
}
