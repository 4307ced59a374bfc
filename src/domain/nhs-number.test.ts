import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';

/** The Modulus 11 check digit of DOMAIN.md §4, written out independently of the code under test. */
function expectedCheck(stem: string): number | 'invalid' {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(stem.charAt(i)) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return 'invalid';
  return check;
}

/** A small seeded generator (mulberry32) so the property test is repeatable when it fails. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('isValidNhsNumber', () => {
  it('accepts the published valid examples', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9449305552')).toBe(true);
  });

  it('rejects the valid examples with any single digit changed', () => {
    for (const valid of ['9434765919', '9449305552']) {
      for (let i = 0; i < 10; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === valid[i]) continue;
          const changed = `${valid.slice(0, i)}${d}${valid.slice(i + 1)}`;
          // Modulus 11 with weights 10..2 (and 1 for the check digit) catches every single-digit error.
          expect(isValidNhsNumber(changed), changed).toBe(false);
        }
      }
    }
  });

  it('rejects two adjacent digits transposed', () => {
    expect(isValidNhsNumber('4934765919')).toBe(false);
    expect(isValidNhsNumber('9434765991')).toBe(false);
  });

  it('treats a check value of 11 as a check digit of 0', () => {
    // 9,9,9,0,0,0,0,0,5 weighted 10..2 sums to 253 = 23 × 11, so 11 − 0 = 11 → 0.
    expect(expectedCheck('999000005')).toBe(0);
    expect(isValidNhsNumber('9990000050')).toBe(true);
    expect(isValidNhsNumber('9990000051')).toBe(false);
    // Taking 11 literally would make the number 11 digits long; it must not sneak through either way.
    expect(isValidNhsNumber('99900000511')).toBe(false);
  });

  it('rejects every number whose check value is 10, whatever the last digit', () => {
    // 9,9,9,0,0,0,0,0,0 weighted sums to 243; 243 mod 11 = 1, so the check is 10: no valid number.
    expect(expectedCheck('999000000')).toBe('invalid');
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`999000000${d}`)).toBe(false);
  });

  it('rejects every repeated-digit number even though it passes the arithmetic', () => {
    for (let d = 0; d <= 9; d++) {
      const repeated = String(d).repeat(10);
      expect(isValidNhsNumber(repeated), repeated).toBe(false);
    }
    // 0000000000 and 1111111111 … do pass Modulus 11 (sum = 54·d, check = d for d = 0):
    expect(expectedCheck('000000000')).toBe(0);
  });

  it('rejects wrong lengths, letters and other characters', () => {
    for (const bad of ['', '943476591', '94347659190', '943476591X', 'A434765919', '9434765919.', '+449434765919', '9434 765 91 9 9', '٩٤٣٤٧٦٥٩١٩']) {
      expect(isValidNhsNumber(bad), bad).toBe(false);
    }
  });

  it('normalises the spaces and hyphens people type', () => {
    for (const typed of ['943 476 5919', '943-476-5919', ' 9434765919 ', '943 - 476 - 5919', '943\t476\u00a05919']) {
      expect(normaliseNhsNumber(typed), typed).toBe('9434765919');
      expect(isValidNhsNumber(typed), typed).toBe(true);
    }
    expect(isValidNhsNumber('943.476.5919')).toBe(false);
    expect(isValidNhsNumber('943/476/5919')).toBe(false);
  });

  it('for many random stems, exactly one last digit validates unless the check is 10', () => {
    const random = seeded(20261121);
    let checkTen = 0;
    const stems = 2_000;
    for (let n = 0; n < stems; n++) {
      const stem = String(Math.floor(random() * 1e9)).padStart(9, '0');
      const valid = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => isValidNhsNumber(`${stem}${d}`));
      const expected = expectedCheck(stem);
      if (expected === 'invalid') {
        checkTen += 1;
        expect(valid, stem).toEqual([]);
      } else if (/^(\d)\1{8}$/.test(stem) && String(expected) === stem[0]) {
        expect(valid, stem).toEqual([]);
      } else {
        expect(valid, stem).toEqual([expected]);
      }
    }
    // About one stem in eleven has no valid check digit; the sample must have exercised that branch.
    expect(checkTen).toBeGreaterThan(stems / 11 / 2);
    expect(checkTen).toBeLessThan((stems / 11) * 2);
  });
});

describe('formatNhsNumber', () => {
  it('formats 3-3-4 for display, from compact or typed input', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
    expect(formatNhsNumber(' 944 930 5552 ')).toBe('944 930 5552');
  });

  it('round-trips: a formatted number is still valid and normalises back', () => {
    const shown = formatNhsNumber('9449305552');
    expect(isValidNhsNumber(shown)).toBe(true);
    expect(normaliseNhsNumber(shown)).toBe('9449305552');
  });
});
