import { z } from 'zod';
import { serviceMatchViewSchema, type serviceMatchBodySchema, type ServiceMatchResultView, type ServiceMatchView } from '../../../domain/schemas/community.ts';
import {
  directoryListViewSchema,
  serviceDetailViewSchema,
  serviceEditViewSchema,
  serviceProblemViewSchema,
  updateServiceResultViewSchema,
  type correctNeedsBodySchema,
  type DirectoryListQuery,
  type EditListQuery,
  type ProblemListQuery,
  type reportProblemBodySchema,
  type updateServiceBodySchema,
} from '../../../domain/schemas/directory.ts';
import { request } from '../../api.ts';

/**
 * The typed client for the directory: the staff list, a listing's page, owners' edits, verify,
 * archive, problems, the approval queue, and matching from a case (POST /services/match). Every
 * answer is checked against the shared schema the server filters it with.
 */

const svc = (id: string, rest = ''): string => `/services/${encodeURIComponent(id)}${rest}`;

export type UpdateServiceBody = z.input<typeof updateServiceBodySchema>;
export type CorrectNeedsBody = z.input<typeof correctNeedsBodySchema>;
export type ReportProblemBody = z.input<typeof reportProblemBodySchema>;
export type DirectoryFilters = Partial<Omit<DirectoryListQuery, 'limit' | 'offset'>> & { limit?: number; offset?: number };

/** A match request from a case: the shared schema's input (text and/or needs, context). */
export type MatchRequest = z.input<typeof serviceMatchBodySchema>;
export type MatchResult = ServiceMatchResultView;
export type MatchView = ServiceMatchView;

/** Query keys: the directory, everything under `directoryKeys.all`. */
export const directoryKeys = {
  all: ['directory'] as const,
  list: (filters: DirectoryFilters) => [...directoryKeys.all, 'list', filters] as const,
  detail: (id: string) => [...directoryKeys.all, 'detail', id] as const,
  problems: (status: 'open' | 'resolved') => [...directoryKeys.all, 'problems', status] as const,
  edits: () => [...directoryKeys.all, 'edits', 'pending'] as const,
};

export const directoryApi = {
  list: (filters: DirectoryFilters, signal?: AbortSignal) => request(directoryListViewSchema, '/directory/services', { query: filters, signal }),
  get: (id: string, signal?: AbortSignal) => request(serviceDetailViewSchema, svc(id), { signal }),
  update: (id: string, body: UpdateServiceBody) => request(updateServiceResultViewSchema, svc(id), { method: 'PATCH', body }),
  correctNeeds: (id: string, body: CorrectNeedsBody) => request(updateServiceResultViewSchema, svc(id, '/needs'), { method: 'PUT', body }),
  verify: (id: string) => request(serviceDetailViewSchema, svc(id, '/verify'), { method: 'POST' }),
  archive: (id: string) => request(serviceDetailViewSchema, svc(id, '/archive'), { method: 'POST' }),
  restore: (id: string) => request(serviceDetailViewSchema, svc(id, '/restore'), { method: 'POST' }),

  reportProblem: (id: string, body: ReportProblemBody) => request(serviceProblemViewSchema, svc(id, '/problems'), { method: 'POST', body }),
  problems: (query: Partial<ProblemListQuery>, signal?: AbortSignal) =>
    request(z.object({ problems: z.array(serviceProblemViewSchema) }), '/service-problems', { query, signal }),
  resolveProblem: (id: string) => request(serviceProblemViewSchema, `/service-problems/${encodeURIComponent(id)}/resolve`, { method: 'POST' }),

  edits: (query: Partial<EditListQuery>, signal?: AbortSignal) =>
    request(z.object({ edits: z.array(serviceEditViewSchema) }), '/service-edits', { query, signal }),
  approveEdit: (id: string) => request(serviceEditViewSchema, `/service-edits/${encodeURIComponent(id)}/approve`, { method: 'POST' }),
  rejectEdit: (id: string, reason: string) =>
    request(serviceEditViewSchema, `/service-edits/${encodeURIComponent(id)}/reject`, { method: 'POST', body: { reason } }),

  match: (body: MatchRequest, signal?: AbortSignal) => request(serviceMatchViewSchema, '/services/match', { method: 'POST', body, signal }),
};
