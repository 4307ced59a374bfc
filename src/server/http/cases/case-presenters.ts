import { allowedLinkWorkerCommands, isCommunityReferralStatus } from '../../../domain/community-referral.ts';
import { CONTACT_GUIDANCE, contactGuidanceBand } from '../../../domain/contacts.ts';
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
  PracticeMessageItemView,
  TodayView,
  UnmetNeedView,
} from '../../../domain/schemas/cases.ts';
import type { ContactRecord } from '../../../db/repositories/cases/contacts.ts';
import type { ConversationRecord } from '../../../db/repositories/cases/conversations.ts';
import type { GpEntryExportRecord } from '../../../db/repositories/cases/gp-record-entries.ts';
import type { NotificationRecord } from '../../../db/repositories/notifications/notifications.ts';
import type { PlanVersionRecord } from '../../../db/repositories/cases/plans.ts';
import type { UnmetNeedRecord } from '../../../db/repositories/community/unmet-needs.ts';
import type { UserRef } from '../../../db/repositories/cases/cases.ts';
import type { CaseDetail } from '../../../services/cases/get-case.ts';
import type { PracticeMessageRow } from '../../../db/repositories/cases/practice-messages.ts';
import { DISCHARGE_REASONS, type DischargeReason } from '../../../domain/case-lifecycle.ts';
import type { PlanPrint } from '../../../services/cases/get-plan-print.ts';
import type { Today } from '../../../services/cases/get-today.ts';
import type { CaseSummary } from '../../../services/cases/shared/case-summary.ts';
import type { CaseWorkView, WorkRecordView } from '../../../domain/schemas/work.ts';
import { FOLLOW_UP_WEEKS, followUpDueOn, workOutcome } from '../../../domain/work.ts';
import { londonDate } from '../../../domain/worklist.ts';
import type { WorkRecordRecord } from '../../../db/repositories/cases/work.ts';

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
  work: { goal: p.work.goal, barriers: [...p.work.barriers] },
});

export const presentWorkRecord = (w: WorkRecordRecord): WorkRecordView => ({
  stage: w.stage,
  followUpWeeks: w.followUpWeeks,
  recordedAt: w.recordedAt,
  employmentStatus: w.employmentStatus,
  offSickSince: w.offSickSince,
  fitNoteState: w.fitNoteState,
  adjustments: [...w.adjustments],
  inWork: w.inWork,
  returnedToWorkOn: w.returnedToWorkOn,
  movement: [...w.movement],
  version: w.version,
});

/** The case's work section: records, the return to work, and each follow-up's due date and state. */
export function presentCaseWork(records: readonly WorkRecordRecord[], referredOn: string, today: string): CaseWorkView {
  const o = workOutcome(records, { referredOn, workGoal: null, asOf: today });
  const returned = o.returnedToWorkOn;
  return {
    records: records.map(presentWorkRecord),
    returnedToWorkOn: returned,
    followUps: returned === null ? [] : FOLLOW_UP_WEEKS.map((weeks) => ({ weeks, dueOn: followUpDueOn(returned, weeks), state: o.sustained[weeks] })),
  };
}

export const presentUnmetNeed = (u: UnmetNeedRecord): UnmetNeedView => ({
  id: u.id,
  need: u.need,
  kind: u.kind,
  barrier: u.barrier,
  lsoa: u.lsoa,
  note: u.note,
  createdAt: u.createdAt,
});

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
      contactPreferences:
        c.person.contactPreferences === null
          ? null
          : {
              methods: [...c.person.contactPreferences.methods],
              bestTimes: [...c.person.contactPreferences.bestTimes],
              notes: c.person.contactPreferences.notes ?? null,
            },
      communicationNeeds:
        c.person.communicationNeeds === null
          ? null
          : {
              interpreterNeeded: c.person.communicationNeeds.interpreterNeeded,
              language: c.person.communicationNeeds.language ?? null,
              accessibleFormats: [...c.person.communicationNeeds.accessibleFormats],
            },
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
      consentRecordedAt: c.consentRecordedAt,
      contactNotes: c.contactNotes,
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
      versions: d.planVersions.map((v) => ({
        version: v.version,
        reviewOn: v.reviewOn,
        createdAt: v.createdAt,
        createdBy: presentUserRef(v.createdBy),
        goalCount: v.goals.length,
      })),
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
      version: r.version,
      canWithdraw: r.kind === 'refer' && isCommunityReferralStatus(r.status) && allowedLinkWorkerCommands(r.status).includes('cancel'),
    })),
    unmetNeeds: d.unmetNeeds.map(presentUnmetNeed),
    gpRecordEntries: d.gpRecordEntries.map((e) => ({ id: e.id, code: e.code, description: e.description, recordedOn: e.recordedOn, filedAt: e.filedAt })),
    timeline: d.timeline.map((e) => ({ id: e.id, at: e.at, kind: e.kind, actor: e.actor === null ? null : presentUserRef(e.actor), data: e.data })),
    work: presentCaseWork(d.work.records, londonDate(new Date(c.createdAt)), d.work.today),
  };
};

export const presentCaseWrite = (r: { id: string; status: CaseWriteResult['status']; version: number }): CaseWriteResult => ({
  id: r.id,
  status: r.status,
  version: r.version,
});

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

export const presentNotification = (n: NotificationRecord): NotificationView => ({
  id: n.id,
  kind: n.kind,
  referralId: n.referralId,
  createdAt: n.createdAt,
  readAt: n.readAt,
  case:
    n.case === null
      ? null
      : { reference: n.case.reference, person: n.case.person === null ? null : { givenName: n.case.person.givenName, familyName: n.case.person.familyName } },
});

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

/** A line of the practice inbox: who, when and why the case closed, and how much they chose to share. */
export const presentPracticeMessage = (r: PracticeMessageRow): PracticeMessageItemView => ({
  id: r.id,
  reference: r.reference,
  person: { givenName: r.person.givenName, familyName: r.person.familyName, dateOfBirth: r.person.dateOfBirth, nhsNumber: r.person.nhsNumber },
  practice: { id: r.practice.id, name: r.practice.name },
  dischargedOn: r.closedAt.slice(0, 10),
  dischargeReason: (DISCHARGE_REASONS as readonly (string | null)[]).includes(r.dischargeReason) ? (r.dischargeReason as DischargeReason) : 'other',
  sharingChoice: r.sharingChoice === 'full' ? 'full' : 'coded_only',
  referrerName: r.referrerName,
});
