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

// ── Referral intake, triage, referrers' view and the person in full (issue 3, intake) ──────────
// Imports sit with this section so the additions stay in one block at the end of the file.
import { ethnicCategoryLabel } from '../domain/ethnicity.ts';
import type { DuplicateCandidateView, MergeResultView, PersonDetailsView } from '../domain/schemas/person-details.ts';
import {
  reasonInWords,
  STATUS_IN_WORDS,
  type MyReferralView,
  type PublicPracticesView,
  type ReferralCreatedView,
  type TriagedReferralView,
  type TriageListView,
} from '../domain/schemas/referrals.ts';
import type { PersonDetails } from '../db/repositories/person-details.ts';
import type { ReferrerViewRow } from '../db/repositories/referrals.ts';
import type { ReferralCreated } from '../services/create-referral.ts';
import type { TriagedReferral } from '../services/allocate-referral.ts';
import type { TriageList } from '../services/list-triage.ts';
import type { MergeResult } from '../services/merge-persons.ts';

export const presentReferralCreated = (r: ReferralCreated): ReferralCreatedView => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  source: r.source,
  urgency: r.urgency,
  safeguarding: r.safeguarding,
  personId: r.personId,
  createdAt: r.createdAt,
});

/** The lead's board. NHS numbers are not shown here (only whether one is recorded). */
export const presentTriageList = (l: TriageList): TriageListView => ({
  referrals: l.referrals.map((r) => ({
    id: r.id,
    reference: r.reference,
    createdAt: r.createdAt,
    daysWaiting: r.daysWaiting,
    source: r.source,
    urgency: r.urgency,
    safeguarding: r.safeguarding,
    needs: r.needs,
    reasonText: r.reasonText,
    riskDetails: r.riskText,
    contactNotes: r.contactNotes,
    consentGiven: r.consentGiven,
    practice: { id: r.practiceId, name: r.practiceName },
    person: {
      id: r.person.id,
      givenName: r.person.givenName,
      familyName: r.person.familyName,
      dateOfBirth: r.person.dateOfBirth,
      postcode: r.person.postcode,
      hasNhsNumber: r.person.nhsNumber !== null,
    },
    referrer: { name: r.referrerName, organisationName: r.referrerOrganisationName, contact: r.referrerContact },
    identityChecks: r.identityChecks,
    suggestedLinkWorkers: r.suggestedLinkWorkers.map((s) => ({ id: s.id, displayName: s.displayName, openCaseload: s.openCaseload })),
    version: r.version,
  })),
  counts: { waiting: l.counts.waiting, urgent: l.counts.urgent, safeguarding: l.counts.safeguarding },
});

export const presentTriagedReferral = (r: TriagedReferral): TriagedReferralView => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  statusReason: r.statusReason,
  linkWorker: r.linkWorker === null ? null : { id: r.linkWorker.id, displayName: r.linkWorker.displayName },
  allocatedAt: r.allocatedAt,
  version: r.version,
});

/** What a referrer sees of their own referral: status in plain words, never notes or plans. */
export const presentMyReferral = (r: ReferrerViewRow): MyReferralView => ({
  id: r.id,
  reference: r.reference,
  createdAt: r.createdAt,
  source: r.source,
  urgency: r.urgency,
  needs: r.needs,
  person: { givenName: r.person.givenName, familyName: r.person.familyName, dateOfBirth: r.person.dateOfBirth },
  practice: { id: r.practiceId, name: r.practiceName },
  status: r.status,
  statusInWords: STATUS_IN_WORDS[r.status] ?? r.status,
  reasonInWords: reasonInWords(r.statusReason),
  linkWorkerName: r.linkWorkerName,
  allocatedAt: r.allocatedAt,
  closedAt: r.closedAt,
});

export const presentPublicPractices = (practices: readonly { id: string; name: string }[]): PublicPracticesView => ({
  practices: practices.map((p) => ({ id: p.id, name: p.name })),
});

export const presentPersonDetails = (p: PersonDetails): PersonDetailsView => ({
  id: p.id,
  nhsNumber: p.nhsNumber,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  genderIdentity: p.genderIdentity,
  ethnicCategory: p.ethnicCategory,
  ethnicCategoryLabel: p.ethnicCategory === null ? null : ethnicCategoryLabel(p.ethnicCategory),
  postcode: p.postcode,
  lsoa: p.lsoa,
  imdDecile: p.imdDecile,
  practice: { id: p.practiceId, name: p.practiceName },
  phone: p.phone,
  email: p.email,
  contactPreferences:
    p.contactPreferences === null
      ? null
      : { methods: p.contactPreferences.methods, bestTimes: p.contactPreferences.bestTimes, ...(p.contactPreferences.notes === undefined ? {} : { notes: p.contactPreferences.notes }) },
  communicationNeeds:
    p.communicationNeeds === null
      ? null
      : {
          interpreterNeeded: p.communicationNeeds.interpreterNeeded,
          ...(p.communicationNeeds.language === undefined ? {} : { language: p.communicationNeeds.language }),
          accessibleFormats: p.communicationNeeds.accessibleFormats,
        },
  addresses: p.addresses.map((a) => ({ id: a.id, line1: a.line1, line2: a.line2, town: a.town, postcode: a.postcode, validFrom: a.validFrom, validTo: a.validTo })),
  mergedIntoId: p.mergedIntoId,
  version: p.version,
});

export const presentDuplicateCandidate = (c: DuplicateCandidateView): DuplicateCandidateView => ({
  personId: c.personId,
  givenName: c.givenName,
  familyName: c.familyName,
  dateOfBirth: c.dateOfBirth,
  postcode: c.postcode,
  hasNhsNumber: c.hasNhsNumber,
  practice: { id: c.practice.id, name: c.practice.name },
  reasons: c.reasons,
  version: c.version,
});

export const presentMergeResult = (m: MergeResult): MergeResultView => ({
  person: presentPersonDetails(m.person),
  mergedPersonId: m.mergedPersonId,
  referralsMoved: m.referralsMoved,
});

// ---- the case: caseload, case page, plan, Today, notifications, GP-record entries ----
// (Imports kept with this block so the shared file only grows at its end.)
import { CONTACT_GUIDANCE, contactGuidanceBand } from '../domain/contacts.ts';
import type {
  CaseSummaryView,
  CaseView,
  CaseWriteResult,
  ContactView,
  ConversationView,
  DischargeMessage,
  GpEntryExportView,
  NotificationView,
  PlanPrintView,
  PlanVersionView,
  TodayView,
  UnmetNeedView,
} from '../domain/schemas/cases.ts';
import type {
  ContactRecord,
  ConversationRecord,
  GpEntryExportRecord,
  NotificationRecord,
  PlanVersionRecord,
  UnmetNeedRecord,
  UserRef,
} from '../db/repositories/cases.ts';
import type { CaseDetail } from '../services/get-case.ts';
import type { PlanPrint } from '../services/get-plan-print.ts';
import type { Today } from '../services/get-today.ts';
import type { CaseSummary } from '../services/list-caseload.ts';

const presentUserRef = (u: UserRef) => ({ id: u.id, displayName: u.displayName });

export const presentCaseSummary = (c: CaseSummary): CaseSummaryView => ({
  id: c.id,
  reference: c.reference,
  status: c.status,
  person: { id: c.person.id, givenName: c.person.givenName, familyName: c.person.familyName, nhsNumber: c.person.nhsNumber, dateOfBirth: c.person.dateOfBirth },
  practiceId: c.practiceId,
  linkWorker: c.linkWorker === null ? null : { id: c.linkWorker.id, displayName: c.linkWorker.displayName },
  urgency: c.urgency,
  safeguarding: c.safeguarding,
  allocatedAt: c.allocatedAt,
  firstContactAt: c.firstContactAt,
  lastContactAt: c.lastContactAt,
  nextReviewOn: c.nextReviewOn,
  contactAttempts: c.contactAttempts,
  successfulContacts: c.successfulContacts,
  suggestedDischarge: c.suggestedDischarge,
});

export const presentContact = (c: ContactRecord): ContactView => ({
  id: c.id,
  at: c.at,
  type: c.type,
  durationMinutes: c.durationMinutes,
  successful: c.successful,
  notes: c.notes,
  createdBy: presentUserRef(c.createdBy),
});

export const presentConversation = (c: ConversationRecord): ConversationView => ({
  needs: c.needs.map((n) => ({ code: n.code, words: n.words })),
  strengths: c.strengths,
  interests: c.interests,
  barriers: [...c.barriers],
  notes: c.notes,
  updatedAt: c.updatedAt,
  updatedBy: presentUserRef(c.updatedBy),
  version: c.version,
});

export const presentPlanVersion = (p: PlanVersionRecord): PlanVersionView => ({
  version: p.version,
  goals: p.goals.map((g) => ({
    id: g.id,
    text: g.text,
    steps: g.steps.map((s) => ({ text: s.text, who: s.who, done: s.done })),
    targetDate: g.targetDate,
    status: g.status,
    progress: g.progress,
  })),
  reviewOn: p.reviewOn,
  createdAt: p.createdAt,
  createdBy: presentUserRef(p.createdBy),
});

export const presentUnmetNeed = (u: UnmetNeedRecord): UnmetNeedView => ({ id: u.id, need: u.need, lsoa: u.lsoa, note: u.note, createdAt: u.createdAt });

/** The case page, for the case's link workers and leads (the only roles that hold case:read). */
export const presentCase = (d: CaseDetail): CaseView => {
  const c = d.case;
  const current = d.planVersions[0];
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    statusReason: c.statusReason,
    version: c.version,
    allowedCommands: d.allowedCommands,
    suggestedDischarge: d.suggestedDischarge,
    person: {
      id: c.person.id,
      nhsNumber: c.person.nhsNumber,
      givenName: c.person.givenName,
      familyName: c.person.familyName,
      dateOfBirth: c.person.dateOfBirth,
      sex: c.person.sex,
      postcode: c.person.postcode,
      lsoa: c.person.lsoa,
      imdDecile: c.person.imdDecile,
      phone: c.person.phone,
      email: c.person.email,
    },
    practice: { id: c.practice.id, name: c.practice.name, odsCode: c.practice.odsCode },
    referral: {
      source: c.source,
      urgency: c.urgency,
      needs: [...c.needs],
      reasonText: c.reasonText,
      safeguarding: c.safeguarding,
      riskText: c.riskText,
      consentGiven: c.consentGiven,
      referrer: { name: c.referrer.name, organisation: c.referrer.organisation, contact: c.referrer.contact },
      createdAt: c.createdAt,
    },
    linkWorker: c.linkWorker === null ? null : { id: c.linkWorker.id, displayName: c.linkWorker.displayName },
    allocatedAt: c.allocatedAt,
    firstContactAt: c.firstContactAt,
    acceptedAt: c.acceptedAt,
    closedAt: c.closedAt,
    lastContactAt: c.lastContactAt,
    nextReviewOn: c.nextReviewOn,
    sharingChoice: c.sharingChoice,
    contacts: {
      items: d.contacts.map(presentContact),
      successful: d.contactCounts.successful,
      attempts: d.contactCounts.attempts,
      guidance: { min: CONTACT_GUIDANCE.min, max: CONTACT_GUIDANCE.max, band: contactGuidanceBand(d.contactCounts.successful) },
    },
    conversation: d.conversation === null ? null : presentConversation(d.conversation),
    plan: {
      current: current === undefined ? null : presentPlanVersion(current),
      versions: d.planVersions.map((v) => ({ version: v.version, reviewOn: v.reviewOn, createdAt: v.createdAt, createdBy: presentUserRef(v.createdBy), goalCount: v.goals.length })),
    },
    communityReferrals: d.communityReferrals.map((r) => ({
      id: r.id,
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      kind: r.kind,
      status: r.status,
      need: r.need,
      sentAt: r.sentAt,
      respondedAt: r.respondedAt,
      declineReason: r.declineReason,
    })),
    unmetNeeds: d.unmetNeeds.map(presentUnmetNeed),
    gpRecordEntries: d.gpRecordEntries.map((e) => ({ id: e.id, code: e.code, description: e.description, recordedOn: e.recordedOn, filedAt: e.filedAt })),
    timeline: d.timeline.map((e) => ({ id: e.id, at: e.at, kind: e.kind, actor: e.actor === null ? null : presentUserRef(e.actor), data: e.data })),
  };
};

export const presentCaseWrite = (r: { id: string; status: CaseWriteResult['status']; version: number }): CaseWriteResult => ({ id: r.id, status: r.status, version: r.version });

/** The plan as the person receives it: their goals and steps, who supports them, no case notes. */
export const presentPlanPrint = (p: PlanPrint): PlanPrintView => ({
  person: { givenName: p.case.person.givenName, familyName: p.case.person.familyName },
  linkWorker: p.case.linkWorker === null ? null : { displayName: p.case.linkWorker.displayName },
  practice: { name: p.case.practice.name },
  reference: p.case.reference,
  plan: presentPlanVersion(p.plan),
  versions: [...p.versions],
});

export const presentToday = (t: Today): TodayView => ({
  date: t.date,
  linkWorkerId: t.linkWorkerId,
  overdueFollowUps: t.overdueFollowUps.map(presentCaseSummary),
  reviewsDue: t.reviewsDue.map(presentCaseSummary),
  newAllocations: t.newAllocations.map(presentCaseSummary),
  unansweredCommunityReferrals: t.unansweredCommunityReferrals.map((u) => ({
    case: presentCaseSummary(u.case),
    communityReferralId: u.communityReferralId,
    serviceName: u.serviceName,
    sentAt: u.sentAt,
    status: u.status,
    daysWaiting: u.daysWaiting,
  })),
  noRecentContact: t.noRecentContact.map(presentCaseSummary),
  suggestedDischarges: t.suggestedDischarges.map(presentCaseSummary),
  baselinesMissing: t.baselinesMissing.map(presentCaseSummary),
  finalsDue: t.finalsDue.map(presentCaseSummary),
  unreadNotifications: t.unreadNotifications,
  unansweredAfterDays: t.unansweredAfterDays,
});

export const presentNotification = (n: NotificationRecord): NotificationView => ({ id: n.id, kind: n.kind, referralId: n.referralId, createdAt: n.createdAt, readAt: n.readAt });

export const presentGpEntry = (e: GpEntryExportRecord): GpEntryExportView => ({
  id: e.id,
  practice: { id: e.practice.id, odsCode: e.practice.odsCode },
  person: { id: e.person.id, nhsNumber: e.person.nhsNumber, givenName: e.person.givenName, familyName: e.person.familyName, dateOfBirth: e.person.dateOfBirth },
  reference: e.reference,
  code: e.code,
  description: e.description,
  recordedOn: e.recordedOn,
  filedAt: e.filedAt,
});

/** The message back, without the internal person id the audit used. */
export const presentDischargeMessage = (m: DischargeMessage & { personId: string }): DischargeMessage => {
  const { personId: _personId, ...message } = m;
  return message;
};
