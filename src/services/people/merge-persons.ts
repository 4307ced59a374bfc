import { AppError, conflict } from '../../domain/errors.ts';
import type { MergePersonsInput } from '../../domain/schemas/person-details.ts';
import {
  findPersonDetails,
  findPersonIdentity,
  mergePersonRecords,
  moveGpRecordEntries,
  type FillableColumn,
  type PersonDetails,
} from '../../db/repositories/people/person-details.ts';
import { moveReferralsToPerson } from '../../db/repositories/intake/referrals.ts';
import { appendCaseEvent } from '../cases/shared/case-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export interface MergeResult {
  person: PersonDetails;
  mergedPersonId: string;
  referralsMoved: number;
  gpRecordEntriesMoved: number;
  filled: FillableColumn[];
}

/**
 * A lead merges a duplicate record into the one kept (hazard H-002): both must be people they cover,
 * at the versions they reviewed. Every referral (case) and GP-record entry moves to the kept person,
 * each case's timeline notes the merge, the kept record takes any detail it lacked (including the
 * NHS number), and the duplicate is marked `merged_into_id` — kept, never deleted, so the audit
 * trail still resolves. Two different NHS numbers are two different people: refused.
 */
export async function mergePersons(deps: ServiceDeps, actor: Actor, keepPersonId: string, input: MergePersonsInput): Promise<MergeResult> {
  return runUseCase(deps, actor, {
    permission: 'person:merge',
    action: 'person.merged',
    entityType: 'person',
    entityId: keepPersonId,
    personId: keepPersonId,
    work: async (tx, access) => {
      const scope = access.people;
      if (input.mergePersonId === keepPersonId) {
        throw new AppError('invalid_input', 'Choose two different records to merge', { fields: { mergePersonId: 'Choose a different record to merge' } });
      }
      const keep = await findPersonIdentity(tx, keepPersonId, scope);
      const merge = await findPersonIdentity(tx, input.mergePersonId, scope);
      if (keep === undefined || merge === undefined) throw new AppError('not_found', 'No such person');
      if (keep.mergedIntoId !== null || merge.mergedIntoId !== null)
        throw conflict.because('already_merged', 'One of these records has already been merged into another');
      if (keep.version !== input.version || merge.version !== input.mergePersonVersion) {
        throw conflict.staleVersion(undefined, 'One of these records changed since you opened it. Reload both and check them again before merging');
      }
      if (keep.nhsNumber !== null && merge.nhsNumber !== null && keep.nhsNumber !== merge.nhsNumber) {
        throw conflict.because('different_nhs_numbers', 'These records have different NHS numbers, so they are different people and cannot be merged');
      }
      const at = deps.clock.now().toISOString();
      const records = await mergePersonRecords(tx, { id: keep.id, version: keep.version }, { id: merge.id, version: merge.version }, at);
      if (!records.ok)
        throw conflict.staleVersion(undefined, 'One of these records changed since you opened it. Reload both and check them again before merging');
      const moved = await moveReferralsToPerson(tx, merge.id, keep.id, at);
      for (const referralId of moved)
        await appendCaseEvent(tx, deps.clock, actor, referralId, { kind: 'person_merged', data: { fromPersonId: merge.id, toPersonId: keep.id } });
      const gpRecordEntriesMoved = await moveGpRecordEntries(tx, merge.id, keep.id);
      const person = await findPersonDetails(tx, keep.id, { all: true });
      if (person === undefined) throw new AppError('internal', 'Person vanished during merge');
      return { person, mergedPersonId: merge.id, referralsMoved: moved.length, gpRecordEntriesMoved, filled: records.filled };
    },
    audit: (r) => ({
      summary: { mergedPersonId: r.mergedPersonId, referralsMoved: r.referralsMoved, gpRecordEntriesMoved: r.gpRecordEntriesMoved, filled: r.filled },
    }),
  });
}
