import { AppError } from '../../domain/errors.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import { findPostcode, type PostcodeLookup } from '../../db/repositories/geo/postcodes.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Postcode → LSOA, location and IMD decile. Not person-level, so only refusals are audited. */
export async function lookupPostcode(deps: ServiceDeps, actor: Actor, input: string): Promise<PostcodeLookup> {
  return runUseCase(deps, actor, {
    permission: 'geo:read',
    action: 'geo.postcode_looked_up',
    entityType: 'postcode',
    auditSuccess: false,
    work: async (tx) => {
      // Validated after the permission check, so a role without geo:read is told only "forbidden".
      const postcode = normalisePostcode(input);
      if (postcode === null) throw new AppError('invalid_input', 'Enter a real postcode, like HX1 1AA', { fields: { postcode: 'Not a valid postcode' } });
      const found = await findPostcode(tx, postcode);
      if (found === undefined) throw new AppError('not_found', 'That postcode is not in the lookup table');
      return found;
    },
  });
}
