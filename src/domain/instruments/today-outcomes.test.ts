import { describe, expect, it } from 'vitest';
import { buildOutcomeWorklist, todayWindow, TODAY_RULES, type OutcomeFacts } from '../worklist.ts';

// Today's outcome lists (src/domain/worklist.ts): baseline missing 14 days after acceptance, final
// due after 6 successful contacts or 12 weeks.
const now = new Date('2026-11-21T09:00:00.000Z');
const w = todayWindow(now);
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('buildOutcomeWorklist', () => {
  const cases = [
    { id: 'a-new', successfulContacts: 1 },
    { id: 'b-15days-no-baseline', successfulContacts: 2 },
    { id: 'c-14days-exactly', successfulContacts: 2 },
    { id: 'd-not-accepted', successfulContacts: 0 },
    { id: 'e-baseline-6-contacts', successfulContacts: 6 },
    { id: 'f-baseline-5-contacts', successfulContacts: 5 },
    { id: 'g-baseline-85-days', successfulContacts: 2 },
    { id: 'h-baseline-and-final', successfulContacts: 9 },
    { id: 'i-20days-no-baseline', successfulContacts: 0 },
  ];
  const facts = new Map<string, OutcomeFacts>([
    ['a-new', { acceptedAt: daysAgo(3), hasBaseline: false, hasFinal: false }],
    ['b-15days-no-baseline', { acceptedAt: daysAgo(15), hasBaseline: false, hasFinal: false }],
    ['c-14days-exactly', { acceptedAt: daysAgo(14), hasBaseline: false, hasFinal: false }],
    ['d-not-accepted', { acceptedAt: null, hasBaseline: false, hasFinal: false }],
    ['e-baseline-6-contacts', { acceptedAt: daysAgo(30), hasBaseline: true, hasFinal: false }],
    ['f-baseline-5-contacts', { acceptedAt: daysAgo(30), hasBaseline: true, hasFinal: false }],
    ['g-baseline-85-days', { acceptedAt: daysAgo(85), hasBaseline: true, hasFinal: false }],
    ['h-baseline-and-final', { acceptedAt: daysAgo(90), hasBaseline: true, hasFinal: true }],
    ['i-20days-no-baseline', { acceptedAt: daysAgo(20), hasBaseline: false, hasFinal: false }],
  ]);

  it('lists missing baselines (accepted over 14 days ago) oldest first, and finals due', () => {
    const r = buildOutcomeWorklist(cases, facts, w, 100);
    expect(r.baselinesMissing.map((c) => c.id)).toEqual(['i-20days-no-baseline', 'b-15days-no-baseline']);
    expect(r.finalsDue.map((c) => c.id)).toEqual(['g-baseline-85-days', 'e-baseline-6-contacts']);
  });

  it('caps each list', () => {
    const r = buildOutcomeWorklist(cases, facts, w, 1);
    expect(r.baselinesMissing).toHaveLength(1);
    expect(r.finalsDue).toHaveLength(1);
  });

  it('the rules are the documented ones', () => {
    expect(TODAY_RULES).toMatchObject({ baselineMissingAfterDays: 14, finalDueAfterSuccessfulContacts: 6, finalDueAfterDays: 84 });
    expect(w.baselineMissingAcceptedBefore).toBe(daysAgo(14));
    expect(w.finalDueAcceptedBefore).toBe(daysAgo(84));
  });
});
