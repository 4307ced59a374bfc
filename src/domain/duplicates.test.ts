import { describe, expect, it } from 'vitest';
import { duplicateReasons, editDistance, findDuplicates, foldName, foldText, initialsOf, nameCloseness, type IdentityFacts } from './duplicates.ts';

const ada: IdentityFacts = { givenName: 'Ada', familyName: 'Hartley', dateOfBirth: '1951-04-09', postcode: 'HX1 1AA', nhsNumber: null };
const withName = (givenName: string, familyName: string, extra: Partial<IdentityFacts> = {}): IdentityFacts => ({ ...ada, givenName, familyName, ...extra });

describe('foldText and foldName', () => {
  it('lower-cases, strips accents and punctuation for portable search', () => {
    expect(foldName('Zoë', "O'Brien-Smith")).toBe('zoe obrien smith');
    expect(foldText('  JOSÉ   María ')).toBe('jose maria');
    expect(foldText('Łukasz Strauß')).toBe('lukasz strauss');
    expect(foldText('Ægir Øster')).toBe('aegir oster');
    expect(foldText('Siobhán Ní Bhriain')).toBe('siobhan ni bhriain');
    expect(foldText('D’Arcy')).toBe('darcy');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one each', () => {
    expect(editDistance('hartley', 'hartley')).toBe(0);
    expect(editDistance('hartley', 'hartely')).toBe(1);
    expect(editDistance('hartley', 'hartly')).toBe(1);
    expect(editDistance('hartley', 'hartleys')).toBe(1);
    expect(editDistance('hartley', 'hortley')).toBe(1);
    expect(editDistance('ann', 'anne')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['hartley', 'heartly'],
      ['smith', 'smyth'],
      ['mohammed', 'muhammad'],
      ['', 'x'],
    ] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe('nameCloseness', () => {
  it('finds typing slips, initials, swapped and double-barrelled names', () => {
    expect(nameCloseness(ada, withName('Ada', 'Hartely'))).toContain('similar_name');
    expect(nameCloseness(ada, withName('Adah', 'Hartley'))).toContain('similar_name');
    expect(nameCloseness(ada, withName('Adeline', 'Hartley'))).toEqual(['same_initial_and_family_name']);
    expect(nameCloseness(ada, withName('Hartley', 'Ada'))).toContain('names_swapped');
    expect(nameCloseness(ada, withName('Ada', 'Hartley-Shaw'))).toContain('shared_family_name');
    expect(nameCloseness(ada, withName('ADA', 'hartley'))).toContain('similar_name');
  });

  it('does not call different people close', () => {
    expect(nameCloseness(ada, withName('Beth', 'Sutcliffe'))).toEqual([]);
    expect(nameCloseness(ada, withName('Edith', 'Hartley'))).toEqual([]);
    expect(nameCloseness(ada, withName('Ada', 'Hargreaves'))).toEqual([]);
  });
});

describe('duplicateReasons', () => {
  it('needs the same date of birth', () => {
    expect(duplicateReasons(ada, { ...ada, dateOfBirth: '1951-04-10' })).toBeNull();
    expect(duplicateReasons(ada, ada)).toEqual(['same_date_of_birth', 'same_postcode', 'similar_name', 'same_initial_and_family_name']);
  });

  it('needs the same postcode when both have one, ignoring spacing and case', () => {
    expect(duplicateReasons(ada, { ...ada, postcode: 'HX3 0AR' })).toBeNull();
    expect(duplicateReasons(ada, withName('Ada', 'Hartely', { postcode: 'hx11aa' }))).toContain('same_postcode');
  });

  it('never pairs two different NHS numbers, which are two people', () => {
    expect(duplicateReasons({ ...ada, nhsNumber: '9991000003' }, { ...ada, nhsNumber: '9991158383' })).toBeNull();
    expect(duplicateReasons({ ...ada, nhsNumber: '9991000003' }, { ...ada, nhsNumber: null })).not.toBeNull();
  });

  it('asks for an exact name when a postcode is missing (no fixed abode, or not given)', () => {
    expect(duplicateReasons({ ...ada, postcode: null }, withName('ada', 'HARTLEY'))).toEqual([
      'same_date_of_birth',
      'similar_name',
      'same_initial_and_family_name',
    ]);
    expect(duplicateReasons({ ...ada, postcode: null }, withName('Hartley', 'Ada'))).toContain('names_swapped');
    expect(duplicateReasons({ ...ada, postcode: null }, withName('Ada', 'Hartely'))).toBeNull();
  });
});

describe('findDuplicates', () => {
  it('returns the possible duplicates with their reasons, in the order given', () => {
    const onRecord = [withName('Ada', 'Hartely'), withName('Beth', 'Hartley'), withName('A', 'Hartley'), { ...ada, postcode: 'HX3 0AR' }];
    const found = findDuplicates(ada, onRecord);
    expect(found.map((f) => f.person)).toEqual([onRecord[0], onRecord[2]]);
    expect(found[1]?.reasons).toContain('same_initial_and_family_name');
  });
});

describe('initialsOf', () => {
  it('gives initials for places that must not show a name', () => {
    expect(initialsOf('ada', ' Hartley')).toBe('A.H.');
  });
});
