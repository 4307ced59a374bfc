import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../domain/errors.ts';
import { findOrganisation, findOrganisationInScope } from '../../db/repositories/organisations/organisations.ts';
import { listGpEntriesForPractices, type GpEntryExportRecord } from '../../db/repositories/cases/gp-record-entries.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

export const GP_ENTRY_CSV_COLUMNS = [
  'entry_id',
  'practice_ods_code',
  'nhs_number',
  'family_name',
  'given_name',
  'date_of_birth',
  'snomed_code',
  'date',
  'description',
  'reference',
] as const;

/**
 * A practice's GP-record entries (SNOMED CT codes to file in the GP system), scoped to the
 * practices the user covers (a practice's staff: theirs; a lead: the PCN's). Pending by default.
 * The export is audited with its shape and count.
 */
export async function exportGpEntries(
  deps: ServiceDeps,
  actor: Actor,
  q: { practiceId?: string | undefined; status: 'pending' | 'filed' | 'all'; limit: number | null; format: 'csv' | 'json' },
): Promise<GpEntryExportRecord[]> {
  return runUseCase(deps, actor, {
    permission: 'gp_record:export',
    action: 'gp_record.exported',
    entityType: 'gp_record_entry',
    work: async (tx) => {
      const userId = actor.kind === 'user' ? actor.userId : null;
      if (q.practiceId !== undefined) {
        const practice = userId === null ? await findOrganisation(tx, q.practiceId) : await findOrganisationInScope(tx, q.practiceId, userId);
        if (practice?.kind !== 'practice') throw new AppError('not_found', 'No such practice');
      }
      return listGpEntriesForPractices(tx, { userId, practiceId: q.practiceId ?? null, status: q.status, limit: q.limit });
    },
    audit: (rows) => ({
      summary: { format: q.format, status: q.status, practiceId: q.practiceId ?? null, count: rows.length },
      shownPersonIds: rows.map((r) => r.person.id),
    }),
  });
}

/** The CSV a practice imports or works through: one row per entry; formulas escaped. */
export function gpEntriesCsv(rows: readonly GpEntryExportRecord[]): string {
  return stringify(
    rows.map((e) => [
      e.id,
      e.practice.odsCode ?? '',
      e.person.nhsNumber ?? '',
      e.person.familyName,
      e.person.givenName,
      e.person.dateOfBirth,
      e.code,
      e.recordedOn,
      e.description,
      e.reference,
    ]),
    { header: true, columns: [...GP_ENTRY_CSV_COLUMNS], escape_formulas: true },
  );
}
