import { existsSync, readFileSync } from 'node:fs';

/** A live postcode of the demo geography, with its deprivation decile (1 = most deprived 10%). */
export interface DemoPostcode {
  postcode: string;
  lsoa: string;
  imdDecile: number;
}

/** The postcodes people in the history live at, from the demo's own NSPL and IMD slices. */
export interface DemoGeography {
  /** Live (not terminated) postcodes whose LSOA has an IMD decile. */
  postcodes: readonly DemoPostcode[];
  /** Patients per LSOA of each practice (ODS code), from the demo's list file; empty when there is none. */
  practiceLsoas: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

function rows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
}

/**
 * Reads demo/geo-hx-postcodes.csv (pcds, lsoa11, lat, long, doterm), demo/geo-hx-imd.csv
 * (lsoa_code, IMD_decile, IMD_rank) and, when given, the practices' list by LSOA in NHS England's
 * layout (PUBLICATION, EXTRACT_DATE, PRACTICE_CODE, PRACTICE_NAME, LSOA_CODE, SEX, NUMBER_OF_PATIENTS).
 */
export function readDemoGeography(files: { postcodes: string; imd: string; practiceLsoas?: string }): DemoGeography {
  const decile = new Map<string, number>();
  for (const [lsoa, d] of rows(files.imd)) if (lsoa !== undefined && d !== undefined) decile.set(lsoa, Number(d));
  const postcodes: DemoPostcode[] = [];
  for (const [postcode, lsoa, , , terminated] of rows(files.postcodes)) {
    if (postcode === undefined || lsoa === undefined || (terminated ?? '') !== '') continue;
    const d = decile.get(lsoa);
    if (d !== undefined) postcodes.push({ postcode, lsoa, imdDecile: d });
  }
  const practiceLsoas = new Map<string, Map<string, number>>();
  if (files.practiceLsoas !== undefined && existsSync(files.practiceLsoas)) {
    for (const [, , practice, , lsoa, sex, patients] of rows(files.practiceLsoas)) {
      if (practice === undefined || lsoa === undefined || sex !== 'ALL') continue;
      const byLsoa = practiceLsoas.get(practice) ?? new Map<string, number>();
      byLsoa.set(lsoa, (byLsoa.get(lsoa) ?? 0) + Number(patients ?? 0));
      practiceLsoas.set(practice, byLsoa);
    }
  }
  return { postcodes, practiceLsoas };
}

/**
 * Where each demo practice's patients live when there is no list file: by postcode sector (the
 * practices are invented; the areas are real parts of Halifax).
 */
export const PRACTICE_CATCHMENTS: Readonly<Record<string, readonly string[]>> = {
  X99001: ['HX1 1', 'HX1 2', 'HX1 5', 'HX3 5', 'HX3 6'],
  X99002: ['HX1 3', 'HX1 4', 'HX2 0', 'HX2 7', 'HX6 1', 'HX6 2', 'HX6 3'],
  X99003: ['HX1 2', 'HX3 0', 'HX3 9', 'HX2 7', 'HX4 8', 'HX4 9', 'HX5 0', 'HX5 9'],
  X99004: ['HX3 5', 'HX3 6', 'HX3 7', 'HX3 8', 'HX2 8', 'HX2 9'],
  X99005: ['HX7 5', 'HX7 6', 'HX7 7', 'HX7 8'],
};

/** Social prescribing reaches people in deprived areas more than their share of the list. */
const lean = (p: DemoPostcode) => 1 + (10 - p.imdDecile) * 0.15;

/**
 * The postcodes a practice's referred patients live at, weighted: the practice's list by LSOA
 * (spread over each LSOA's postcodes) leaning towards deprived areas, so referrals and the list
 * denominators tell one story; by postcode sector when there is no list file.
 */
export function catchment(geo: DemoGeography, odsCode: string): (readonly [DemoPostcode, number])[] {
  const list = geo.practiceLsoas.get(odsCode);
  if (list !== undefined && list.size > 0) {
    const perLsoa = new Map<string, number>();
    for (const p of geo.postcodes) if (list.has(p.lsoa)) perLsoa.set(p.lsoa, (perLsoa.get(p.lsoa) ?? 0) + 1);
    const homes = geo.postcodes.filter((p) => list.has(p.lsoa)).map((p) => [p, ((list.get(p.lsoa) ?? 0) / (perLsoa.get(p.lsoa) ?? 1)) * lean(p)] as const);
    if (homes.length > 0) return homes;
  }
  const prefixes = PRACTICE_CATCHMENTS[odsCode] ?? [];
  return geo.postcodes.filter((p) => prefixes.some((x) => p.postcode.startsWith(x))).map((p) => [p, lean(p)] as const);
}
