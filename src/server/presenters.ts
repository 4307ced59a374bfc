import type { AuditEventView } from '../domain/schemas/audit.ts';
import type { OrganisationView } from '../domain/schemas/organisations.ts';
import type { PersonView } from '../domain/schemas/person.ts';
import type { PostcodeLookupView } from '../domain/schemas/geo.ts';
import type { UserView } from '../domain/schemas/users.ts';
import type { AuditEventRow } from '../db/repositories/audit.ts';
import type { Organisation } from '../db/repositories/organisations.ts';
import type { Person } from '../db/repositories/persons.ts';
import type { PostcodeLookup } from '../db/repositories/geo.ts';
import type { User } from '../db/repositories/users.ts';
import type { AuditOutcome } from '../domain/audit.ts';

// Presenters: explicit field whitelists from internal records to what the API says. Nothing
// reaches a response that is not named here (password hashes, versions of secrets, raw rows).

export const presentUser = (u: User & { organisationIds: string[] }): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  organisationIds: u.organisationIds,
  createdAt: u.createdAt,
});

export const presentOrganisation = (o: Organisation): OrganisationView => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  odsCode: o.odsCode,
  parentId: o.parentId,
  listSize: o.listSize,
});

export const presentPerson = (p: Person): PersonView => ({
  id: p.id,
  nhsNumber: p.nhsNumber,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  postcode: p.postcode,
  lsoa: p.lsoa,
  imdDecile: p.imdDecile,
  practiceId: p.practiceId,
  version: p.version,
});

export const presentAuditEvent = (e: AuditEventRow): AuditEventView => ({
  seq: e.seq,
  id: e.id,
  at: e.at,
  actorUserId: e.actorUserId,
  actorName: e.actorName,
  actorRole: e.actorRole,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  personId: e.personId,
  requestId: e.requestId,
  ip: e.ip,
  outcome: e.outcome as AuditOutcome,
  summary: JSON.parse(e.summary) as Record<string, unknown>,
});

export const presentPostcode = (p: PostcodeLookup): PostcodeLookupView => ({
  postcode: p.postcode,
  lsoa: p.lsoa,
  latitude: p.latitude,
  longitude: p.longitude,
  imdDecile: p.imdDecile,
  terminated: p.terminated,
});

// ---- community referrals (closed loop) and minimal services ----
// (Imports kept with this block so the shared file only grows at its end.)
import { allowedLinkWorkerCommands, allowedProviderCommands, FHIR_TASK_STATUS, NOT_TAKEN_UP_STATUSES, type ServiceFigures } from '../domain/community-referral.ts';
import type { CommunityReferralView, InboxItemView, ServiceStatsView, ServiceView } from '../domain/schemas/community.ts';
import type { CommunityReferral, InboxRow, Service } from '../db/repositories/community.ts';

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
