import { orukPaging, type OrukPageQuery } from '../../../domain/schemas/oruk.ts';
import { listTaxonomies } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** One page of the directory's taxonomies. */
export async function listOrukTaxonomies(deps: ServiceDeps, meta: RequestMeta, q: OrukPageQuery) {
  const { page, perPage } = orukPaging(q);
  const result = await readOrukDirectory(deps, meta, 'service.listed', 'taxonomy', (tx) => listTaxonomies(tx, page, perPage));
  return { ...result, page, perPage };
}
