import { describe, expect, it } from 'vitest';
import {
  allowedCommunityCommands,
  allowedLinkWorkerCommands,
  allowedProviderCommands,
  COMMUNITY_REFERRAL_COMMANDS,
  COMMUNITY_REFERRAL_EXPIRY_DAYS,
  COMMUNITY_REFERRAL_STATUSES,
  communityReferralExpiry,
  computeServiceFigures,
  DECLINE_REASON_LABELS,
  DECLINE_REASONS,
  FHIR_TASK_STATUS,
  median,
  nextCommunityStatus,
  type CommunityReferralCommand,
  type CommunityReferralStatus,
  needForReferral,
} from './community-referral.ts';

// The closed loop as DOMAIN.md §2 step 6 and the issue describe it, written out independently of
// the implementation's table: every pair not listed here must be refused.
const ALLOWED: Record<string, CommunityReferralStatus> = {
  'sent accept': 'accepted',
  'sent decline': 'declined',
  'sent expire': 'no_response',
  'sent cancel': 'cancelled',
  'accepted start': 'started',
  'accepted cancel': 'cancelled',
  'started mark_attended': 'attended',
  'started mark_did_not_attend': 'did_not_attend',
  'did_not_attend start': 'started',
  'attended complete': 'completed',
};

describe('the community referral state machine', () => {
  it('allows exactly the closed-loop moves and refuses every other status × command pair', () => {
    let refused = 0;
    for (const from of COMMUNITY_REFERRAL_STATUSES) {
      for (const command of COMMUNITY_REFERRAL_COMMANDS) {
        const expected = ALLOWED[`${from} ${command}`] ?? null;
        expect(nextCommunityStatus(from, command), `${from} --${command}-->`).toBe(expected);
        if (expected === null) refused += 1;
      }
    }
    expect(refused).toBe(COMMUNITY_REFERRAL_STATUSES.length * COMMUNITY_REFERRAL_COMMANDS.length - Object.keys(ALLOWED).length);
  });

  it('walks the happy path sent → accepted → started → attended → completed, with a rebooking after a missed session', () => {
    const walk = (start: CommunityReferralStatus, commands: CommunityReferralCommand[]) =>
      commands.reduce<CommunityReferralStatus | null>((s, c) => (s === null ? null : nextCommunityStatus(s, c)), start);
    expect(walk('sent', ['accept', 'start', 'mark_attended', 'complete'])).toBe('completed');
    expect(walk('sent', ['accept', 'start', 'mark_did_not_attend', 'start', 'mark_attended', 'complete'])).toBe('completed');
    expect(walk('sent', ['accept', 'start', 'cancel'])).toBeNull();
  });

  it('ends at declined, no response, completed, cancelled and signposted', () => {
    for (const s of ['declined', 'no_response', 'completed', 'cancelled', 'signposted'] as const) expect(allowedCommunityCommands(s)).toEqual([]);
  });

  it('splits the commands between provider (inbox) and link worker (cancel only)', () => {
    expect(allowedProviderCommands('sent')).toEqual(['accept', 'decline']);
    expect(allowedProviderCommands('accepted')).toEqual(['start']);
    expect(allowedProviderCommands('started')).toEqual(['mark_attended', 'mark_did_not_attend']);
    expect(allowedProviderCommands('did_not_attend')).toEqual(['start']);
    expect(allowedProviderCommands('attended')).toEqual(['complete']);
    expect(allowedLinkWorkerCommands('sent')).toEqual(['cancel']);
    expect(allowedLinkWorkerCommands('accepted')).toEqual(['cancel']);
    expect(allowedLinkWorkerCommands('started')).toEqual([]);
    // Nobody but the job expires a referral.
    for (const s of COMMUNITY_REFERRAL_STATUSES) {
      expect(allowedProviderCommands(s)).not.toContain('expire');
      expect(allowedLinkWorkerCommands(s)).not.toContain('expire');
    }
  });

  it('has the coded decline reasons, each with a label', () => {
    expect(DECLINE_REASONS).toEqual(['full', 'ineligible', 'unsuitable', 'no_response', 'person_declined', 'other']);
    for (const r of DECLINE_REASONS) expect(DECLINE_REASON_LABELS[r]).toMatch(/\w/);
  });

  it('maps every status to a FHIR R4 Task status (Gravity SDOH pattern) and a business status', () => {
    const fhirCodes = [
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'ready',
      'cancelled',
      'in-progress',
      'on-hold',
      'failed',
      'completed',
      'entered-in-error',
    ];
    for (const s of COMMUNITY_REFERRAL_STATUSES) {
      expect(fhirCodes).toContain(FHIR_TASK_STATUS[s].status);
      expect(FHIR_TASK_STATUS[s].businessStatus).toMatch(/^[a-z-]+$/);
    }
    expect(FHIR_TASK_STATUS.sent.status).toBe('requested');
    expect(FHIR_TASK_STATUS.declined.status).toBe('rejected');
    expect(FHIR_TASK_STATUS.started.status).toBe('in-progress');
    expect(FHIR_TASK_STATUS.completed.status).toBe('completed');
    expect(FHIR_TASK_STATUS.cancelled.status).toBe('cancelled');
  });

  it('expires a referral 14 days after it was sent', () => {
    expect(COMMUNITY_REFERRAL_EXPIRY_DAYS).toBe(14);
    expect(communityReferralExpiry(new Date('2026-11-21T09:00:00.000Z')).toISOString()).toBe('2026-12-05T09:00:00.000Z');
  });
});

describe('median', () => {
  it('is the middle value, the mean of the middle two, or null for none', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 2, 38, 23, 38, 23, 21])).toBe(23);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('computeServiceFigures', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 10, 21, 9) + h * 3_600_000).toISOString();
  it('counts answered referrals only for the acceptance rate and response time; signposts apart', () => {
    const f = computeServiceFigures([
      { kind: 'refer', status: 'completed', sentAt: at(0), respondedAt: at(2) },
      { kind: 'refer', status: 'declined', sentAt: at(0), respondedAt: at(10) },
      // Accepted then cancelled by the link worker: still an acceptance.
      { kind: 'refer', status: 'cancelled', sentAt: at(0), respondedAt: at(4) },
      // Cancelled before any answer, expired, still waiting: not answered.
      { kind: 'refer', status: 'cancelled', sentAt: at(0), respondedAt: null },
      { kind: 'refer', status: 'no_response', sentAt: at(0), respondedAt: null },
      { kind: 'refer', status: 'sent', sentAt: at(0), respondedAt: null },
      { kind: 'signpost', status: 'signposted', sentAt: at(0), respondedAt: null },
    ]);
    expect(f).toEqual({
      received: 6,
      answered: 3,
      acceptedOrLater: 2,
      acceptanceRate: 2 / 3,
      medianResponseHours: 4,
      byStatus: { sent: 1, accepted: 0, declined: 1, no_response: 1, started: 0, attended: 0, did_not_attend: 0, completed: 1, cancelled: 2 },
      signposted: 1,
    });
  });

  it('has no rate and no median before anything is answered', () => {
    const f = computeServiceFigures([]);
    expect(f.acceptanceRate).toBeNull();
    expect(f.medianResponseHours).toBeNull();
    expect(f.received).toBe(0);
  });
});

describe('the need a referral carries', () => {
  it('is the worker’s choice, else the first searched need the service meets, never just the first searched', () => {
    expect(needForReferral('housing', ['loneliness', 'debt'], ['debt'])).toBe('housing');
    expect(needForReferral(undefined, ['loneliness', 'debt'], ['debt', 'benefits'])).toBe('debt');
    expect(needForReferral(undefined, ['loneliness', 'debt'], ['loneliness', 'debt'])).toBe('loneliness');
    expect(needForReferral(undefined, ['loneliness'], ['debt'])).toBeNull();
    expect(needForReferral(undefined, [], ['debt'])).toBeNull();
  });
});
