import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isValidPostcode, normalisePostcode, outwardCode } from './postcode.ts';

const GEO = new URL('../../../shared/data/geo/', import.meta.url);

describe('normalisePostcode', () => {
  it('accepts every outward-code shape, unchanged when already normal', () => {
    const shapes: Record<string, string[]> = {
      'A9 9AA': ['M1 1AE', 'B1 1BB', 'L1 8JQ', 'N1 9GU'],
      'A99 9AA': ['M60 1NW', 'B33 8TH', 'S10 2TN'],
      'AA9 9AA': ['HX1 1AA', 'CR2 6XH', 'SR1 1RE', 'DN5 7TT'],
      'AA99 9AA': ['DN55 1PT', 'HX10 1AB', 'SR43 3AD', 'LS12 3AB'],
      'A9A 9AA': ['W1A 0AX', 'E1W 1AA', 'N1C 4AG', 'W1D 3QF'],
      'AA9A 9AA': ['EC1A 1BB', 'SW1A 1AA', 'WC2H 7LT', 'SE1P 5ZZ'],
      'GIR 0AA': ['GIR 0AA'],
    };
    for (const [shape, postcodes] of Object.entries(shapes)) {
      for (const p of postcodes) expect(normalisePostcode(p), `${shape}: ${p}`).toBe(p);
    }
  });

  it('upper-cases and puts one space before the inward code', () => {
    const cases: [string, string][] = [
      ['hx11aa', 'HX1 1AA'],
      ['  HX1   1AA ', 'HX1 1AA'],
      ['hx1 1aa', 'HX1 1AA'],
      ['Hx1\t1Aa', 'HX1 1AA'],
      ['sw1a1aa', 'SW1A 1AA'],
      ['S W 1 A 1 A A', 'SW1A 1AA'],
      ['m11ae', 'M1 1AE'],
      ['gir0aa', 'GIR 0AA'],
      ['dn551pt', 'DN55 1PT'],
      ['HX1\u00a01AA', 'HX1 1AA'],
    ];
    for (const [typed, normal] of cases) expect(normalisePostcode(typed), JSON.stringify(typed)).toBe(normal);
  });

  it('rejects the false positive of the often-copied gov.uk pattern', () => {
    expect(normalisePostcode('1A1 1AA')).toBeNull();
    expect(normalisePostcode('1a11aa')).toBeNull();
  });

  it('rejects Q, V and X as the first letter', () => {
    for (const first of ['Q', 'V', 'X']) {
      expect(normalisePostcode(`${first}1 1AA`), first).toBeNull();
      expect(normalisePostcode(`${first}A1 1AA`), first).toBeNull();
    }
    // …but every other letter may start a postcode.
    expect(normalisePostcode('Z1 1AA')).toBe('Z1 1AA');
  });

  it('rejects I, J and Z as the second letter of the outward code', () => {
    for (const second of ['I', 'J', 'Z']) expect(normalisePostcode(`H${second}1 1AA`), second).toBeNull();
  });

  it('rejects C, I, K, M, O and V in either inward letter', () => {
    for (const letter of ['C', 'I', 'K', 'M', 'O', 'V']) {
      expect(normalisePostcode(`HX1 1${letter}A`), `first inward ${letter}`).toBeNull();
      expect(normalisePostcode(`HX1 1A${letter}`), `second inward ${letter}`).toBeNull();
    }
    for (const letter of ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z']) {
      expect(normalisePostcode(`HX1 1${letter}${letter}`), letter).toBe(`HX1 1${letter}${letter}`);
    }
  });

  it('rejects letters not allowed in the third and fourth positions', () => {
    expect(normalisePostcode('W1I 1AA')).toBeNull(); // A9A: third letter from A-HJKPSTUW only
    expect(normalisePostcode('W1Z 1AA')).toBeNull();
    expect(normalisePostcode('EC1C 1BB')).toBeNull(); // AA9A: fourth letter from ABEHMNPRVWXY only
    expect(normalisePostcode('EC1Z 1BB')).toBeNull();
  });

  it('rejects too short, too long and malformed input', () => {
    for (const bad of [
      '',
      ' ',
      'HX1',
      'HX1 1A',
      'H1A',
      'HX1 1AAA',
      'HX123 1AA',
      'HXX1 1AA',
      'HX1 AAA',
      'HX1 11A',
      'HX1-1AA',
      'HX1_1AA',
      'HX 1AA',
      '12345',
      'HX1 1AÄ',
    ]) {
      expect(normalisePostcode(bad), JSON.stringify(bad)).toBeNull();
      expect(isValidPostcode(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('isValidPostcode agrees with normalisePostcode', () => {
    expect(isValidPostcode('hx11aa')).toBe(true);
    expect(isValidPostcode('1A1 1AA')).toBe(false);
  });
});

describe('outwardCode', () => {
  it('is the district before the space', () => {
    expect(outwardCode('HX1 1AA')).toBe('HX1');
    expect(outwardCode('SW1A 1AA')).toBe('SW1A');
    expect(outwardCode('GIR 0AA')).toBe('GIR');
  });
});

describe('every real postcode in the NSPL extracts', () => {
  for (const [area, file, expectedRows] of [
    ['HX', 'nspl-nov2021-HX.csv', 7_442],
    ['SR', 'nspl-nov2021-SR.csv', 8_765],
  ] as const) {
    it(`normalises all ${expectedRows} ${area} postcodes (pcds) to themselves`, () => {
      const rows: Record<string, string>[] = parse<Record<string, string>>(readFileSync(new URL(file, GEO)), { columns: true });
      expect(rows).toHaveLength(expectedRows);
      const rejected: string[] = [];
      const changed: string[] = [];
      const compactDiffers: string[] = [];
      for (const row of rows) {
        const pcds = row['pcds'] ?? '';
        const normal = normalisePostcode(pcds);
        if (normal === null) rejected.push(pcds);
        else if (normal !== pcds) changed.push(pcds);
        // The compact 7-character form (pcd without spaces) normalises to the same thing.
        if (normalisePostcode(pcds.replace(' ', '').toLowerCase()) !== normal) compactDiffers.push(pcds);
      }
      expect(rejected).toEqual([]);
      expect(changed).toEqual([]);
      expect(compactDiffers).toEqual([]);
      expect(rows.every((r) => (r['pcds'] ?? '').startsWith(area))).toBe(true);
    });
  }
});
