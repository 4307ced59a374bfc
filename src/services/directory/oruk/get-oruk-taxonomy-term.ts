import { findTaxonomyTerm } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** A taxonomy term; not_found otherwise. */
export async function getOrukTaxonomyTerm(deps: ServiceDeps, meta: RequestMeta, id: string) {
  return readOrukDirectory(deps, meta, 'service.viewed', 'taxonomy_term', (tx) => findTaxonomyTerm(tx, id));
}
