import { describe, expect, it } from 'vitest';
import { addDays, buildWorklist, daysBetween, londonDate, todayWindow } from './worklist.ts';

describe('Today dates', () => {
  it('uses the date in England, not UTC (after midnight BST it is already tomorrow)', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it('moves dates by whole days across month, year and clock changes', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-11-21', '2026-12-05')).toBe(14);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('sets the windows: reviews due within seven days, 21 days without contact, 14 days unanswered', () => {
    expect(todayWindow(new Date('2026-11-21T09:00:00Z'))).toEqual({
      today: '2026-11-21',
      reviewsDueBy: '2026-11-27',
      noContactBefore: '2026-10-31T09:00:00.000Z',
      unansweredSentBefore: '2026-11-07T09:00:00.000Z',
      unableToContactAfter: 3,
      // Outcomes: baseline missing 14 days after acceptance; final due 84 days after it.
      baselineMissingAcceptedBefore: '2026-11-07T09:00:00.000Z',
      finalDueAcceptedBefore: '2026-08-29T09:00:00.000Z',
    });
  });

  it('follows the deployment\'s settings for unanswered referrals and "unable to contact"', () => {
    const w = todayWindow(new Date('2026-11-21T09:00:00Z'), { communityReferralUnansweredDays: 7, unableToContactAfter: 5 });
    expect(w.unansweredSentBefore).toBe('2026-11-14T09:00:00.000Z');
    expect(w.unableToContactAfter).toBe(5);
  });
});

describe('buildWorklist', () => {
  const w = todayWindow(new Date('2026-12-15T09:00:00Z'));
  const base = {
    status: 'active' as const,
    nextReviewOn: null,
    allocatedAt: '2026-12-01T09:00:00.000Z',
    firstContactAt: '2026-12-01T10:00:00.000Z',
    lastContactAt: '2026-12-14T09:00:00.000Z',
    createdAt: '2026-12-01T09:00:00.000Z',
    contactAttempts: 0,
  };
  const cases = [
    { ...base, id: 'overdue-b', nextReviewOn: '2026-12-14' },
    { ...base, id: 'overdue-a', nextReviewOn: '2026-12-01' },
    { ...base, id: 'due-today', nextReviewOn: '2026-12-15' },
    { ...base, id: 'due-in-6', nextReviewOn: '2026-12-21' },
    { ...base, id: 'due-in-7', nextReviewOn: '2026-12-22' },
    { ...base, id: 'new', status: 'allocated' as const, firstContactAt: null, lastContactAt: null, allocatedAt: '2026-12-14T09:00:00.000Z' },
    { ...base, id: 'quiet', lastContactAt: '2026-11-20T09:00:00.000Z' },
    {
      ...base,
      id: 'never-heard',
      status: 'contacting' as const,
      firstContactAt: null,
      lastContactAt: null,
      allocatedAt: '2026-11-01T09:00:00.000Z',
      contactAttempts: 3,
    },
    { ...base, id: 'paused', status: 'on_hold' as const, lastContactAt: '2026-10-01T09:00:00.000Z' },
  ];
  it('sorts open cases into the lists, most urgent first, each capped', () => {
    const l = buildWorklist(cases, w, 10);
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
    expect(ids(l.overdueFollowUps)).toEqual(['overdue-a', 'overdue-b']);
    expect(ids(l.reviewsDue)).toEqual(['due-today', 'due-in-6']);
    expect(ids(l.newAllocations)).toEqual(['new']);
    expect(ids(l.noRecentContact)).toEqual(['never-heard', 'quiet']);
    expect(ids(l.suggestedDischarges)).toEqual(['never-heard']);
    expect(ids(buildWorklist(cases, w, 1).overdueFollowUps)).toEqual(['overdue-a']);
  });
});
