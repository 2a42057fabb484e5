import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  GovernanceCredentialsJson,
  GovernanceKeysRevokePostJson,
  GovernanceTokensRevokePostJson,
  PasskeyViewJson,
} from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useDates } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { FormField } from '../ui/form.tsx';
import { useApi } from '../useApi.ts';
import { BrowserKeyForm } from './BrowserKey.tsx';
import { restoreSession } from './LoginSession.ts';
import { registerPasskey } from './Passkeys.ts';

/**
 * The signed-in person's own credentials: passkeys (register one on this device, revoke any), API
 * tokens and approval signing keys, each revocable. A revocation takes effect at once on the
 * server; it keeps the row, so the audit trail still shows what the credential did before.
 */
type Credentials = z.output<typeof GovernanceCredentialsJson>;

function Revoke(props: { path: string; answer: z.ZodType; onDone: (p: Problem | null) => void }) {
  const { t } = useI18n();
  return (
    <button
      onClick={() => {
        void fetchAnswer(props.path, props.answer, { method: 'POST' }).then((r) => {
          props.onDone(r.ok ? null : r.problem);
        });
      }}
    >
      {t('security.revoke')}
    </button>
  );
}

function State({ revokedAt }: { revokedAt: string | null }) {
  const { t } = useI18n();
  const dates = useDates();
  return (
    <>
      {revokedAt === null
        ? t('security.active')
        : t('security.revokedAt', { at: dates.time(revokedAt) })}
    </>
  );
}

function AddPasskey({ onDone }: { onDone: (p: Problem | null) => void }) {
  const { t } = useI18n();
  const [label, setLabel] = useState(t('security.thisDevice'));
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
      <h2>{t('security.addPasskey')}</h2>
      <FormField label={t('security.name')} name="label" value={label} onChange={setLabel} />
      <FormField
        label={t('login.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <button type="submit">{t('security.register')}</button>
    </form>
  );
}

function Passkeys(p: { data: Credentials; done: (p: Problem | null) => void }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('security.passkeys')}</h2>
      {p.data.passkeys.length === 0 ? <Empty>{t('security.passkeys.none')}</Empty> : null}
      <table data-list="passkeys">
        <tbody>
          {p.data.passkeys.map((k) => (
            <tr key={k.id} data-id={k.id} data-state={k.revokedAt === null ? 'active' : 'revoked'}>
              <td>{k.label}</td>
              <td>
                <State revokedAt={k.revokedAt} />
              </td>
              <td>
                {k.revokedAt === null ? (
                  <Revoke
                    path={`/governance/passkeys/${k.id}/revoke`}
                    answer={PasskeyViewJson}
                    onDone={p.done}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Lists({ data, done }: { data: Credentials; done: (p: Problem | null) => void }) {
  const { t } = useI18n();
  return (
    <>
      <Passkeys data={data} done={done} />
      <h2>{t('security.tokens')}</h2>
      {data.tokens.length === 0 ? <Empty>{t('security.tokens.none')}</Empty> : null}
      <table data-list="tokens">
        <tbody>
          {data.tokens.map((x) => (
            <tr key={x.id} data-id={x.id}>
              <td>{x.label}</td>
              <td>
                <code>{x.scopes.join(', ')}</code>
              </td>
              <td>
                <State revokedAt={x.revokedAt} />
              </td>
              <td>
                {x.revokedAt === null ? (
                  <Revoke
                    path={`/governance/tokens/${x.id}/revoke`}
                    answer={GovernanceTokensRevokePostJson}
                    onDone={done}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('security.keys')}</h2>
      {data.keys.length === 0 ? <Empty>{t('security.keys.none')}</Empty> : null}
      <table data-list="keys">
        <tbody>
          {data.keys.map((k) => (
            <tr key={k.id} data-id={k.id}>
              <td>
                <code>{k.publicKeyHex.slice(0, 16)}…</code>
              </td>
              <td>
                <State revokedAt={k.revokedAt} />
              </td>
              <td>
                {k.revokedAt === null ? (
                  <Revoke
                    path={`/governance/keys/${k.id}/revoke`}
                    answer={GovernanceKeysRevokePostJson}
                    onDone={done}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export default function Security() {
  const { t } = useI18n();
  // After a reload the CSRF token for this page's POSTs comes back from sessionStorage.
  useEffect(restoreSession, []);
  const { data, problem, reload } = useApi('/governance/credentials', GovernanceCredentialsJson);
  const [last, setLast] = useState<Problem | null>(null);
  const done = (p: Problem | null): void => {
    setLast(p);
    reload();
  };
  if (data === null) {
    if (problem === null) return <Loading />;
    return problem.status === 401 ? (
      <p className="muted">{t('console.loginFirst')}</p>
    ) : (
      <ProblemNote problem={problem} />
    );
  }
  return (
    <div>
      <h1>{t('page.security')}</h1>
      <ProblemNote problem={last} />
      <AddPasskey onDone={done} />
      <BrowserKeyForm onDone={done} />
      <Lists data={data} done={done} />
    </div>
  );
}
