import { auditPageSchema, type AuditQuery } from '../../../domain/schemas/audit.ts';
import { queryString, request } from '../../api.ts';

/** The audit trail: a page of events (newest first) with the filters, and the CSV export. */

/** The audit filters the page offers (the query minus paging). */
export type AuditFilters = Partial<Pick<AuditQuery, 'person' | 'personId' | 'userId' | 'action' | 'from' | 'to'>>;

export const auditKeys = {
  all: ['audit'] as const,
  /** The first page for these filters (older pages are fetched on request and kept by the page). */
  events: (filters: AuditFilters) => [...auditKeys.all, 'events', filters] as const,
};

export const auditApi = {
  list: (filters: AuditFilters & { before?: number; limit?: number }, signal?: AbortSignal) =>
    request(auditPageSchema, '/audit-events', { query: filters, signal }),
  /** The address of the CSV export with the same filters (a plain link: the cookie authorises it). */
  csvUrl: (filters: AuditFilters): string => `/api/v1/audit-events.csv${queryString(filters)}`,
};
