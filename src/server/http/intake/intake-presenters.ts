import {
  reasonInWords,
  STATUS_IN_WORDS,
  type MyReferralView,
  type ReferralCreatedView,
  type TriagedReferralView,
  type TriageListView,
} from '../../../domain/schemas/referrals.ts';
import type { ReferrerViewRow } from '../../../db/repositories/intake/referrals.ts';
import type { ReferralCreated } from '../../../services/intake/create-referral.ts';
import type { TriagedReferral } from '../../../services/intake/shared/triage.ts';
import type { TriageList } from '../../../services/intake/list-triage.ts';

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
