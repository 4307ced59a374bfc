import { stringify } from 'csv-stringify';
import type { AuditQuery } from '../../domain/schemas/audit.ts';
import { listAuditEventPersonIds, streamAuditEvents } from '../../db/repositories/audit/audit-events.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { filterSummary, resolveAuditFilter } from './shared/audit-filter.ts';
import { runUseCase } from '../kernel/use-case.ts';

export const AUDIT_CSV_COLUMNS = [
  'seq',
  'id',
  'at',
  'actor_user_id',
  'actor_name',
  'actor_role',
  'action',
  'entity_type',
  'entity_id',
  'person_id',
  'request_id',
  'ip',
  'outcome',
  'summary',
  'prev_hash',
  'hash',
] as const;

/**
 * Exports the filtered trail as CSV, oldest first, streamed in batches so a large trail does not
 * sit in memory. The export is audited before the first byte leaves.
 */
export async function exportAuditEvents(deps: ServiceDeps, actor: Actor, q: Omit<AuditQuery, 'limit' | 'before'>): Promise<NodeJS.ReadableStream> {
  const { filter } = await runUseCase(deps, actor, {
    permission: 'audit:export',
    action: 'audit.exported',
    entityType: 'audit_event',
    personId: q.personId ?? null,
    work: async (tx) => {
      // A name or NHS number is resolved once, here: the stream below uses the same people.
      const resolved = await resolveAuditFilter(tx, q);
      return { ...resolved, personIds: await listAuditEventPersonIds(tx, resolved.filter) };
    },
    audit: (r) => ({
      ...(r.match?.personIds.length === 1 ? { personId: r.match.personIds[0] ?? null } : {}),
      summary: filterSummary(q, undefined, r.match),
      shownPersonIds: [...(r.match?.personIds ?? []), ...r.personIds],
    }),
  });
  // Formula injection: a cell starting with = + - @ is escaped by csv-stringify's `escape_formulas`.
  const csv = stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true });
  void (async () => {
    try {
      for await (const e of streamAuditEvents(deps.db, filter)) {
        const ok = csv.write([
          e.seq,
          e.id,
          e.at,
          e.actorUserId,
          e.actorName,
          e.actorRole,
          e.action,
          e.entityType,
          e.entityId,
          e.personId,
          e.requestId,
          e.ip,
          e.outcome,
          e.summary,
          e.prevHash,
          e.hash,
        ]);
        if (!ok) await new Promise((resolve) => csv.once('drain', resolve));
      }
      csv.end();
    } catch (err) {
      csv.destroy(err instanceof Error ? err : new Error('Audit export failed'));
    }
  })();
  return csv;
}
