import { parseCaseloadSearch } from '../../../domain/caseload-search.ts';
import type { AuditQuery } from '../../../domain/schemas/audit.ts';
import type { AuditFilter } from '../../../db/repositories/audit/audit-events.ts';
import { findPersonIdsForAudit } from '../../../db/repositories/audit/audit-person-lookup.ts';
import type { Tx } from '../../kernel/context.ts';

/** At most this many people for one name: beyond it the auditor should narrow the name. */
export const MAX_PERSON_MATCHES = 50;

/** A "name or NHS number" filter resolved to people: how it was read, and who it means. */
export interface PersonMatch {
  by: 'nhs_number' | 'name';
  personIds: string[];
}

/**
 * Resolves the query's `person` (a name or an NHS number) to the people it means, across the
 * deployment: the auditor's scope is the whole trail. The typed text goes no further than here.
 */
export async function resolveAuditFilter(tx: Tx, q: Omit<AuditQuery, 'limit' | 'before'>): Promise<{ filter: AuditFilter; match: PersonMatch | null }> {
  const { person, ...rest } = q;
  if (person === undefined) return { filter: rest, match: null };
  const search = parseCaseloadSearch(person);
  const personIds = await findPersonIdsForAudit(tx, search, MAX_PERSON_MATCHES);
  return { filter: { ...rest, personIds }, match: { by: search.nhsNumber === null ? 'name' : 'nhs_number', personIds } };
}

/**
 * The filters used, as coded values, for the audit event that records a search or export: a
 * name or NHS number filter as how it was read and how many people it matched, never the text.
 */
export function filterSummary(
  q: Omit<AuditQuery, 'limit' | 'before'>,
  count?: number,
  match: PersonMatch | null = null,
): Record<string, string | number | null> {
  return {
    action: q.action ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    userId: q.userId ?? null,
    ...(match === null ? {} : { personBy: match.by, personMatches: match.personIds.length }),
    ...(count === undefined ? {} : { count }),
  };
}
