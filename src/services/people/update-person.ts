import { AppError, conflict } from '../../domain/errors.ts';
import type { PersonField, UpdatePersonInput } from '../../domain/schemas/person-details.ts';
import { findOrganisation, findOrganisationInScope } from '../../db/repositories/organisations/organisations.ts';
import { isUniqueViolation } from '../../db/values.ts';
import {
  correctAddress,
  findCurrentAddress,
  findPersonDetails,
  moveToAddress,
  nhsNumberTakenByOther,
  updatePersonIfVersion,
  type PersonChanges,
  type PersonDetails,
} from '../../db/repositories/people/person-details.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { newId } from '../kernel/ids.ts';
import { checkDateOfBirth } from '../intake/shared/referral-intake.ts';
import { runUseCase } from '../kernel/use-case.ts';

const invalid = (field: string, message: string) => new AppError('invalid_input', message, { fields: { [field]: message } });

/** Someone else saved the person since the editor opened the record. */
function stale(currentVersion: number | undefined): AppError<'conflict'> {
  return conflict.staleVersion(
    currentVersion,
    'Someone else changed this person’s details since you opened them. Your changes have not been saved: reload to see theirs, then make yours again',
  );
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Changes a person's details: demographics, contact preferences, communication needs, GP practice
 * (one the actor covers), NHS number (added later for a self-referral, or corrected; never one held
 * by someone else), and address — a move keeps the old address in the history (closed on the day
 * of the move) and a correction replaces the current one. The current postcode is copied to the
 * person, so LSOA and IMD decile follow. Guarded by the version the editor started from: a stale
 * version answers `conflict` and changes nothing. Audited with the names of the fields changed.
 */
export async function updatePerson(
  deps: ServiceDeps,
  actor: Actor,
  personId: string,
  input: UpdatePersonInput,
): Promise<{ person: PersonDetails; changed: PersonField[] }> {
  return runUseCase(deps, actor, {
    permission: 'person:update',
    action: 'person.updated',
    entityType: 'person',
    entityId: personId,
    personId,
    work: async (tx, access) => {
      const scope = access.people;
      const current = await findPersonDetails(tx, personId, scope);
      if (current === undefined) throw new AppError('not_found', 'No such person');
      if (current.mergedIntoId !== null) {
        throw conflict.because('merged', 'This record was merged into another. Open that record to make changes', { mergedIntoId: current.mergedIntoId });
      }
      if (input.version !== current.version) throw stale(current.version);

      const changes: PersonChanges = {};
      const changed: PersonField[] = [];
      const set = <K extends keyof PersonChanges & PersonField>(field: K, value: PersonChanges[K] | undefined, was: unknown) => {
        if (value === undefined || same(value, was)) return;
        changes[field] = value;
        changed.push(field);
      };
      if (input.nhsNumber !== undefined && input.nhsNumber !== current.nhsNumber) {
        if (await nhsNumberTakenByOther(tx, input.nhsNumber, personId)) {
          throw conflict.because('nhs_number_taken', 'That NHS number is on another person’s record. If they are the same person, merge the two records', {
            fields: { nhsNumber: 'That NHS number is on another person’s record' },
          });
        }
      }
      if (input.dateOfBirth !== undefined) checkDateOfBirth(input.dateOfBirth, deps.clock);
      if (input.practiceId !== undefined && input.practiceId !== current.practiceId) {
        const practice =
          actor.kind === 'user' ? await findOrganisationInScope(tx, input.practiceId, actor.userId) : await findOrganisation(tx, input.practiceId);
        if (practice?.kind !== 'practice') throw invalid('practiceId', 'Choose one of the GP practices you cover');
      }
      set('nhsNumber', input.nhsNumber, current.nhsNumber);
      set('givenName', input.givenName, current.givenName);
      set('familyName', input.familyName, current.familyName);
      set('dateOfBirth', input.dateOfBirth, current.dateOfBirth);
      set('sex', input.sex, current.sex);
      set('genderIdentity', input.genderIdentity === '' ? null : input.genderIdentity, current.genderIdentity);
      set('ethnicCategory', input.ethnicCategory, current.ethnicCategory);
      set('phone', input.phone, current.phone);
      set('email', input.email, current.email);
      set('contactPreferences', input.contactPreferences, current.contactPreferences);
      set('communicationNeeds', input.communicationNeeds, current.communicationNeeds);
      set('practiceId', input.practiceId, current.practiceId);

      const at = deps.clock.now().toISOString();
      const today = at.slice(0, 10);
      let addressChange: 'moved' | 'correction' | null = null;
      if (input.address !== undefined) {
        const a = {
          line1: input.address.line1 ?? null,
          line2: input.address.line2 ?? null,
          town: input.address.town ?? null,
          postcode: input.address.postcode,
        };
        const open = await findCurrentAddress(tx, personId);
        if (input.address.change === 'correction' && open !== undefined) {
          if (!same([open.line1, open.line2, open.town, open.postcode], [a.line1, a.line2, a.town, a.postcode])) {
            await correctAddress(tx, open.id, a);
            addressChange = 'correction';
          }
        } else {
          const validFrom = input.address.validFrom ?? today;
          if (validFrom > today) throw invalid('address.validFrom', 'Enter the date they moved in, today or earlier');
          if (open !== undefined && validFrom < open.validFrom) {
            throw invalid('address.validFrom', 'The move must be on or after the date they moved into their current address');
          }
          await moveToAddress(tx, personId, { id: newId(), ...a, validFrom }, at);
          addressChange = 'moved';
        }
        if (addressChange !== null) {
          changed.push('address');
          if (a.postcode !== current.postcode) changes.postcode = a.postcode;
        }
      }

      if (changed.length === 0) return { person: current, changed, addressChange };
      const names = { givenName: changes.givenName ?? current.givenName, familyName: changes.familyName ?? current.familyName };
      let ok: boolean;
      try {
        ok = await updatePersonIfVersion(tx, personId, input.version, changes, names, at);
      } catch (err) {
        // Another save took the NHS number between the check above and this write.
        if (isUniqueViolation(err)) throw conflict.because('nhs_number_taken', 'That NHS number is on another person’s record');
        throw err;
      }
      if (!ok) throw stale((await findPersonDetails(tx, personId, { all: true }))?.version);
      const person = await findPersonDetails(tx, personId, { all: true });
      if (person === undefined) throw new AppError('internal', 'Person vanished during update');
      return { person, changed, addressChange };
    },
    audit: (r) => ({ summary: { fields: r.changed, addressChange: r.addressChange } }),
  }).then(({ person, changed }) => ({ person, changed }));
}
