import type { AuditQuery } from '../../domain/schemas/audit.ts';
import { listAuditEvents as listRows, type AuditEventRow } from '../../db/repositories/audit/audit-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { filterSummary } from './shared/audit-filter.ts';

/** A page of the audit trail, newest first, filtered; the search itself is audited. */
export async function listAuditEvents(deps: ServiceDeps, actor: Actor, q: AuditQuery): Promise<{ events: AuditEventRow[]; nextBefore: number | null }> {
  return runUseCase(deps, actor, {
    permission: 'audit:read',
    action: 'audit.viewed',
    entityType: 'audit_event',
    personId: q.personId ?? null,
    work: async (tx) => {
      const events = await listRows(tx, q, q.limit + 1);
      const more = events.length > q.limit;
      const page = more ? events.slice(0, q.limit) : events;
      return { events: page, nextBefore: more ? (page[page.length - 1]?.seq ?? null) : null };
    },
    audit: (r) => ({ summary: filterSummary(q, r.events.length), shownPersonIds: r.events.flatMap((e) => (e.personId === null ? [] : [e.personId])) }),
  });
}
