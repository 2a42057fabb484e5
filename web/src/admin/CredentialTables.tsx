import { browserNow } from '../ui/clock.ts';
import { useEffect, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import {
  GovernanceCredentialsJson,
  GovernanceKeysRevokePostJson,
  GovernanceTokensRevokePostJson,
  PasskeyViewJson,
} from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { PersonName, useDates } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, ProblemNote } from '../ui/common.tsx';

/**
 * A person's (or everyone's) API tokens, signing keys and passkeys, each with a button that revokes
 * it. The administrator reads and revokes anyone's; the server checks that and audits each
 * revocation. A revoked row stays listed, so the page shows what was cut off and when.
 */
export type CredentialSet = z.output<typeof GovernanceCredentialsJson>;

/** Every given person's credentials, fetched again by `reload`. */
export function useCredentials(userIds: readonly string[] | null): {
  sets: CredentialSet[] | null;
  problem: Problem | null;
  reload: () => void;
} {
  const [state, setState] = useState<{ sets: CredentialSet[] | null; problem: Problem | null }>({
    sets: null,
    problem: null,
  });
  const [version, setVersion] = useState(0);
  const key = userIds?.join(',') ?? null;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const ids = key === '' ? [] : key.split(',');
    void Promise.all(
      ids.map((id) =>
        fetchAnswer(`/governance/credentials?userId=${id}`, GovernanceCredentialsJson),
      ),
    ).then((all) => {
      if (!live) return;
      const sets = all.flatMap((r) => (r.ok ? [r.value] : []));
      const problem = all.flatMap((r) => (r.ok ? [] : [r.problem]))[0] ?? null;
      setState({ sets, problem });
    });
    return () => {
      live = false;
    };
  }, [key, version]);
  return {
    ...state,
    reload: () => {
      setVersion((v) => v + 1);
    },
  };
}

interface Row {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** The actions a token may use are codes: counted in words, listed one click away. */
function Scopes({ scopes }: { scopes: readonly string[] }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>{t('admin.creds.scopeCount', { count: String(scopes.length) })}</summary>
      <code>{scopes.join(', ')}</code>
    </details>
  );
}

function State({ revokedAt, expiresAt }: { revokedAt: string | null; expiresAt?: string }) {
  const { t } = useI18n();
  const dates = useDates();
  if (revokedAt !== null)
    return (
      <span className="badge bad" data-state="revoked">
        {t('admin.state.revoked', { at: dates.time(revokedAt) })}
      </span>
    );
  if (expiresAt !== undefined && new Date(expiresAt).getTime() <= browserNow())
    return (
      <span className="badge warn" data-state="expired">
        {t('admin.state.expired')}
      </span>
    );
  return (
    <span className="badge ok" data-state="active">
      {t('admin.state.valid')}
    </span>
  );
}

function Table<R extends Row>(p: {
  list: string;
  title: string;
  rows: readonly R[];
  showOwner: boolean;
  extra: readonly { head: string; cell: (r: R) => ReactNode }[];
  revoke: (r: R) => void;
}) {
  const { t } = useI18n();
  const dates = useDates();
  return (
    <section>
      <h2>{p.title}</h2>
      {p.rows.length === 0 ? (
        <Empty>{t('admin.creds.none')}</Empty>
      ) : (
        <div className="table-scroll">
          <table data-list={p.list}>
            <thead>
              <tr>
                {p.showOwner ? <th>{t('admin.col.owner')}</th> : null}
                <th>{t('admin.col.label')}</th>
                {p.extra.map((e) => (
                  <th key={e.head}>{e.head}</th>
                ))}
                <th>{t('admin.col.created')}</th>
                <th>{t('admin.col.state')}</th>
                <th>{t('admin.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.id} data-state={r.revokedAt === null ? 'active' : 'revoked'}>
                  {p.showOwner ? (
                    <td>
                      <PersonName id={r.userId} />
                    </td>
                  ) : null}
                  <td>{r.name}</td>
                  {p.extra.map((e) => (
                    <td key={e.head}>{e.cell(r)}</td>
                  ))}
                  <td>{dates.time(r.createdAt)}</td>
                  <td>
                    <State
                      revokedAt={r.revokedAt}
                      {...('expiresAt' in r && typeof r.expiresAt === 'string'
                        ? { expiresAt: r.expiresAt }
                        : {})}
                    />
                  </td>
                  <td>
                    {r.revokedAt === null ? (
                      <button
                        type="button"
                        aria-label={t('admin.creds.revokeNamed', { name: r.name })}
                        onClick={() => {
                          p.revoke(r);
                        }}
                      >
                        {t('admin.creds.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What one revocation calls and how its answer is parsed. */
async function revokeOne(
  kind: 'tokens' | 'keys' | 'passkeys',
  id: string,
): Promise<Problem | null> {
  const path = `/governance/${kind}/${id}/revoke`;
  const init = { method: 'POST' };
  const r =
    kind === 'tokens'
      ? await fetchAnswer(path, GovernanceTokensRevokePostJson, init)
      : kind === 'keys'
        ? await fetchAnswer(path, GovernanceKeysRevokePostJson, init)
        : await fetchAnswer(path, PasskeyViewJson, init);
  return r.ok ? null : r.problem;
}

export function CredentialTables(p: {
  sets: readonly CredentialSet[];
  showOwner: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const dates = useDates();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revoke = (kind: 'tokens' | 'keys' | 'passkeys', r: Row): void => {
    void revokeOne(kind, r.id).then((failed) => {
      setProblem(failed);
      setDone(failed === null ? t('admin.creds.revoked', { name: r.name }) : null);
      p.onChanged();
    });
  };
  const tokens = p.sets.flatMap((s) => s.tokens.map((x) => ({ ...x, name: x.label })));
  const keys = p.sets.flatMap((s) =>
    s.keys.map((x) => ({ ...x, name: `${x.publicKeyHex.slice(0, 12)}…` })),
  );
  const passkeys = p.sets.flatMap((s) =>
    s.passkeys.map((x) => ({ ...x, userId: s.userId, name: x.label })),
  );
  return (
    <div>
      <ProblemNote problem={problem} />
      {done === null ? null : (
        <p className="ok-note" role="status">
          {done}
        </p>
      )}
      <Table
        list="tokens"
        title={t('admin.creds.tokens')}
        rows={tokens}
        showOwner={p.showOwner}
        extra={[
          { head: t('admin.col.scopes'), cell: (r) => <Scopes scopes={r.scopes} /> },
          { head: t('admin.col.expires'), cell: (r) => dates.time(r.expiresAt) },
        ]}
        revoke={(r) => {
          revoke('tokens', r);
        }}
      />
      <Table
        list="keys"
        title={t('admin.creds.keys')}
        rows={keys}
        showOwner={p.showOwner}
        extra={[]}
        revoke={(r) => {
          revoke('keys', r);
        }}
      />
      <Table
        list="passkeys"
        title={t('admin.creds.passkeys')}
        rows={passkeys}
        showOwner={p.showOwner}
        extra={[]}
        revoke={(r) => {
          revoke('passkeys', r);
        }}
      />
    </div>
  );
}
