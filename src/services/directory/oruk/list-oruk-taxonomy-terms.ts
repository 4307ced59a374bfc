import { orukPaging, type OrukTaxonomyTermQuery } from '../../../domain/schemas/oruk.ts';
import { listTaxonomyTerms } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** One page of taxonomy terms, optionally of one taxonomy. */
export async function listOrukTaxonomyTerms(deps: ServiceDeps, meta: RequestMeta, q: OrukTaxonomyTermQuery) {
  const { page, perPage } = orukPaging(q);
  const result = await readOrukDirectory(deps, meta, 'service.listed', 'taxonomy_term', (tx) => listTaxonomyTerms(tx, q.taxonomy_id, page, perPage));
  return { ...result, page, perPage };
}
