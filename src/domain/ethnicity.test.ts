import { describe, expect, it } from 'vitest';
import { ETHNIC_CATEGORIES, ETHNIC_CATEGORY_CODES, ethnicCategoryLabel, ethnicGroupOf, isEthnicCategoryCode } from './ethnicity.ts';

describe('NHS ethnic categories', () => {
  it('lists every Data Dictionary code once, in order, with a label and a group', () => {
    expect(ETHNIC_CATEGORIES.map((c) => c.code)).toEqual([...ETHNIC_CATEGORY_CODES]);
    expect(new Set(ETHNIC_CATEGORY_CODES).size).toBe(18);
    // The 2001 classification skips I, O and Q (easily misread).
    for (const skipped of ['I', 'O', 'Q', 'T', 'Y']) expect(isEthnicCategoryCode(skipped)).toBe(false);
  });

  it('labels and groups codes', () => {
    expect(ethnicCategoryLabel('A')).toBe('White - British');
    expect(ethnicCategoryLabel('J')).toBe('Asian or Asian British - Pakistani');
    expect(ethnicCategoryLabel('Z')).toBe('Not stated');
    expect(ethnicGroupOf('N')).toBe('black');
    expect(ethnicGroupOf('R')).toBe('other');
    expect(ethnicGroupOf('99')).toBe('not_known');
  });
});
