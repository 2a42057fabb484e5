import { useEffect, useState } from 'react';
import type { Problem } from '../api.ts';
import { navigate } from '../router.ts';
import { logIn, logOut, whoAmI, type Me } from './LoginSession.ts';

/**
 * Log in with a username and password. In the demo every role has a login (printed when Kazna
 * starts) and they share a password meant for the demo only.
 */
function SignedIn({ me, onLogout }: { me: Me; onLogout: () => void }) {
  return (
    <div className="card">
      <h1>Signed in</h1>
      <p>
        You are <strong>{me.id}</strong> with the role {me.roles.join(', ')}.
      </p>
      <div className="actions">
        <button
          onClick={() => {
            navigate('/approvals');
          }}
        >
          Approvals
        </button>
        <button
          onClick={() => {
            void logOut().then(onLogout);
          }}
        >
          Log out
        </button>
      </div>
    </div>
  );
}

export default function Login() {
  const [me, setMe] = useState<Me | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

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
          if (r.ok) setMe(r.value);
          else setProblem(r.problem);
        });
      }}
    >
      <h1>Log in</h1>
      <p className="muted">
        Officials only. In the demo, use one of the logins printed when Kazna started; their shared
        password is for the demo only.
      </p>
      <label>
        Username{' '}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => {
            setUsername(e.target.value);
          }}
        />
      </label>
      <label>
        Password{' '}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
      </label>
      <button type="submit" disabled={busy}>
        Log in
      </button>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem.code === 'login_failed'
            ? 'The username or password is wrong.'
            : (problem.detail ?? problem.code)}
        </p>
      )}
    </form>
  );
}
