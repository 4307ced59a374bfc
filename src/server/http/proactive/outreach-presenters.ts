import type { OutreachAcceptedView, OutreachListView, OutreachStartedView, OutreachView } from '../../../domain/schemas/outreach.ts';
import type { ReviewOutcome } from '../../../domain/proactive/outreach.ts';
import type { OutreachAccepted } from '../../../services/proactive/accept-outreach.ts';
import type { OutreachItem, OutreachList } from '../../../services/proactive/shared/outreach.ts';
import type { OutreachStarted } from '../../../services/proactive/start-outreach.ts';

/**
 * What the worklist shows of an outreach (an explicit whitelist): the NHS number, age and sex from
 * the practice data, the cohort's reasons, and the outreach's coded facts. Who reviewed or invited
 * is not shown; the NHS number is, because the worker needs it to find the person in the GP
 * record, and only people covering the practice reach this.
 */
export function presentOutreach(o: OutreachItem): OutreachView {
  return {
    id: o.id,
    runId: o.runId,
    practice: { id: o.practiceId, name: o.practiceName, odsCode: o.practiceOds },
    nhsNumber: o.nhsNumber,
    dateOfBirth: o.dateOfBirth,
    age: o.age,
    sex: o.sex,
    postcode: o.postcode,
    rules: o.rules,
    score: o.score,
    state: o.state,
    nextAction: o.nextAction,
    reviewOutcome: o.reviewOutcome satisfies ReviewOutcome | null,
    reviewReason: o.reviewReason,
    reviewedAt: o.reviewedAt,
    attempts: o.attempts,
    maxAttempts: o.maxAttempts,
    canInvite: o.canInvite,
    lastAttemptAt: o.lastAttemptAt,
    channel: o.channel,
    language: o.language,
    easyRead: o.easyRead,
    respondedAt: o.respondedAt,
    declineCode: o.declineCode,
    referral: o.referralId === null ? null : { id: o.referralId, reference: o.referralReference },
    version: o.version,
  };
}

export function presentOutreachList(l: OutreachList): OutreachListView {
  return { items: l.items.map(presentOutreach), counts: l.counts, total: l.total, maxAttempts: l.maxAttempts };
}

export function presentOutreachStarted(s: OutreachStarted): OutreachStartedView {
  return { runId: s.runId, started: s.started, skipped: s.skipped };
}

export function presentOutreachAccepted(a: OutreachAccepted): OutreachAcceptedView {
  return { outreach: presentOutreach(a.outreach), referral: a.referral, personId: a.personId, personMatch: a.personMatch };
}
