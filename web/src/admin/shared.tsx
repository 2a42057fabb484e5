import { browserNow } from '../ui/clock.ts';
import { GovernanceUsersJson, UserJson } from '../../../src/governance/answers.ts';
import type { z } from 'zod';
import type { Role } from '../../../src/core/identity.ts';
import { useDates } from '../console/names.tsx';
import { useI18n, type Key } from '../portal/i18n.ts';
import { useApi, type Fetched } from '../useApi.ts';
import './admin.css';

/**
 * What the administrator's pages share: the list of people (parsed with the server's schema), a
 * role's and an organisation kind's name in the console's language, and an account's state.
 */
export type User = z.output<typeof UserJson>;

export function useUsers(): Fetched<User[]> {
  return useApi('/governance/users', GovernanceUsersJson);
}

export function useRoleName(): (role: Role) => string {
  const { t } = useI18n();
  return (role) => t(`role.${role}`);
}

const ORG_KINDS = [
  'enforcement',
  'financial_monitoring',
  'prosecution',
  'court',
  'treasury',
  'reserve_manager',
  'external_manager',
  'state_audit',
] as const;

/** A kind the dictionaries do not name (a deployment's own) is shown as it is stored. */
export function useOrganisationKind(): (kind: string) => string {
  const { t } = useI18n();
  return (kind) =>
    (ORG_KINDS as readonly string[]).includes(kind)
      ? t(`admin.orgKind.${kind}` as Key)
      : kind.replaceAll('_', ' ');
}

export function AccountState({ user }: { user: User }) {
  const { t } = useI18n();
  const dates = useDates();
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > browserNow();
  const [tone, text] = user.disabled
    ? ['bad', t('admin.state.disabled')]
    : locked && user.lockedUntil !== null
      ? ['warn', t('admin.state.locked', { until: dates.time(user.lockedUntil) })]
      : ['ok', t('admin.state.active')];
  return (
    <span
      className={`badge ${tone}`}
      data-state={user.disabled ? 'disabled' : locked ? 'locked' : 'active'}
    >
      {text}
      {user.serviceAccount ? ` · ${t('admin.state.service')}` : ''}
    </span>
  );
}

export function RoleList({ roles }: { roles: readonly Role[] }) {
  const { t } = useI18n();
  const name = useRoleName();
  if (roles.length === 0) return <span className="muted">{t('admin.noRoles')}</span>;
  return <>{roles.map(name).join(', ')}</>;
}
