import { orukPaging, type OrukPageQuery } from '../../../domain/schemas/oruk.ts';
import { listPublishedOrganisations, type OrukOrganisationRow, type OrukPage } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** One page of the organisations that run published services (VCSE and partners only). */
export async function listOrukOrganizations(
  deps: ServiceDeps,
  meta: RequestMeta,
  q: OrukPageQuery,
): Promise<OrukPage<OrukOrganisationRow> & { page: number; perPage: number }> {
  const { page, perPage } = orukPaging(q);
  const result = await readOrukDirectory(deps, meta, 'organisation.listed', 'organisation', (tx) => listPublishedOrganisations(tx, page, perPage));
  return { ...result, page, perPage };
}
