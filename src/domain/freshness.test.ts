import { describe, expect, it } from 'vitest';
import { isStale, lastKnownGood, staleBefore } from './freshness.ts';

describe('directory freshness', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  it('counts whole calendar months back', () => {
    expect(staleBefore(now, 6).toISOString()).toBe('2026-05-21T12:00:00.000Z');
  });
  it('prefers the Linkwork verification, then the feed assured date, then when it was added', () => {
    expect(lastKnownGood({ lastVerifiedAt: '2026-10-01', assuredDate: '2020-01-01', createdAt: '2019-01-01' })).toBe('2026-10-01');
    expect(lastKnownGood({ lastVerifiedAt: null, assuredDate: '2020-01-01', createdAt: '2019-01-01' })).toBe('2020-01-01');
    expect(lastKnownGood({ lastVerifiedAt: null, assuredDate: null, createdAt: '2019-01-01' })).toBe('2019-01-01');
  });
  it('is stale only when last known good is before the cut-off; unreadable dates are stale', () => {
    expect(isStale({ lastVerifiedAt: '2026-05-22T00:00:00Z', assuredDate: null, createdAt: '2010-01-01' }, now, 6)).toBe(false);
    expect(isStale({ lastVerifiedAt: '2026-05-20T00:00:00Z', assuredDate: null, createdAt: '2026-11-01' }, now, 6)).toBe(true);
    expect(isStale({ lastVerifiedAt: null, assuredDate: 'not a date', createdAt: 'x' }, now, 6)).toBe(true);
    expect(isStale({ lastVerifiedAt: '2026-01-01', assuredDate: null, createdAt: '2026-01-01' }, now, 12)).toBe(false);
  });
});
