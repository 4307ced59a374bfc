import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { api } from '../../api.ts';
import { BackLink, LoadFailed, Loading, PageHeading, SummaryList, usePageTitle } from '../../ui/kit.tsx';
import { ageOn, formatDate } from '../../ui/labels.ts';
import { Link } from '../../router.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** Practice names by id, from the organisations the user can see. */
async function practiceNames(signal: AbortSignal): Promise<Map<string, string>> {
  const { organisations } = await api.listOrganisations(signal);
  return new Map(organisations.map((o) => [o.id, o.name]));
}

/** People registered at the practices the user covers. */
export function PeoplePage() {
  usePageTitle('People');
  const [loaded] = useLoad(async (signal) => {
    const [{ persons }, practices] = await Promise.all([api.listPersons(signal), practiceNames(signal)]);
    return { persons: [...persons].sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName)), practices };
  }, []);
  return (
    <>
      <PageHeading>People</PageHeading>
      <p className="nhsuk-body">People registered at the practices you cover. Opening a person’s record is recorded in the audit trail.</p>
      {loaded.status === 'loading' ? <Loading what="people" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        loaded.data.persons.length === 0 ? (
          <p className="nhsuk-body">There is no one registered at the practices you cover yet.</p>
        ) : (
          <table className="nhsuk-table-responsive" data-testid="people-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">People at your practices</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  Name
                </th>
                <th className="nhsuk-table__header" scope="col">
                  NHS number
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Date of birth
                </th>
                <th className="nhsuk-table__header" scope="col">
                  GP practice
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {loaded.data.persons.map((p) => (
                <tr className="nhsuk-table__row" key={p.id}>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Name{' '}
                    </span>
                    <Link to={`/people/${p.id}`}>
                      {p.familyName.toUpperCase()}, {p.givenName}
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell lw-nowrap">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      NHS number{' '}
                    </span>
                    {p.nhsNumber === null ? 'Not known' : formatNhsNumber(p.nhsNumber)}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Date of birth{' '}
                    </span>
                    {formatDate(p.dateOfBirth)}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      GP practice{' '}
                    </span>
                    {loaded.data.practices.get(p.practiceId) ?? 'Not known'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </>
  );
}

const IMD_HINT = '1 is the most deprived 10% of neighbourhoods in England, 10 the least deprived';

/** One person's details. */
export function PersonPage({ id }: { id: string }) {
  const [loaded] = useLoad(
    async (signal) => {
      const [person, practices] = await Promise.all([api.getPerson(id, signal), practiceNames(signal)]);
      return { person, practices };
    },
    [id],
  );
  const name = loaded.status === 'ok' ? `${loaded.data.person.givenName} ${loaded.data.person.familyName}` : 'Person';
  usePageTitle(name);
  const today = new Date();
  return (
    <>
      <BackLink to="/people">Back to people</BackLink>
      {/* One heading element throughout, so focus moved to it survives the data arriving. */}
      <PageHeading caption={loaded.status === 'ok' ? 'Person' : undefined}>
        {loaded.status === 'failed' && loaded.code === 'not_found' ? 'Person not found' : name}
      </PageHeading>
      {loaded.status === 'loading' ? <Loading what="this person’s details" /> : null}
      {loaded.status === 'failed' ? (
        <LoadFailed message={loaded.code === 'not_found' ? 'There is no one with that record at the practices you cover.' : loaded.message} />
      ) : null}
      {loaded.status === 'ok' ? (
        <>
          <SummaryList
            rows={[
              {
                key: 'NHS number',
                value: (
                  <span data-testid="nhs-number">{loaded.data.person.nhsNumber === null ? 'Not known' : formatNhsNumber(loaded.data.person.nhsNumber)}</span>
                ),
              },
              {
                key: 'Date of birth',
                value: (
                  <span data-testid="date-of-birth">
                    {formatDate(loaded.data.person.dateOfBirth)}
                    {(() => {
                      const age = ageOn(loaded.data.person.dateOfBirth, today);
                      return age === null ? '' : ` (${age} years old)`;
                    })()}
                  </span>
                ),
              },
              { key: 'Postcode', value: loaded.data.person.postcode ?? 'Not known' },
              { key: 'Neighbourhood (LSOA)', value: loaded.data.person.lsoa ?? 'Not known' },
              {
                key: 'Deprivation (IMD decile)',
                value:
                  loaded.data.person.imdDecile === null ? (
                    'Not known'
                  ) : (
                    <>
                      <span data-testid="imd-decile">{loaded.data.person.imdDecile}</span>
                      <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16 lw-block">{IMD_HINT}</span>
                    </>
                  ),
              },
              { key: 'GP practice', value: loaded.data.practices.get(loaded.data.person.practiceId) ?? 'Not known' },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
