import { findPublishedServiceGraph, type OrukServiceGraph } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** A published service with everything nested in it, for the open ORUK API; not_found otherwise. */
export async function getOrukService(deps: ServiceDeps, meta: RequestMeta, id: string): Promise<OrukServiceGraph> {
  return readOrukDirectory(deps, meta, 'service.viewed', 'service', (tx) => findPublishedServiceGraph(tx, id));
}
