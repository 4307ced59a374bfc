import type { AuditQuery } from '../../domain/schemas/audit.ts';
import { listAuditEvents as listRows, type AuditEventRow } from '../../db/repositories/audit/audit-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { filterSummary, resolveAuditFilter } from './shared/audit-filter.ts';

/**
 * A page of the audit trail, newest first, filtered (a person by id, or by name or NHS number
 * resolved here); the search itself is audited, with the people it matched and showed.
 */
export async function listAuditEvents(
  deps: ServiceDeps,
  actor: Actor,
  q: AuditQuery,
): Promise<{ events: AuditEventRow[]; nextBefore: number | null; personMatches: number | null }> {
  return runUseCase(deps, actor, {
    permission: 'audit:read',
    action: 'audit.viewed',
    entityType: 'audit_event',
    personId: q.personId ?? null,
    work: async (tx) => {
      const { filter, match } = await resolveAuditFilter(tx, q);
      const events = await listRows(tx, filter, q.limit + 1);
      const more = events.length > q.limit;
      const page = more ? events.slice(0, q.limit) : events;
      return { events: page, nextBefore: more ? (page[page.length - 1]?.seq ?? null) : null, match };
    },
    audit: (r) => ({
      ...(r.match?.personIds.length === 1 ? { personId: r.match.personIds[0] ?? null } : {}),
      summary: filterSummary(q, r.events.length, r.match),
      shownPersonIds: [...(r.match?.personIds ?? []), ...r.events.flatMap((e) => (e.personId === null ? [] : [e.personId]))],
    }),
  }).then(({ match, ...page }) => ({ ...page, personMatches: match === null ? null : match.personIds.length }));
}
