import { useEffect, useState } from 'react';
import {
  GovernanceOrganisationsJson,
  GovernanceUsersPostJson,
} from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { OrganisationName } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { restoreSession } from '../pages/LoginSession.ts';
import { Field } from '../pages/Field.tsx';
import { useI18n } from '../portal/i18n.ts';
import { usePath } from '../router.ts';
import { useApi } from '../useApi.ts';
import { Link, Loading, ProblemNote } from '../ui/common.tsx';
import { SelectField } from '../ui/form.tsx';
import { AccountState, RoleList, useUsers, type User } from './shared.tsx';
import UserDetail from './UserDetail.tsx';

/**
 * The administrator's list of people, and the form that creates an account. An account is created
 * without roles: roles are granted by an approval request from the person's own page, so nobody
 * gets power by one administrator's hand alone.
 */
function UserTable({ users }: { users: readonly User[] }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table data-list="users">
        <thead>
          <tr>
            <th>{t('admin.col.name')}</th>
            <th>{t('admin.col.username')}</th>
            <th>{t('admin.col.organisation')}</th>
            <th>{t('admin.col.roles')}</th>
            <th>{t('admin.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-username={u.username}>
              <td>
                <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
              </td>
              <td>{u.username}</td>
              <td>
                <OrganisationName id={u.organisationId} />
              </td>
              <td>
                <RoleList roles={u.roles} />
              </td>
              <td>
                <AccountState user={u} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrganisationSelect(p: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const orgs = useApi('/governance/organisations', GovernanceOrganisationsJson);
  return (
    <SelectField
      label={t('admin.create.organisation')}
      name="organisationId"
      value={p.value}
      options={[
        ['', t('console.noOrganisation')],
        ...(orgs.data ?? []).map((o) => [o.id, o.name] as const),
      ]}
      onChange={p.onChange}
    />
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const submit = async (): Promise<void> => {
    const r = await fetchAnswer('/governance/users', GovernanceUsersPostJson, {
      method: 'POST',
      body: JSON.stringify({
        username,
        displayName,
        organisationId: organisationId === '' ? null : organisationId,
        password,
      }),
    });
    setProblem(r.ok ? null : r.problem);
    if (!r.ok) return;
    setCreated({ id: r.value.id, name: displayName });
    setDisplayName('');
    setUsername('');
    setPassword('');
    onCreated();
    // The names other pages show come from the session's directory, which now has one more.
    session.refresh();
  };
  return (
    <form
      className="card admin-form"
      aria-label={t('admin.create.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('admin.create.title')}</h2>
      <p className="muted">{t('admin.create.lead')}</p>
      <Field
        label={t('admin.create.displayName')}
        name="displayName"
        value={displayName}
        onChange={setDisplayName}
        required
      />
      <Field
        label={t('admin.create.username')}
        name="username"
        value={username}
        onChange={setUsername}
        autoComplete="off"
        required
        hint={t('admin.create.usernameHint')}
      />
      <OrganisationSelect value={organisationId} onChange={setOrganisationId} />
      <Field
        label={t('admin.create.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        required
        hint={t('admin.create.passwordHint')}
      />
      <button type="submit">{t('admin.create.submit')}</button>
      <ProblemNote problem={problem} />
      {created === null ? null : (
        <p className="ok-note" role="status">
          {t('admin.create.done', { name: created.name })}{' '}
          <Link to={`/admin/users/${created.id}`}>
            {t('admin.create.open', { name: created.name })}
          </Link>
        </p>
      )}
    </form>
  );
}

function UserList() {
  const { t } = useI18n();
  const users = useUsers();
  return (
    <div>
      <h1>{t('admin.users.title')}</h1>
      <p className="muted">{t('admin.users.lead')}</p>
      <CreateUser onCreated={users.reload} />
      <ProblemNote problem={users.problem} />
      {users.data === null ? <Loading /> : <UserTable users={users.data} />}
    </div>
  );
}

export default function Users() {
  // After a reload the CSRF token for this page's POSTs comes back from sessionStorage.
  useEffect(restoreSession, []);
  const path = usePath();
  const id = path.startsWith('/admin/users/') ? path.slice('/admin/users/'.length) : '';
  return id === '' ? <UserList /> : <UserDetail id={id} />;
}
