import { z } from 'zod';
import type { NeedCode } from '../../../domain/needs.ts';
import {
  caseloadViewSchema,
  caseViewSchema,
  caseWriteResultSchema,
  contactLoggedViewSchema,
  conversationSavedViewSchema,
  dischargeMessageSchema,
  gpEntriesFiledViewSchema,
  gpEntriesViewSchema,
  notificationsViewSchema,
  notificationViewSchema,
  planPrintViewSchema,
  planSavedViewSchema,
  practiceMessagesViewSchema,
  todayViewSchema,
  unmetNeedViewSchema,
  type CaseloadQuery,
  type changeStatusBodySchema,
  type GpEntriesQuery,
  type logContactBodySchema,
  type recordUnmetNeedBodySchema,
  type saveConversationBodySchema,
  type savePlanBodySchema,
} from '../../../domain/schemas/cases.ts';
import { communityReferralViewSchema, serviceListViewSchema, type createCommunityReferralBodySchema } from '../../../domain/schemas/community.ts';
import { queryString, request } from '../../api.ts';

/**
 * The typed client for casework: Today, notifications, the caseload, the case page and what is
 * recorded on it, services to refer to, the message back and GP-record entries. Every answer is
 * checked against the shared zod schema the server filters it with.
 */

const caseUrl = (id: string, rest = ''): string => `/cases/${encodeURIComponent(id)}${rest}`;

const communityReferralsSchema = z.object({ communityReferrals: z.array(communityReferralViewSchema) });

export type CaseloadFilters = Partial<Pick<CaseloadQuery, 'status' | 'sort' | 'order' | 'q' | 'linkWorkerId' | 'limit' | 'offset'>>;
export type ChangeStatusRequest = z.input<typeof changeStatusBodySchema>;
export type LogContactRequest = z.input<typeof logContactBodySchema>;
export type SaveConversationRequest = z.input<typeof saveConversationBodySchema>;
export type SavePlanRequest = z.input<typeof savePlanBodySchema>;
export type RecordUnmetNeedRequest = z.input<typeof recordUnmetNeedBodySchema>;
export type CreateCommunityReferralRequest = z.input<typeof createCommunityReferralBodySchema>;

/** Query keys: everything under `casesKeys.all`; a case's page under `detail(id)`. */
export const casesKeys = {
  all: ['cases'] as const,
  today: (linkWorkerId: string | undefined) => [...casesKeys.all, 'today', linkWorkerId ?? null] as const,
  notifications: () => [...casesKeys.all, 'notifications'] as const,
  caseload: (filters: CaseloadFilters) => [...casesKeys.all, 'caseload', filters] as const,
  detail: (id: string) => [...casesKeys.all, 'detail', id] as const,
  planPrint: (id: string, version: number | undefined) => [...casesKeys.all, 'plan-print', id, version ?? null] as const,
  dischargeMessage: (id: string) => [...casesKeys.all, 'discharge-message', id] as const,
  practiceMessages: () => [...casesKeys.all, 'practice-messages'] as const,
  practiceMessage: (id: string) => [...casesKeys.all, 'practice-message', id] as const,
  services: (caseId: string, need: NeedCode | undefined) => [...casesKeys.all, 'services', caseId, need ?? null] as const,
  gpEntries: (filters: GpEntriesFilters) => [...casesKeys.all, 'gp-entries', filters] as const,
};

export type GpEntriesFilters = Partial<Pick<GpEntriesQuery, 'practiceId' | 'status'>>;

export const casesApi = {
  today: (linkWorkerId: string | undefined, signal?: AbortSignal) => request(todayViewSchema, '/today', { query: { linkWorkerId }, signal }),
  notifications: (signal?: AbortSignal) => request(notificationsViewSchema, '/notifications', { query: { limit: 50 }, signal }),
  markNotificationRead: (id: string) => request(notificationViewSchema, `/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),

  caseload: (filters: CaseloadFilters, signal?: AbortSignal) => request(caseloadViewSchema, '/cases', { query: filters, signal }),
  getCase: (id: string, signal?: AbortSignal) => request(caseViewSchema, caseUrl(id), { signal }),
  changeStatus: (id: string, body: ChangeStatusRequest) => request(caseWriteResultSchema, caseUrl(id, '/status'), { method: 'POST', body }),
  logContact: (id: string, body: LogContactRequest) => request(contactLoggedViewSchema, caseUrl(id, '/contacts'), { method: 'POST', body }),
  saveConversation: (id: string, body: SaveConversationRequest) => request(conversationSavedViewSchema, caseUrl(id, '/conversation'), { method: 'PUT', body }),
  savePlan: (id: string, body: SavePlanRequest) => request(planSavedViewSchema, caseUrl(id, '/plan/versions'), { method: 'POST', body }),
  planPrint: (id: string, version: number | undefined, signal?: AbortSignal) =>
    request(planPrintViewSchema, caseUrl(id, '/plan'), { query: { version }, signal }),
  recordUnmetNeed: (id: string, body: RecordUnmetNeedRequest) => request(unmetNeedViewSchema, caseUrl(id, '/unmet-needs'), { method: 'POST', body }),
  dischargeMessage: (id: string, signal?: AbortSignal) => request(dischargeMessageSchema, caseUrl(id, '/discharge-message'), { signal }),
  /** The practice inbox of messages back (GP practice staff), and one message in it. */
  practiceMessages: (signal?: AbortSignal) => request(practiceMessagesViewSchema, '/practice-messages', { query: { limit: 100 }, signal }),
  practiceMessage: (id: string, signal?: AbortSignal) => request(dischargeMessageSchema, `/practice-messages/${encodeURIComponent(id)}`, { signal }),

  /** The services for a need that suit the case's person (age, sex, area), with how many were left out and why. */
  services: (caseId: string, need: NeedCode | undefined, signal?: AbortSignal) =>
    request(serviceListViewSchema, '/services', { query: { need, caseId }, signal }),
  communityReferrals: (caseId: string, signal?: AbortSignal) =>
    request(communityReferralsSchema, `/cases/${encodeURIComponent(caseId)}/community-referrals`, { signal }),
  referToService: (caseId: string, body: CreateCommunityReferralRequest) =>
    request(communityReferralViewSchema, `/cases/${encodeURIComponent(caseId)}/community-referrals`, { method: 'POST', body }),
  cancelCommunityReferral: (id: string, version: number) =>
    request(communityReferralViewSchema, `/community-referrals/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: { version } }),

  gpEntries: (filters: GpEntriesFilters, signal?: AbortSignal) =>
    request(gpEntriesViewSchema, '/gp-record-entries', { query: { ...filters, limit: 500 }, signal }),
  /** The CSV of pending entries (a plain link: the cookie authorises it). */
  gpEntriesCsvUrl: (practiceId: string | undefined): string => `/api/v1/gp-record-entries.csv${queryString({ practiceId })}`,
  markGpEntriesFiled: (ids: string[]) => request(gpEntriesFiledViewSchema, '/gp-record-entries/filed', { method: 'POST', body: { ids } }),
};
