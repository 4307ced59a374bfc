import { useQuery } from '@tanstack/react-query';
import { ORGANISATION_KINDS } from '../../../domain/roles.ts';
import type { OrganisationView } from '../../../domain/schemas/organisations.ts';
import { problemOf } from '../../queries.ts';
import { LoadFailed, Loading, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { KIND_LABELS } from '../../ui/labels.ts';
import { Table } from '../../ui/table.tsx';
import { organisationsApi, organisationsKeys } from './organisations-api.ts';

function OrganisationTable({ caption, orgs, byId }: { caption: string; orgs: OrganisationView[]; byId: Map<string, OrganisationView> }) {
  return (
    <Table
      caption={caption}
      captionStyle="m"
      rows={orgs}
      rowKey={(o) => o.id}
      columns={[
        { key: 'name', header: 'Name', cell: (o) => o.name },
        { key: 'ods', header: 'ODS code', cell: (o) => o.odsCode ?? <span className="nhsuk-u-secondary-text-colour">None</span> },
        orgs.some((o) => o.parentId !== null) && {
          key: 'parent',
          header: 'Part of',
          cell: (o) => (o.parentId === null ? '' : (byId.get(o.parentId)?.name ?? <span className="nhsuk-u-secondary-text-colour">Outside your scope</span>)),
        },
        orgs.some((o) => o.listSize !== null) && {
          key: 'list-size',
          header: 'List size',
          numeric: true,
          cell: (o) => (o.listSize === null ? '' : o.listSize.toLocaleString('en-GB')),
        },
      ]}
    />
  );
}

/** The organisations in the user's scope, grouped by kind. */
export function OrganisationsPage() {
  usePageTitle('Organisations');
  const organisations = useQuery({ queryKey: organisationsKeys.list(), queryFn: ({ signal }) => organisationsApi.list(signal) });
  return (
    <>
      <PageHeading>Organisations</PageHeading>
      {organisations.isPending ? <Loading what="organisations" /> : null}
      {organisations.isError ? <LoadFailed message={problemOf(organisations.error).message} /> : null}
      {organisations.isSuccess ? (
        organisations.data.organisations.length === 0 ? (
          <p className="nhsuk-body">There are no organisations you can see.</p>
        ) : (
          <OrganisationGroups orgs={organisations.data.organisations} />
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
