import { AppError, conflict } from '../../domain/errors.ts';
import { ORGANISATION_PARENT_KIND } from '../../domain/roles.ts';
import type { CreateOrganisationInput } from '../../domain/schemas/organisations.ts';
import { findOrganisation, insertOrganisation, type Organisation } from '../../db/repositories/organisations/organisations.ts';
import { isUniqueViolation } from '../../db/values.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Adds an ICB, PCN, GP practice, VCSE or partner organisation in its place in the hierarchy. */
export async function createOrganisation(deps: ServiceDeps, actor: Actor, input: CreateOrganisationInput): Promise<Organisation> {
  const id = newId();
  return runUseCase(deps, actor, {
    permission: 'organisation:manage',
    action: 'organisation.created',
    entityType: 'organisation',
    entityId: id,
    work: async (tx) => {
      const parentKind = ORGANISATION_PARENT_KIND[input.kind];
      if (parentKind === null && input.parentId !== undefined) {
        throw new AppError('invalid_input', `A ${input.kind} has no parent organisation`, {
          fields: { parentId: `A ${input.kind} has no parent organisation` },
        });
      }
      if (parentKind !== null) {
        const parent = input.parentId === undefined ? undefined : await findOrganisation(tx, input.parentId);
        if (parent?.kind !== parentKind) {
          throw new AppError('invalid_input', `A ${input.kind} must belong to a ${parentKind}`, {
            fields: { parentId: `Choose the ${parentKind.toUpperCase()} this ${input.kind} belongs to` },
          });
        }
      }
      if (input.kind === 'practice' && input.odsCode === undefined) {
        throw new AppError('invalid_input', 'A GP practice needs its ODS code', { fields: { odsCode: 'Enter the practice ODS code, like B82005' } });
      }
      try {
        return await insertOrganisation(
          tx,
          { id, kind: input.kind, name: input.name, odsCode: input.odsCode ?? null, parentId: input.parentId ?? null, listSize: input.listSize ?? null },
          deps.clock.now().toISOString(),
        );
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict.because('ods_code_taken', 'An organisation with that ODS code already exists', {
            fields: { odsCode: 'An organisation with that ODS code already exists' },
          });
        throw err;
      }
    },
    audit: (o) => ({ summary: { kind: o.kind, odsCode: o.odsCode } }),
  });
}
