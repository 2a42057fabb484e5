import { GovernanceOrganisationsJson } from '../../../src/governance/answers.ts';
import { useI18n } from '../portal/i18n.ts';
import { useApi } from '../useApi.ts';
import { Link, Loading, ProblemNote } from '../ui/common.tsx';
import { useOrganisationKind, useUsers } from './shared.tsx';

/**
 * The organisations whose officials use Kazna, with the people of each: where an administrator
 * checks that a new account landed in the right agency.
 */
export default function Organisations() {
  const { t } = useI18n();
  const kindName = useOrganisationKind();
  const orgs = useApi('/governance/organisations', GovernanceOrganisationsJson);
  const users = useUsers();
  const problem = orgs.problem ?? users.problem;
  return (
    <div>
      <h1>{t('admin.orgs.title')}</h1>
      <p className="muted">{t('admin.orgs.lead')}</p>
      <ProblemNote problem={problem} />
      {orgs.data === null || users.data === null ? (
        problem === null ? (
          <Loading />
        ) : null
      ) : (
        <div className="table-scroll">
          <table data-list="organisations">
            <thead>
              <tr>
                <th>{t('admin.col.name')}</th>
                <th>{t('admin.col.code')}</th>
                <th>{t('admin.col.kind')}</th>
                <th>{t('admin.col.people')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.map((o) => {
                const people = (users.data ?? []).filter((u) => u.organisationId === o.id);
                return (
                  <tr key={o.id}>
                    <td>{o.name}</td>
                    <td>{o.code}</td>
                    <td>{kindName(o.kind)}</td>
                    <td>
                      {people.length === 0
                        ? '—'
                        : people.map((u, i) => (
                            <span key={u.id}>
                              {i === 0 ? '' : ', '}
                              <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                            </span>
                          ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
