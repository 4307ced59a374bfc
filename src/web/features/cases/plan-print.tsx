import { longDate } from '../../../domain/discharge-message.ts';
import { useQuery } from '@tanstack/react-query';
import { problemOf } from '../../queries.ts';
import { casesApi, casesKeys } from './cases-api.ts';
import { BackLink, LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { Link, useSearchParams } from '../../router.tsx';
import { PlanGoals } from './plan.tsx';

/**
 * A clean plan to give to the person: their goals in their words, the steps and who does them, the
 * next review and who to call. No case notes. Prints on its own (the print stylesheet hides the rest).
 */
export function PlanPrintPage({ id }: { id: string }) {
  const params = useSearchParams();
  const asked = Number.parseInt(params.get('version') ?? '', 10);
  const version = Number.isInteger(asked) && asked >= 1 ? asked : undefined;
  const print = useQuery({ queryKey: casesKeys.planPrint(id, version), queryFn: ({ signal }) => casesApi.planPrint(id, version, signal) });
  const loaded = print.data;
  const failure = print.isError ? problemOf(print.error) : null;
  usePageTitle(loaded === undefined ? 'Plan' : `Plan for ${loaded.person.givenName} ${loaded.person.familyName}`);
  const latest = loaded === undefined ? null : Math.max(...loaded.versions);

  return (
    <div className="lw-print-page">
      <div className="lw-no-print">
        <BackLink to={`/cases/${id}`}>Back to the case</BackLink>
      </div>
      {print.isPending ? <Loading what="the plan" /> : null}
      {failure === null ? null : (
        <>
          <PageHeading>Plan</PageHeading>
          <LoadFailed message={failure.code === 'not_found' ? 'There is no plan for this case yet.' : failure.message} />
        </>
      )}
      {loaded !== undefined ? (
        <article data-testid="plan-print">
          <PageHeading caption={`${loaded.person.givenName} ${loaded.person.familyName}`}>My plan</PageHeading>
          {loaded.plan.version !== latest ? (
            <div className="nhsuk-warning-callout lw-no-print" data-testid="old-version">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  An earlier version
                </span>
              </h2>
              <p>
                This is version {loaded.plan.version}. <Link to={`/cases/${id}/plan/print`}>See the current plan (version {latest})</Link>
              </p>
            </div>
          ) : null}
          <p className="nhsuk-body">
            Written together on {longDate(loaded.plan.createdAt)}
            {loaded.linkWorker === null ? '' : ` with ${loaded.linkWorker.displayName}, your social prescribing link worker`} at {loaded.practice.name}.
          </p>
          <h2 className="nhsuk-heading-m">My goals</h2>
          <PlanGoals goals={loaded.plan.goals} forPerson />
          <h2 className="nhsuk-heading-m">Next time we talk</h2>
          <p className="nhsuk-body" data-testid="print-review">
            {loaded.plan.reviewOn === null ? 'We will agree a date together.' : `We will look at how it is going on ${longDate(loaded.plan.reviewOn)}.`}
          </p>
          <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
            Reference {loaded.reference} · plan version {loaded.plan.version}
          </p>
          <div className="nhsuk-button-group lw-no-print">
            <button className="nhsuk-button" type="button" onClick={() => window.print()}>
              Print this plan
            </button>
          </div>
          {loaded.versions.length > 1 ? (
            <nav className="lw-no-print" aria-label="Plan versions">
              <h2 className="nhsuk-heading-s">Other versions</h2>
              <ul className="nhsuk-list">
                {[...loaded.versions]
                  .sort((a, b) => b - a)
                  .filter((v) => v !== loaded.plan.version)
                  .map((v) => (
                    <li key={v}>
                      <Link to={v === latest ? `/cases/${id}/plan/print` : `/cases/${id}/plan/print?version=${v}`}>Version {v}</Link>
                    </li>
                  ))}
              </ul>
            </nav>
          ) : null}
        </article>
      ) : null}
    </div>
  );
}
