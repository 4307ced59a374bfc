import { useQuery } from '@tanstack/react-query';
import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import { problemOf } from '../../queries.ts';
import { BackLink, LoadFailed, Loading, PageHeading, SummaryList, usePageTitle } from '../../ui/kit.tsx';
import { ageOn, formatDate } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { Link } from '../../router.tsx';
import { organisationsApi, organisationsKeys } from '../organisations/organisations-api.ts';
import { peopleApi, peopleKeys } from './people-api.ts';
import { communicationNeedWords, contactPreferenceWords } from '../cases/contact-words.ts';

/** Practice names by id, from the organisations the user can see. */
function usePracticeNames() {
  return useQuery({
    queryKey: organisationsKeys.list(),
    queryFn: ({ signal }) => organisationsApi.list(signal),
    select: (r) => new Map(r.organisations.map((o) => [o.id, o.name])),
  });
}

/** People registered at the practices the user covers. */
export function PeoplePage() {
  usePageTitle('People');
  const people = useQuery({
    queryKey: peopleKeys.list(),
    queryFn: ({ signal }) => peopleApi.list(signal),
    select: (r) => [...r.persons].sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName)),
  });
  const practices = usePracticeNames();
  const failed = people.error ?? practices.error;
  return (
    <>
      <PageHeading>People</PageHeading>
      <p className="nhsuk-body">People registered at the practices you cover. Opening a person’s record is recorded in the audit trail.</p>
      {failed !== null ? <LoadFailed message={problemOf(failed).message} /> : people.isPending || practices.isPending ? <Loading what="people" /> : null}
      {failed === null && people.isSuccess && practices.isSuccess ? (
        people.data.length === 0 ? (
          <p className="nhsuk-body">There is no one registered at the practices you cover yet.</p>
        ) : (
          <Table
            responsive
            testId="people-table"
            caption="People at your practices"
            captionStyle="hidden"
            rows={people.data}
            rowKey={(p) => p.id}
            columns={[
              {
                key: 'name',
                header: 'Name',
                cell: (p) => (
                  <Link to={`/people/${p.id}`}>
                    {p.familyName.toUpperCase()}, {p.givenName}
                  </Link>
                ),
              },
              {
                key: 'nhs-number',
                header: 'NHS number',
                className: 'lw-nowrap',
                cell: (p) => (p.nhsNumber === null ? 'Not known' : formatNhsNumber(p.nhsNumber)),
              },
              { key: 'born', header: 'Date of birth', cell: (p) => formatDate(p.dateOfBirth) },
              { key: 'practice', header: 'GP practice', cell: (p) => practices.data.get(p.practiceId) ?? 'Not known' },
            ]}
          />
        )
      ) : null}
    </>
  );
}

const IMD_HINT = '1 is the most deprived 10% of neighbourhoods in England, 10 the least deprived';

/** One person's details. */
export function PersonPage({ id }: { id: string }) {
  // The full record, so how to reach them and their communication needs show here too.
  const person = useQuery({ queryKey: peopleKeys.detail(id), queryFn: ({ signal }) => peopleApi.details(id, signal) });
  const practices = usePracticeNames();
  const failed = person.error ?? practices.error;
  const p = failed === null && practices.isSuccess ? person.data : undefined;
  const name = p === undefined ? 'Person' : `${p.givenName} ${p.familyName}`;
  usePageTitle(name);
  const age = p === undefined ? null : ageOn(p.dateOfBirth, new Date());
  return (
    <>
      <BackLink to="/people">Back to people</BackLink>
      {/* One heading element throughout, so focus moved to it survives the data arriving. */}
      <PageHeading caption={p === undefined ? undefined : 'Person'}>
        {failed !== null && problemOf(failed).code === 'not_found' ? 'Person not found' : name}
      </PageHeading>
      {failed === null && p === undefined ? <Loading what="this person’s details" /> : null}
      {failed !== null ? (
        <LoadFailed
          message={problemOf(failed).code === 'not_found' ? 'There is no one with that record at the practices you cover.' : problemOf(failed).message}
        />
      ) : null}
      {p === undefined || !practices.isSuccess ? null : (
        <SummaryList
          rows={[
            { key: 'NHS number', value: <span data-testid="nhs-number">{p.nhsNumber === null ? 'Not known' : formatNhsNumber(p.nhsNumber)}</span> },
            {
              key: 'Date of birth',
              value: (
                <span data-testid="date-of-birth">
                  {formatDate(p.dateOfBirth)}
                  {age === null ? '' : ` (${age} years old)`}
                </span>
              ),
            },
            { key: 'Postcode', value: p.postcode ?? 'Not known' },
            { key: 'Neighbourhood (LSOA)', value: p.lsoa ?? 'Not known' },
            {
              key: 'Deprivation (IMD decile)',
              value:
                p.imdDecile === null ? (
                  'Not known'
                ) : (
                  <>
                    <span data-testid="imd-decile">{p.imdDecile}</span>
                    <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16 lw-block">{IMD_HINT}</span>
                  </>
                ),
            },
            { key: 'GP practice', value: p.practice.name },
            { key: 'Contact', value: [p.phone, p.email].filter((v) => v !== null).join(', ') || 'Not recorded' },
            {
              key: 'How to contact them',
              value: (
                <span data-testid="person-how-to-contact">
                  {[contactPreferenceWords(p.contactPreferences), p.contactPreferences?.notes ?? null].filter((v) => v !== null).join('. ') || 'Not recorded'}
                </span>
              ),
            },
            {
              key: 'Communication needs',
              value: <span data-testid="person-communication-needs">{communicationNeedWords(p.communicationNeeds) ?? 'None recorded'}</span>,
            },
          ]}
        />
      )}
    </>
  );
}
