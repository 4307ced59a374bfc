import { describe, expect, it } from 'vitest';
import type { ScoreChangeView } from '../../../domain/schemas/outcomes.ts';
import { expiryWords, isNumericScale } from '../outcomes/questionnaire-page.tsx';
import { changeWords, itemName } from './outcomes.tsx';

const change = (over: Partial<ScoreChangeView>): ScoreChangeView => ({
  from: 40,
  to: 43,
  difference: 3,
  direction: 'higher_is_better',
  meaningfulChange: 2,
  basis: 'meaningful_change',
  verdict: 'improved',
  bandFrom: null,
  bandTo: null,
  ...over,
});

describe('the change in words', () => {
  it('judges against the meaningful change when one is established', () => {
    expect(changeWords(change({}))).toBe('improved by 3 (40 → 43) — more than the meaningful change of 2');
    expect(changeWords(change({ to: 42, difference: 2 }))).toBe('improved by 2 (40 → 42) — as large as the meaningful change of 2');
    expect(changeWords(change({ to: 41, difference: 1, verdict: 'no_change' }))).toBe(
      'up 1 (40 → 41) — less than the meaningful change of 2, so not counted as a change',
    );
    expect(changeWords(change({ to: 36, difference: -4, verdict: 'worsened' }))).toBe('worse by 4 (40 → 36) — more than the meaningful change of 2');
  });

  it('says plainly when there is no threshold, and names the bands moved between', () => {
    const low = { code: 'low', label: 'Low' };
    const high = { code: 'high', label: 'High' };
    expect(
      changeWords(
        change({ from: 7, to: 2, difference: -5, direction: 'higher_is_worse', meaningfulChange: null, basis: 'any_change', bandFrom: high, bandTo: low }),
      ),
    ).toBe('improved by 5 (7 → 2); High → Low');
    expect(
      changeWords(change({ from: 8, to: 8, difference: 0, meaningfulChange: null, basis: 'any_change', verdict: 'no_change', bandFrom: high, bandTo: high })),
    ).toBe('no change (8); still High');
    expect(changeWords(change({ from: 22.5, to: 25.03, difference: 2.53, meaningfulChange: 3, verdict: 'no_change' }))).toBe(
      'up 2.53 (22.5 → 25.03) — less than the meaningful change of 3, so not counted as a change',
    );
  });

  it('names items and reads scales and expiry times the way people do', () => {
    expect(itemName('life_satisfaction')).toBe('Life satisfaction');
    expect(itemName('left-out')).toBe('Left out');
    const zeroToTen = Array.from({ length: 11 }, (_, v) => ({ value: v, label: v === 0 ? '0 – Not at all' : v === 10 ? '10 – Completely' : String(v) }));
    expect(isNumericScale(zeroToTen)).toBe(true);
    expect(
      isNumericScale([
        { value: 1, label: 'Hardly ever' },
        { value: 2, label: 'Some of the time' },
        { value: 3, label: 'Often' },
      ]),
    ).toBe(false);
    expect(expiryWords('2026-12-05T09:00:00.000Z')).toBe('9am on 5 December 2026');
    expect(expiryWords('2026-06-05T16:30:00.000Z')).toBe('5:30pm on 5 June 2026');
  });
});
