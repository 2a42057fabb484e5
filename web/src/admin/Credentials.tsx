import { useEffect } from 'react';
import { restoreSession } from '../pages/LoginSession.ts';
import { useI18n } from '../portal/i18n.ts';
import { Loading, ProblemNote } from '../ui/common.tsx';
import { CredentialTables, useCredentials } from './CredentialTables.tsx';
import { useUsers } from './shared.tsx';

/**
 * Every person's API tokens, signing keys and passkeys on one page, for the administrator who must
 * cut one off quickly (a leaked token, a lost laptop) without first finding whose it is.
 */
export default function Credentials() {
  // After a reload the CSRF token for this page's POSTs comes back from sessionStorage.
  useEffect(restoreSession, []);
  const { t } = useI18n();
  const users = useUsers();
  const creds = useCredentials(users.data === null ? null : users.data.map((u) => u.id));
  const problem = users.problem ?? creds.problem;
  return (
    <div>
      <h1>{t('admin.creds.title')}</h1>
      <p className="muted">{t('admin.creds.lead')}</p>
      <ProblemNote problem={problem} />
      {creds.sets === null ? (
        problem === null ? (
          <Loading />
        ) : null
      ) : (
        <CredentialTables sets={creds.sets} showOwner onChanged={creds.reload} />
      )}
    </div>
  );
}
