import { z } from 'zod';
import {
  communityReferralViewSchema,
  inboxItemViewSchema,
  serviceStatsViewSchema,
  serviceViewSchema,
  type cancelCommunityReferralBodySchema,
  type createCommunityReferralBodySchema,
  type createServiceBodySchema,
  type InboxQuery,
  type respondCommunityReferralBodySchema,
  type ServiceListQuery,
} from '../../../domain/schemas/community.ts';
import {
  duplicateCandidateViewSchema,
  duplicateListViewSchema,
  mergeResultViewSchema,
  personDetailsViewSchema,
  type DuplicateCandidateView,
  type mergePersonsBodySchema,
  type updatePersonBodySchema,
} from '../../../domain/schemas/person-details.ts';
import { dischargeMessageSchema } from '../../../domain/schemas/cases.ts';
import {
  myReferralsViewSchema,
  myReferralViewSchema,
  publicPracticesViewSchema,
  referralCreatedViewSchema,
  selfReferralResultViewSchema,
  triagedReferralViewSchema,
  triageListViewSchema,
  type allocateReferralBodySchema,
  type createReferralBodySchema,
  type selfReferralBodySchema,
  type TriageDecision,
  type triageDecisionBodySchema,
} from '../../../domain/schemas/referrals.ts';
import { request, type ApiError } from '../../api.ts';

/**
 * The typed client for intake and the closed loop: referrals (professional, partner and the public
 * self-referral), triage, the referrer's own referrals, person details, duplicates and merge,
 * services, the provider inbox and community referrals. Bodies are the shared schemas' input types
 * and every answer is parsed with the shared view schema.
 */

const enc = encodeURIComponent;

export type CreateReferralBody = z.input<typeof createReferralBodySchema>;
export type SelfReferralBody = z.input<typeof selfReferralBodySchema>;
export type AllocateBody = z.input<typeof allocateReferralBodySchema>;
export type TriageDecisionBody = z.input<typeof triageDecisionBodySchema>;
export type UpdatePersonBody = z.input<typeof updatePersonBodySchema>;
export type MergePersonsBody = z.input<typeof mergePersonsBodySchema>;
export type CreateServiceBody = z.input<typeof createServiceBodySchema>;
export type CreateCommunityReferralBody = z.input<typeof createCommunityReferralBodySchema>;
export type CancelCommunityReferralBody = z.input<typeof cancelCommunityReferralBodySchema>;
export type RespondBody = z.input<typeof respondCommunityReferralBodySchema>;

const servicesSchema = z.object({ services: z.array(serviceViewSchema) });
const inboxSchema = z.object({ items: z.array(inboxItemViewSchema) });
const communityReferralsSchema = z.object({ communityReferrals: z.array(communityReferralViewSchema) });

/**
 * What a 409 on a new referral says about possible duplicates: `candidates` when the caller may see
 * them (link workers, leads), none when they may only be told that someone similar is known.
 * null when the error is not a possible-duplicate answer.
 */
export function possibleDuplicateOf(err: ApiError): { candidates: DuplicateCandidateView[] } | null {
  if (err.status !== 409 || err.details?.['possibleDuplicate'] !== true) return null;
  const parsed = z.array(duplicateCandidateViewSchema).safeParse(err.details['candidates']);
  return { candidates: parsed.success ? parsed.data : [] };
}

/** Query keys: intake and the closed loop, everything under `intakeKeys.all`. */
export const intakeKeys = {
  all: ['intake'] as const,
  publicPractices: () => [...intakeKeys.all, 'public-practices'] as const,
  triage: () => [...intakeKeys.all, 'triage'] as const,
  myReferrals: () => [...intakeKeys.all, 'my-referrals'] as const,
  myReferralMessage: (id: string) => [...intakeKeys.all, 'my-referral-message', id] as const,
  /** Services with their figures and listing flags (the Services page). */
  services: (organisationId: string | undefined) => [...intakeKeys.all, 'services', organisationId ?? null] as const,
  /** The VCSE organisations a service may be added for. */
  serviceOrganisations: () => [...intakeKeys.all, 'service-organisations'] as const,
  inbox: (state: InboxQuery['state']) => [...intakeKeys.all, 'inbox', state] as const,
  /** Practices a referrer may refer to (their own, or any served one for partners). */
  referralPractices: (caller: string) => [...intakeKeys.all, 'referral-practices', caller] as const,
};

export const intakeApi = {
  // ---- referrals in ----
  createReferral: (body: CreateReferralBody) => request(referralCreatedViewSchema, '/referrals', { method: 'POST', body }),

  /** GP practices where the service runs (public: no sign-in needed). */
  publicPractices: (signal?: AbortSignal) => request(publicPracticesViewSchema, '/public/practices', { signal, sessionOptional: true }),
  /** The public self-referral form (no sign-in, no session). */
  submitSelfReferral: (body: SelfReferralBody) =>
    request(selfReferralResultViewSchema, '/public/self-referrals', { method: 'POST', body, sessionOptional: true }),

  // ---- triage (lead) ----
  triage: (query: { practiceId?: string; limit?: number } = {}, signal?: AbortSignal) => request(triageListViewSchema, '/triage', { query, signal }),
  allocate: (id: string, body: AllocateBody) => request(triagedReferralViewSchema, `/referrals/${enc(id)}/allocate`, { method: 'POST', body }),
  decide: (id: string, decision: TriageDecision, body: TriageDecisionBody) =>
    request(triagedReferralViewSchema, `/referrals/${enc(id)}/${decision}`, { method: 'POST', body }),

  // ---- the referrer's own referrals ----
  myReferrals: (signal?: AbortSignal) => request(myReferralsViewSchema, '/my-referrals', { signal }),
  referralStatus: (id: string, signal?: AbortSignal) => request(myReferralViewSchema, `/referrals/${enc(id)}/status`, { signal }),
  /** The message back for one of their referrals, once support has finished. */
  myReferralMessage: (id: string, signal?: AbortSignal) => request(dischargeMessageSchema, `/my-referrals/${enc(id)}/message`, { signal }),

  // ---- the person in full ----
  personDetails: (id: string, signal?: AbortSignal) => request(personDetailsViewSchema, `/persons/${enc(id)}/details`, { signal }),
  updatePerson: (id: string, body: UpdatePersonBody) => request(personDetailsViewSchema, `/persons/${enc(id)}`, { method: 'PATCH', body }),
  duplicates: (id: string, signal?: AbortSignal) => request(duplicateListViewSchema, `/persons/${enc(id)}/duplicates`, { signal }),
  mergePersons: (id: string, body: MergePersonsBody) => request(mergeResultViewSchema, `/persons/${enc(id)}/merge`, { method: 'POST', body }),

  // ---- services ----
  listServices: (query: Partial<ServiceListQuery> = {}, signal?: AbortSignal) => request(servicesSchema, '/services', { query, signal }),
  createService: (body: CreateServiceBody) => request(serviceViewSchema, '/services', { method: 'POST', body }),
  serviceStats: (id: string, signal?: AbortSignal) => request(serviceStatsViewSchema, `/services/${enc(id)}/stats`, { signal }),

  // ---- community referrals (from a case) ----
  caseCommunityReferrals: (caseId: string, signal?: AbortSignal) => request(communityReferralsSchema, `/cases/${enc(caseId)}/community-referrals`, { signal }),
  createCommunityReferral: (caseId: string, body: CreateCommunityReferralBody) =>
    request(communityReferralViewSchema, `/cases/${enc(caseId)}/community-referrals`, { method: 'POST', body }),
  cancelCommunityReferral: (id: string, body: CancelCommunityReferralBody) =>
    request(communityReferralViewSchema, `/community-referrals/${enc(id)}/cancel`, { method: 'POST', body }),

  // ---- the provider inbox ----
  inbox: (state: InboxQuery['state'] = 'open', signal?: AbortSignal) => request(inboxSchema, '/inbox', { query: { state }, signal }),
  respond: (id: string, body: RespondBody) => request(inboxItemViewSchema, `/community-referrals/${enc(id)}/respond`, { method: 'POST', body }),
};
