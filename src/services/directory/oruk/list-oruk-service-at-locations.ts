import { AppError } from '../../../domain/errors.ts';
import { normalisePostcode } from '../../../domain/postcode.ts';
import { orukPaging, type OrukServiceAtLocationQuery } from '../../../domain/schemas/oruk.ts';
import { findPostcode } from '../../../db/repositories/geo/postcodes.ts';
import {
  listPublishedServiceAtLocations,
  type OrukPage,
  type OrukProximity,
  type OrukServiceAtLocationListItem,
} from '../../../db/repositories/directory/oruk.ts';
import type { RequestMeta, ServiceDeps } from '../../kernel/context.ts';
import { readOrukDirectory } from '../shared/oruk-public-actor.ts';

/**
 * One page of published service-at-locations for the open ORUK API. With `postcode`, ordered by
 * distance from the postcode's centroid (from the geography tables); with `proximity` too, only
 * those within that many metres. A postcode that is malformed or not in the lookup is
 * `invalid_input` on the `postcode` field (the list exists; the value cannot be used).
 */
export async function listOrukServiceAtLocations(
  deps: ServiceDeps,
  meta: RequestMeta,
  q: OrukServiceAtLocationQuery,
): Promise<OrukPage<OrukServiceAtLocationListItem & { distanceMetres: number | null }> & { page: number; perPage: number }> {
  const { page, perPage } = orukPaging(q);
  const result = await readOrukDirectory(deps, meta, 'service.listed', 'service_at_location', async (tx) => {
    let near: OrukProximity | undefined;
    if (q.postcode !== undefined) {
      const postcode = normalisePostcode(q.postcode);
      if (postcode === null)
        throw new AppError('invalid_input', 'Some of the information given is not valid', { fields: { postcode: 'Enter a full UK postcode, like HX1 1AA' } });
      const found = await findPostcode(tx, postcode);
      if (found === undefined || found.latitude === null || found.longitude === null) {
        throw new AppError('invalid_input', 'Some of the information given is not valid', {
          fields: { postcode: 'That postcode is not in the lookup table' },
          reason: 'unknown_postcode',
        });
      }
      near = { latitude: found.latitude, longitude: found.longitude, withinMetres: q.proximity };
    }
    return listPublishedServiceAtLocations(
      tx,
      { search: q.search, taxonomyTermId: q.taxonomy_term_id, taxonomyId: q.taxonomy_id, minimumAge: q.minimum_age, maximumAge: q.maximum_age },
      near,
      page,
      perPage,
    );
  });
  return { ...result, page, perPage };
}
