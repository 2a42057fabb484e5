import { useEffect, useState } from 'react';
import type { ApiResult, Problem } from '../api.ts';
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
            navigate('/security');
          }}
        >
          Security
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

function LoginProblem({ problem }: { problem: Problem | null }) {
  if (problem === null) return null;
  return (
    <p className="error" role="alert">
      {problem.code === 'login_failed'
        ? 'The username or password is wrong.'
        : (problem.detail ?? problem.code)}
    </p>
  );
}

/** A session exactly like a password one, opened with a passkey the browser offers. */
function PasskeyButton(p: {
  busy: boolean;
  setBusy: (b: boolean) => void;
  onResult: (r: ApiResult<Me>) => void;
}) {
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
      Log in with a passkey
    </button>
  );
}

export default function Login() {
  const [me, setMe] = useState<Me | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const settle = (r: ApiResult<Me>): void => {
    if (r.ok) setMe(r.value);
    else setProblem(r.problem);
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
      <h1>Log in</h1>
      <p className="muted">
        Officials only. In the demo, use one of the logins printed when Kazna started; their shared
        password is for the demo only.
      </p>
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        value={username}
        onChange={setUsername}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Log in
        </button>
        <PasskeyButton busy={busy} setBusy={setBusy} onResult={settle} />
      </div>
      <LoginProblem problem={problem} />
    </form>
  );
}
