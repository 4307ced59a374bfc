import { describe, expect, it } from 'vitest';
import { discloseFigures } from './disclosure.ts';
import { count, percent, summary, TOTAL, type Figure } from './figures.ts';

const valueOf = (figs: ReturnType<typeof discloseFigures>, breakdown: string, group: string) =>
  figs.find((f) => f.breakdown === breakdown && f.group === group);

describe('discloseFigures', () => {
  it('releases exact figures unchanged, without their basis', () => {
    const figs = discloseFigures([percent('D3', TOTAL, TOTAL, 3, 12)], 'exact');
    expect(figs).toEqual([
      { metric: 'D3', breakdown: TOTAL, group: TOTAL, unit: 'percent', value: 25, ci95Lower: null, ci95Upper: null, withheldReason: null },
    ]);
  });

  it('withholds 1–7, rounds others to 5, keeps 0', () => {
    const figs = discloseFigures(
      [count('D1', 'source', 'gp', 7), count('D1', 'source', 'self', 8), count('D1', 'source', 'partner', 12), count('D1', 'source', 'proactive', 13)],
      'suppressed',
    );
    expect(figs.map((f) => [f.group, f.value, f.withheldReason])).toEqual([
      ['gp', null, 'small_number_suppressed'],
      ['self', 10, null],
      ['partner', 10, null],
      ['proactive', 15, null],
    ]);
  });

  it('a 2×2 table with one cell of 3 and a shown total does not give the 3 back', () => {
    // Rows: sex; columns: outcome. Cells F|yes=3, F|no=20, M|yes=15, M|no=40; margins and total.
    const cells: [string, number][] = [
      ['F|yes', 3],
      ['F|no', 20],
      ['M|yes', 15],
      ['M|no', 40],
      ['F|total', 23],
      ['M|total', 55],
      ['total|yes', 18],
      ['total|no', 60],
      ['total', 78],
    ];
    const figs = discloseFigures(
      cells.map(([g, v]) => count('R5', 'sex|outcome', g, v)),
      'suppressed',
    );
    const shown = new Map(figs.map((f) => [f.group, f.value]));
    expect(shown.get('F|yes')).toBeNull();
    // Every line through the hidden cell has at least two hidden cells (or a hidden total), so no
    // subtraction recovers it: F row, yes column.
    const hiddenIn = (groups: string[]) => groups.filter((g) => shown.get(g) === null).length;
    expect(hiddenIn(['F|yes', 'F|no']) >= 2 || shown.get('F|total') === null).toBe(true);
    expect(hiddenIn(['F|yes', 'M|yes']) >= 2 || shown.get('total|yes') === null).toBe(true);
    // And no shown combination equals 3: F|total − F|no and total|yes − M|yes are unavailable.
    const fTotal = shown.get('F|total');
    const fNo = shown.get('F|no');
    if (fTotal !== null && fTotal !== undefined && fNo !== null && fNo !== undefined) expect(fTotal - fNo).not.toBe(3);
    for (const f of figs) if (f.value !== null) expect(f.value % 5).toBe(0);
  });

  it('one-way: a single hidden cell beside a total hides the next smallest too', () => {
    const figs = discloseFigures(
      [
        count('D1', 'source', 'gp', 40),
        count('D1', 'source', 'self', 4),
        count('D1', 'source', 'partner', 11),
        count('D1', 'source', 'clinician', 30),
        count('D1', 'source', TOTAL, 85),
      ],
      'suppressed',
    );
    expect(valueOf(figs, 'source', 'self')?.withheldReason).toBe('small_number_suppressed');
    expect(valueOf(figs, 'source', 'partner')?.withheldReason).toBe('secondary_suppression');
    expect(valueOf(figs, 'source', 'gp')?.value).toBe(40);
    expect(valueOf(figs, 'source', TOTAL)?.value).toBe(85);
  });

  it('zeros beside a hidden cell are hidden too', () => {
    const figs = discloseFigures(
      [count('F1', 'exit', 'died', 0), count('F1', 'exit', 'declined', 2), count('F1', 'exit', 'completed', 50), count('F1', 'exit', TOTAL, 52)],
      'suppressed',
    );
    expect(valueOf(figs, 'exit', 'died')?.withheldReason).toBe('zero_beside_suppressed');
    expect(valueOf(figs, 'exit', 'completed')?.value).toBe(50);
  });

  it('a table with no hidden cell keeps its zeros', () => {
    const figs = discloseFigures([count('F1', 'exit', 'died', 0), count('F1', 'exit', 'completed', 50), count('F1', 'exit', TOTAL, 50)], 'suppressed');
    expect(valueOf(figs, 'exit', 'died')?.value).toBe(0);
  });

  it('withholds a share whose numerator is small, or whose count cell was hidden', () => {
    const figs: Figure[] = [
      count('F1', 'stage', 'engaged', 5),
      percent('F1', 'stage_of_referred', 'engaged', 5, 100, undefined, 'F1/stage/engaged'),
      count('F5', 'contacts', '6-12', 9),
      count('F5', 'contacts', '13+', 3),
      count('F5', 'contacts', TOTAL, 40),
      count('F5', 'contacts', '0', 28),
      percent('F5', 'contacts_share', '6-12', 9, 40, undefined, 'F5/contacts/6-12'),
    ];
    const out = discloseFigures(figs, 'suppressed');
    expect(valueOf(out, 'stage_of_referred', 'engaged')?.withheldReason).toBe('small_number_suppressed');
    // 13+ = 3 is hidden; 6-12 is the next smallest → hidden, and its share with it.
    expect(valueOf(out, 'contacts', '6-12')?.withheldReason).toBe('secondary_suppression');
    expect(valueOf(out, 'contacts_share', '6-12')?.withheldReason).toBe('secondary_suppression');
  });

  it('withholds medians on fewer than 10 people and rounds released ones', () => {
    const out = discloseFigures(
      [summary('F2', 'measure', 'a', 'working_days', 3.333, 9), summary('F2', 'measure', 'b', 'working_days', 3.333, 10)],
      'suppressed',
    );
    expect(out[0]?.withheldReason).toBe('small_cohort_withheld');
    expect(out[1]?.value).toBe(3.3);
  });
});
