import {
  allowedLinkWorkerCommands,
  allowedProviderCommands,
  FHIR_TASK_STATUS,
  NOT_TAKEN_UP_STATUSES,
  type ServiceFigures,
} from '../../../domain/community-referral.ts';
import type { CommunityReferralView, InboxItemView, ServiceListView, ServiceStatsView, ServiceView } from '../../../domain/schemas/community.ts';
import type { CommunityReferral, InboxRow, Service } from '../../../db/repositories/community/community-referrals.ts';
import type { ServicesForCase } from '../../../services/directory/list-services-for-case.ts';

export const presentService = (s: Service): ServiceView => ({
  id: s.id,
  organisationId: s.organisationId,
  organisationName: s.organisationName,
  name: s.name,
  description: s.description,
  needs: s.needs,
  takesReferrals: s.takesReferrals,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** A case's services list: each service with its distance, and the counts left out (never who the person is). */
export const presentServicesForCase = (r: ServicesForCase): ServiceListView => ({
  services: r.services.map((x) => ({ ...presentService(x.service), distanceKm: x.distanceKm })),
  leftOut: r.leftOut,
  byDistance: r.byDistance,
  radiusKm: r.radiusKm,
});

/** The link worker's view of a referral or signpost on their case. */
export const presentCommunityReferral = (c: CommunityReferral): CommunityReferralView => ({
  id: c.id,
  caseId: c.caseId,
  kind: c.kind,
  status: c.status,
  serviceId: c.serviceId,
  serviceName: c.serviceName,
  organisationName: c.organisationName,
  need: c.need,
  reasonText: c.reasonText,
  declineReason: c.declineReason,
  sentAt: c.sentAt,
  respondedAt: c.respondedAt,
  expiresAt: c.expiresAt,
  updatedAt: c.updatedAt,
  version: c.version,
  allowedCommands: c.kind === 'refer' ? allowedLinkWorkerCommands(c.status) : [],
  fhirTask: { ...FHIR_TASK_STATUS[c.status], statusReason: c.declineReason },
});

/**
 * The provider's inbox item: the minimum necessary (name, contact, reason, consent) and nothing
 * else about the person. Once a referral closed without the provider taking the person on
 * (declined, no response, cancelled) their contact details are withheld as well.
 */
export const presentInboxItem = (r: InboxRow): InboxItemView => {
  const withhold = NOT_TAKEN_UP_STATUSES.includes(r.status);
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    allowedCommands: allowedProviderCommands(r.status),
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    sentAt: r.sentAt,
    expiresAt: r.expiresAt,
    respondedAt: r.respondedAt,
    declineReason: r.declineReason,
    need: r.need,
    reasonText: r.reasonText,
    referredBy: r.referredByName,
    person: {
      givenName: r.person.givenName,
      familyName: r.person.familyName,
      phone: withhold ? null : r.person.phone,
      email: withhold ? null : r.person.email,
      contactMethods: withhold ? [] : r.person.contactMethods,
      contactNotes: withhold ? null : r.person.contactNotes,
    },
    consent: { given: r.consent.given, recordedAt: r.consent.recordedAt },
  };
};

export const presentServiceStats = (f: ServiceFigures & { serviceId: string }): ServiceStatsView => ({
  serviceId: f.serviceId,
  received: f.received,
  answered: f.answered,
  acceptedOrLater: f.acceptedOrLater,
  acceptanceRate: f.acceptanceRate,
  medianResponseHours: f.medianResponseHours,
  byStatus: { ...f.byStatus },
  signposted: f.signposted,
});
