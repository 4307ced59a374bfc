import { describe, expect, it } from 'vitest';
import { escapeLike, parseCaseloadSearch } from './caseload-search.ts';
import { foldName } from './duplicates.ts';

describe('caseload search', () => {
  it('reads an NHS number typed with spaces as a number only', () => {
    expect(parseCaseloadSearch('999 007 9196')).toEqual({ nameWords: [], nhsNumber: '9990079196', referencePrefix: null });
  });

  it('reads a reference or its start in any case', () => {
    expect(parseCaseloadSearch('lw-7kq3-9fxa').referencePrefix).toBe('LW-7KQ3-9FXA');
    expect(parseCaseloadSearch('LW-7KQ').referencePrefix).toBe('LW-7KQ');
  });

  it('folds name words exactly as the stored name_folded is folded', () => {
    const s = parseCaseloadSearch("  Zoë  O'Brien ");
    expect(s.nameWords).toEqual(['zoe', 'obrien']);
    for (const w of s.nameWords) expect(foldName('Zoë', "O'Brien-Smith")).toContain(w);
    expect(s.nhsNumber).toBeNull();
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
