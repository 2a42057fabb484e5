import { useEffect, useState } from 'react';
import type { ApiResult, Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { navigate } from '../router.ts';
import { Field } from './Field.tsx';
import { logIn, logOut, whoAmI, type Me } from './LoginSession.ts';
import { passkeyLogIn } from './Passkeys.ts';

/**
 * Log in with a username and password, or with a passkey registered on the Security page. In the
 * demo every role has a login (printed when Kazna starts) and they share a password meant for the
 * demo only.
 */
function SignedIn({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const { t } = useI18n();
  const { tasks } = useSession();
  const roles = me.roles.map((r) => t(`role.${r}` as 'role.auditor')).join(', ');
  return (
    <div className="card">
      <h1>{t('login.signedIn')}</h1>
      <p>{t('login.youAre', { name: tasks?.person.displayName ?? '…', roles })}</p>
      <div className="actions">
        <button
          onClick={() => {
            navigate('/tasks');
          }}
        >
          {t('login.toTasks')}
        </button>
        <button
          className="secondary"
          onClick={() => {
            void logOut().then(onLogout);
          }}
        >
          {t('console.logout')}
        </button>
      </div>
    </div>
  );
}

function LoginProblem({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  if (problem === null) return null;
  return (
    <p className="error" role="alert">
      {problem.code === 'login_failed' ? t('login.failed') : (problem.detail ?? problem.code)}
    </p>
  );
}

/** A session exactly like a password one, opened with a passkey the browser offers. */
function PasskeyButton(p: {
  busy: boolean;
  setBusy: (b: boolean) => void;
  onResult: (r: ApiResult<Me>) => void;
}) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      disabled={p.busy}
      onClick={() => {
        p.setBusy(true);
        void passkeyLogIn().then((r) => {
          p.setBusy(false);
          p.onResult(r);
        });
      }}
    >
      {t('login.passkey')}
    </button>
  );
}

export default function Login() {
  const [me, setMe] = useState<Me | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useI18n();
  const session = useSession();
  const settle = (r: ApiResult<Me>): void => {
    if (r.ok) setMe(r.value);
    else setProblem(r.problem);
    // The header, the navigation and the counts follow the new session.
    session.refresh();
  };

  useEffect(() => {
    void whoAmI().then((r) => {
      if (r.ok) setMe(r.value);
    });
  }, []);

  if (me !== null) {
    return (
      <SignedIn
        me={me}
        onLogout={() => {
          setMe(null);
          session.refresh();
        }}
      />
    );
  }

  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void logIn(username, password).then((r) => {
          setBusy(false);
          settle(r);
        });
      }}
    >
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.lead')}</p>
      <Field
        label={t('login.username')}
        name="username"
        autoComplete="username"
        value={username}
        onChange={setUsername}
      />
      <Field
        label={t('login.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
        <PasskeyButton busy={busy} setBusy={setBusy} onResult={settle} />
      </div>
      <LoginProblem problem={problem} />
    </form>
  );
}
