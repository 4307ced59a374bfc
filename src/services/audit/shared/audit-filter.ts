import type { AuditQuery } from '../../../domain/schemas/audit.ts';

/** The filters used, as coded values, for the audit event that records a search or export. */
export function filterSummary(q: Omit<AuditQuery, 'limit' | 'before'>, count?: number): Record<string, string | number | null> {
  return {
    action: q.action ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    userId: q.userId ?? null,
    ...(count === undefined ? {} : { count }),
  };
}
