import { findPublishedOrganisation } from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/** A published organisation with its published services; not_found for any other organisation. */
export async function getOrukOrganization(deps: ServiceDeps, meta: RequestMeta, id: string) {
  return readOrukDirectory(deps, meta, 'organisation.viewed', 'organisation', (tx) => findPublishedOrganisation(tx, id));
}
