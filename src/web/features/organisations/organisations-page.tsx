import { ORGANISATION_KINDS } from '../../../domain/roles.ts';
import type { OrganisationView } from '../../../domain/schemas/organisations.ts';
import { api } from '../../api.ts';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { KIND_LABELS } from '../../ui/labels.ts';
import { useLoad } from '../../ui/use-load.ts';

function OrganisationTable({ caption, orgs, byId }: { caption: string; orgs: OrganisationView[]; byId: Map<string, OrganisationView> }) {
  const showList = orgs.some((o) => o.listSize !== null);
  const showParent = orgs.some((o) => o.parentId !== null);
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Name
          </th>
          <th className="nhsuk-table__header" scope="col">
            ODS code
          </th>
          {showParent ? (
            <th className="nhsuk-table__header" scope="col">
              Part of
            </th>
          ) : null}
          {showList ? (
            <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
              List size
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {orgs.map((o) => (
          <tr className="nhsuk-table__row" key={o.id}>
            <td className="nhsuk-table__cell">{o.name}</td>
            <td className="nhsuk-table__cell">{o.odsCode ?? <span className="nhsuk-u-secondary-text-colour">None</span>}</td>
            {showParent ? (
              <td className="nhsuk-table__cell">
                {o.parentId === null ? '' : (byId.get(o.parentId)?.name ?? <span className="nhsuk-u-secondary-text-colour">Outside your scope</span>)}
              </td>
            ) : null}
            {showList ? (
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{o.listSize === null ? '' : o.listSize.toLocaleString('en-GB')}</td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The organisations in the user's scope, grouped by kind. */
export function OrganisationsPage() {
  usePageTitle('Organisations');
  const [loaded] = useLoad((signal) => api.listOrganisations(signal), []);
  return (
    <>
      <PageHeading>Organisations</PageHeading>
      {loaded.status === 'loading' ? <Loading what="organisations" /> : null}
      {loaded.status === 'failed' ? <LoadFailed message={loaded.message} /> : null}
      {loaded.status === 'ok' ? (
        loaded.data.organisations.length === 0 ? (
          <p className="nhsuk-body">There are no organisations you can see.</p>
        ) : (
          <OrganisationGroups orgs={loaded.data.organisations} />
        )
      ) : null}
    </>
  );
}

function OrganisationGroups({ orgs }: { orgs: OrganisationView[] }) {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return (
    <div data-testid="organisation-groups">
      {ORGANISATION_KINDS.map((kind) => {
        const group = orgs.filter((o) => o.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
        return group.length === 0 ? null : <OrganisationTable key={kind} caption={KIND_LABELS[kind].plural} orgs={group} byId={byId} />;
      })}
    </div>
  );
}
