import { orukPaging, type OrukServiceQuery } from '../../../domain/schemas/oruk.ts';
import { listPublishedServices, type OrukOrganisationRow, type OrukPage, type OrukServiceRow } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** One page of published services for the open ORUK API, filtered by search, taxonomy and age. */
export async function listOrukServices(
  deps: ServiceDeps,
  meta: RequestMeta,
  q: OrukServiceQuery,
): Promise<OrukPage<{ service: OrukServiceRow; organisation: OrukOrganisationRow | undefined }> & { page: number; perPage: number }> {
  const { page, perPage } = orukPaging(q);
  const result = await readOrukDirectory(deps, meta, 'service.listed', 'service', (tx) =>
    listPublishedServices(
      tx,
      { search: q.search, taxonomyTermId: q.taxonomy_term_id, taxonomyId: q.taxonomy_id, minimumAge: q.minimum_age, maximumAge: q.maximum_age },
      page,
      perPage,
    ),
  );
  return { ...result, page, perPage };
}
