import { describe, expect, it } from 'vitest';
import { compareTriage, triageTier } from './triage-order.ts';

describe('triage order', () => {
  it('puts urgent and safeguarding referrals first, then soon, then routine', () => {
    expect(triageTier({ urgency: 'urgent', safeguarding: false })).toBe(0);
    expect(triageTier({ urgency: 'routine', safeguarding: true })).toBe(0);
    expect(triageTier({ urgency: 'soon', safeguarding: false })).toBe(1);
    expect(triageTier({ urgency: 'routine', safeguarding: false })).toBe(2);
  });

  it('is oldest first within a tier, whatever the age of the tiers above', () => {
    const r = (id: string, urgency: 'routine' | 'soon' | 'urgent', createdAt: string, safeguarding = false) => ({ id, urgency, createdAt, safeguarding });
    const board = [
      r('a', 'routine', '2026-11-01T09:00:00.000Z'),
      r('b', 'urgent', '2026-11-20T09:00:00.000Z'),
      r('c', 'routine', '2026-11-10T09:00:00.000Z', true),
      r('d', 'soon', '2026-11-02T09:00:00.000Z'),
      r('e', 'routine', '2026-10-30T09:00:00.000Z'),
    ].sort(compareTriage);
    expect(board.map((x) => x.id)).toEqual(['c', 'b', 'd', 'e', 'a']);
  });
});
