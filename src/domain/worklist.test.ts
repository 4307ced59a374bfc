import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, londonDate, todayWindow } from './worklist.ts';

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
    });
  });
});
