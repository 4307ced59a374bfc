import { findTaxonomy } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** A taxonomy with all its terms; not_found otherwise. */
export async function getOrukTaxonomy(deps: ServiceDeps, meta: RequestMeta, id: string) {
  return readOrukDirectory(deps, meta, 'service.viewed', 'taxonomy', (tx) => findTaxonomy(tx, id));
}
