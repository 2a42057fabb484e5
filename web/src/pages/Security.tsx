import { useEffect, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { Field } from './Field.tsx';
import { restoreSession } from './LoginSession.ts';
import { registerPasskey } from './Passkeys.ts';

/**
 * The signed-in person's own credentials: passkeys (register one on this device, revoke any), API
 * tokens and approval signing keys, each revocable. A revocation takes effect at once on the
 * server; it keeps the row, so the audit trail still shows what the credential did before.
 */
interface Credentials {
  readonly passkeys: readonly {
    id: string;
    label: string;
    counter: number;
    createdAt: string;
    revokedAt: string | null;
  }[];
  readonly tokens: readonly {
    id: string;
    label: string;
    scopes: readonly string[];
    expiresAt: string;
    revokedAt: string | null;
  }[];
  readonly keys: readonly {
    id: string;
    publicKeyHex: string;
    createdAt: string;
    revokedAt: string | null;
  }[];
}

function Revoke({ path, onDone }: { path: string; onDone: (p: Problem | null) => void }) {
  return (
    <button
      onClick={() => {
        void api(path, { method: 'POST' }).then((r) => {
          onDone(r.ok ? null : r.problem);
        });
      }}
    >
      Revoke
    </button>
  );
}

const state = (revokedAt: string | null): string =>
  revokedAt === null ? 'active' : `revoked ${revokedAt.slice(0, 16).replace('T', ' ')}`;

function AddPasskey({ onDone }: { onDone: (p: Problem | null) => void }) {
  const [label, setLabel] = useState('this device');
  const [password, setPassword] = useState('');
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void registerPasskey(label, password).then((r) => {
          setPassword('');
          onDone(r.ok ? null : r.problem);
        });
      }}
    >
      <h2>Add a passkey</h2>
      <Field label="Name" name="label" value={label} onChange={setLabel} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <button type="submit">Register a passkey</button>
    </form>
  );
}

export default function Security() {
  // After a reload the CSRF token for this page's POSTs comes back from sessionStorage.
  useEffect(restoreSession, []);
  const { data, problem, reload } = useApi<Credentials>('/governance/credentials');
  const [last, setLast] = useState<Problem | null>(null);
  const done = (p: Problem | null): void => {
    setLast(p);
    reload();
  };
  if (data === null) {
    return <p className="muted">{problem === null ? 'Loading…' : 'Log in to see this page.'}</p>;
  }
  return (
    <div>
      <h1>Security</h1>
      {last === null ? null : (
        <p className="error" role="alert">
          {last.code}: {last.detail ?? ''}
        </p>
      )}
      <AddPasskey onDone={done} />
      <h2>Passkeys</h2>
      <table data-list="passkeys">
        <tbody>
          {data.passkeys.map((p) => (
            <tr key={p.id} data-id={p.id} data-state={p.revokedAt === null ? 'active' : 'revoked'}>
              <td>{p.label}</td>
              <td>{state(p.revokedAt)}</td>
              <td>
                {p.revokedAt === null ? (
                  <Revoke path={`/governance/passkeys/${p.id}/revoke`} onDone={done} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>API tokens</h2>
      <table data-list="tokens">
        <tbody>
          {data.tokens.map((t) => (
            <tr key={t.id} data-id={t.id}>
              <td>{t.label}</td>
              <td>{t.scopes.join(', ')}</td>
              <td>{state(t.revokedAt)}</td>
              <td>
                {t.revokedAt === null ? (
                  <Revoke path={`/governance/tokens/${t.id}/revoke`} onDone={done} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Approval signing keys</h2>
      <table data-list="keys">
        <tbody>
          {data.keys.map((k) => (
            <tr key={k.id} data-id={k.id}>
              <td>
                <code>{k.publicKeyHex.slice(0, 16)}…</code>
              </td>
              <td>{state(k.revokedAt)}</td>
              <td>
                {k.revokedAt === null ? (
                  <Revoke path={`/governance/keys/${k.id}/revoke`} onDone={done} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
