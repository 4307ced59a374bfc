import { findPublishedServiceAtLocation } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** A published service-at-location with its location, schedules and service; not_found otherwise. */
export async function getOrukServiceAtLocation(deps: ServiceDeps, meta: RequestMeta, id: string) {
  return readOrukDirectory(deps, meta, 'service.viewed', 'service_at_location', (tx) => findPublishedServiceAtLocation(tx, id));
}
