/**
 * Writes the demo's practice list files in NHS England's "Patients Registered at a GP Practice"
 * formats, and fictional Census-shaped ethnicity shares for the HX LSOAs. Deterministic: the same
 * files every run (a seeded generator, no clock), committed beside this script.
 *
 *   npx tsx demo/generate-denominators.ts
 *
 * - demo/denominators/gp-reg-pat-prac-quin-age.csv     practice × sex × 5-year band, 01Nov2026
 * - demo/denominators/gp-reg-pat-prac-lsoa-all.csv     practice × LSOA (SEX = ALL), 01Nov2026
 * - demo/denominators/*-2025-11.csv                    the same a year earlier (01Nov2025)
 * - demo/geo-hx-ethnicity.csv                          FICTIONAL shares in the ONS TS021 shape
 *
 * The five demo practices (src/services/demo/seed-demo.ts) get an English age–sex pyramid tilted
 * younger where the catchment is deprived and older where it is not, and a catchment of nearby HX
 * LSOAs weighted towards their deprivation: Bankfield and Boothtown mostly in the most deprived
 * deciles, Saville Park mostly in the least deprived, King Cross between, Hebden Lane rural.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const DEMO = dirname(fileURLToPath(import.meta.url));

/** mulberry32: a small seeded generator, so the files are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Splits a whole number in proportion to the weights, exactly (largest remainder; ties to the earlier). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

const BANDS = [
  '0_4',
  '5_9',
  '10_14',
  '15_19',
  '20_24',
  '25_29',
  '30_34',
  '35_39',
  '40_44',
  '45_49',
  '50_54',
  '55_59',
  '60_64',
  '65_69',
  '70_74',
  '75_79',
  '80_84',
  '85_89',
  '90_94',
  '95+',
];
/** Start of each band, for the tilt. */
const BAND_START = BANDS.map((b) => Number(/^\d+/.exec(b)?.[0] ?? 0));

// An English registered-list pyramid: per cent of all patients by band (rounded from ONS mid-year
// estimates for England, with the slight excess of young adults that GP lists carry).
const MALE = [2.8, 3.0, 3.1, 3.0, 3.3, 3.6, 3.7, 3.5, 3.2, 3.1, 3.3, 3.3, 2.9, 2.5, 2.3, 1.8, 1.1, 0.6, 0.25, 0.06];
const FEMALE = [2.7, 2.9, 2.9, 2.8, 3.2, 3.5, 3.6, 3.5, 3.2, 3.2, 3.4, 3.4, 3.0, 2.6, 2.5, 2.0, 1.4, 0.9, 0.45, 0.15];

interface Practice {
  ods: string;
  name: string;
  /** Patients on 01Nov2026 and on 01Nov2025. */
  list: number;
  listBefore: number;
  /** Older (> 0) or younger (< 0) than the English pyramid. */
  tilt: number;
  /** Where the practice is: the centre of these LSOAs (outward code, decile range). */
  anchor: { outcode: string; deciles: readonly [number, number] };
  /** How strongly the catchment leans to deprived (> 0) or affluent (< 0) LSOAs. */
  deprivationLean: number;
  seed: number;
}

const PRACTICES: readonly Practice[] = [
  {
    ods: 'X99001',
    name: 'BANKFIELD SURGERY (DEMO)',
    list: 9_850,
    listBefore: 9_720,
    tilt: -0.3,
    anchor: { outcode: 'HX1', deciles: [1, 2] },
    deprivationLean: 0.1,
    seed: 101,
  },
  {
    ods: 'X99002',
    name: 'KING CROSS MEDICAL CENTRE (DEMO)',
    list: 12_400,
    listBefore: 12_180,
    tilt: -0.1,
    anchor: { outcode: 'HX2', deciles: [3, 10] },
    deprivationLean: -0.2,
    seed: 102,
  },
  {
    ods: 'X99003',
    name: 'SAVILLE PARK PRACTICE (DEMO)',
    list: 7_300,
    listBefore: 7_260,
    tilt: 0.25,
    anchor: { outcode: 'HX3', deciles: [7, 10] },
    deprivationLean: -0.3,
    seed: 103,
  },
  {
    ods: 'X99004',
    name: 'BOOTHTOWN HEALTH CENTRE (DEMO)',
    list: 10_950,
    listBefore: 10_770,
    tilt: -0.25,
    anchor: { outcode: 'HX3', deciles: [1, 2] },
    deprivationLean: 0.1,
    seed: 104,
  },
  {
    ods: 'X99005',
    name: 'HEBDEN LANE SURGERY (DEMO)',
    list: 6_200,
    listBefore: 6_240,
    tilt: 0.4,
    anchor: { outcode: 'HX7', deciles: [1, 10] },
    deprivationLean: -0.1,
    seed: 105,
  },
];

interface Lsoa {
  code: string;
  decile: number;
  lat: number;
  long: number;
  outcode: string;
}

function readLsoas(): { lsoas: Lsoa[]; postcodes: { pcds: string; lat: number; long: number }[] } {
  const imd = parse<Record<string, string>>(readFileSync(join(DEMO, 'geo-hx-imd.csv')), { columns: true });
  const pcs = parse<Record<string, string>>(readFileSync(join(DEMO, 'geo-hx-postcodes.csv')), { columns: true });
  const live = pcs.filter((p) => (p.doterm ?? '') === '');
  const byLsoa = new Map<string, { lat: number; long: number; outcodes: Map<string, number>; n: number }>();
  for (const p of live) {
    const code = p.lsoa11 ?? '';
    const e = byLsoa.get(code) ?? { lat: 0, long: 0, outcodes: new Map<string, number>(), n: 0 };
    e.lat += Number(p.lat);
    e.long += Number(p.long);
    e.n += 1;
    const out = (p.pcds ?? '').split(' ')[0] ?? '';
    e.outcodes.set(out, (e.outcodes.get(out) ?? 0) + 1);
    byLsoa.set(code, e);
  }
  const lsoas: Lsoa[] = [];
  for (const r of imd) {
    const e = byLsoa.get(r.lsoa_code ?? '');
    // An LSOA with no live postcode in the slice has no place to put it: left out.
    if (e === undefined) continue;
    const outcode = [...e.outcodes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
    lsoas.push({ code: r.lsoa_code ?? '', decile: Number(r.IMD_decile), lat: e.lat / e.n, long: e.long / e.n, outcode });
  }
  lsoas.sort((a, b) => a.code.localeCompare(b.code));
  return { lsoas, postcodes: live.map((p) => ({ pcds: p.pcds ?? '', lat: Number(p.lat), long: Number(p.long) })) };
}

/** Kilometres between two points (equirectangular: fine across one postcode area). */
function km(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const x = ((b.long - a.long) * Math.PI * 6371 * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180)) / 180;
  const y = ((b.lat - a.lat) * Math.PI * 6371) / 180;
  return Math.hypot(x, y);
}

interface Catchment {
  practice: Practice;
  postcode: string;
  /** The LSOAs the practice draws from, with their weights. */
  lsoas: { lsoa: Lsoa; weight: number }[];
}

const CATCHMENT_SIZE = 36;

function catchment(p: Practice, all: readonly Lsoa[], postcodes: readonly { pcds: string; lat: number; long: number }[]): Catchment {
  const rnd = random(p.seed);
  const home = all.filter((l) => l.outcode === p.anchor.outcode && l.decile >= p.anchor.deciles[0] && l.decile <= p.anchor.deciles[1]);
  const centre = { lat: home.reduce((s, l) => s + l.lat, 0) / home.length, long: home.reduce((s, l) => s + l.long, 0) / home.length };
  const nearest = [...postcodes].sort((a, b) => km(a, centre) - km(b, centre))[0];
  // Distance decay (people register near home), leaning by deprivation, with some local noise.
  const scored = all.map((l) => ({
    lsoa: l,
    weight: Math.exp(-km(l, centre) / 3) * Math.exp(p.deprivationLean * (5.5 - l.decile)) * (0.5 + rnd()),
  }));
  scored.sort((a, b) => b.weight - a.weight || a.lsoa.code.localeCompare(b.lsoa.code));
  return { practice: p, postcode: nearest?.pcds ?? 'HX1 1AA', lsoas: scored.slice(0, CATCHMENT_SIZE) };
}

function ageSexCounts(p: Practice, list: number, seed: number): { male: number[]; female: number[] } {
  const rnd = random(seed);
  const tilt = (i: number) => Math.exp((p.tilt * ((BAND_START[i] ?? 0) + 2.5 - 40)) / 40);
  const weights = [...MALE.map((w, i) => w * tilt(i) * (0.97 + 0.06 * rnd())), ...FEMALE.map((w, i) => w * tilt(i) * (0.97 + 0.06 * rnd()))];
  const cells = apportion(list, weights);
  return { male: cells.slice(0, BANDS.length), female: cells.slice(BANDS.length) };
}

const SUB_ICB = 'X9D';
const ONS_SUB_ICB = 'E38999999';

function writeExtract(catchments: readonly Catchment[], when: { label: string; listOf: (p: Practice) => number; seed: number; suffix: string }): void {
  const ageRows: (string | number)[][] = [
    [
      'PUBLICATION',
      'EXTRACT_DATE',
      'TYPE',
      'SUB_ICB_LOCATION_CODE',
      'ONS_SUB_ICB_LOCATION_CODE',
      'ORG_CODE',
      'POSTCODE',
      'SEX',
      'AGE_GROUP_5',
      'NUMBER_OF_PATIENTS',
    ],
  ];
  const lsoaRows: (string | number)[][] = [['PUBLICATION', 'EXTRACT_DATE', 'PRACTICE_CODE', 'PRACTICE_NAME', 'LSOA_CODE', 'SEX', 'NUMBER_OF_PATIENTS']];
  for (const c of catchments) {
    const p = c.practice;
    const list = when.listOf(p);
    const { male, female } = ageSexCounts(p, list, p.seed * 7 + when.seed);
    const row = (sex: string, band: string, n: number) => ['GP_PRAC_PAT_LIST', when.label, 'GP', SUB_ICB, ONS_SUB_ICB, p.ods, c.postcode, sex, band, n];
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    ageRows.push(row('ALL', 'ALL', list));
    for (const [sex, counts] of [
      ['FEMALE', female],
      ['MALE', male],
    ] as const) {
      counts.forEach((n, i) => ageRows.push(row(sex, BANDS[i] ?? '', n)));
      ageRows.push(row(sex, 'ALL', sum(counts)));
    }
    // The LSOA mix moves a little between extracts, as people move house.
    const rnd = random(p.seed * 13 + when.seed);
    const byLsoa = apportion(
      list,
      c.lsoas.map((l) => l.weight * (0.92 + 0.16 * rnd())),
    );
    c.lsoas
      .map((l, i) => ({ code: l.lsoa.code, n: byLsoa[i] ?? 0 }))
      .filter((x) => x.n > 0)
      .sort((a, b) => a.code.localeCompare(b.code))
      .forEach((x) => lsoaRows.push(['GP_PRAC_PAT_LIST', when.label, p.ods, p.name, x.code, 'ALL', x.n]));
  }
  const dir = join(DEMO, 'denominators');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `gp-reg-pat-prac-quin-age${when.suffix}.csv`), stringify(ageRows));
  writeFileSync(join(dir, `gp-reg-pat-prac-lsoa-all${when.suffix}.csv`), stringify(lsoaRows));
}

const ETHNICITY_SOURCE = 'FICTIONAL demo figures in the shape of ONS Census 2021 TS021: not real data';

/**
 * Fictional ethnic group counts for every HX LSOA in the demo IMD file: more Asian residents in the
 * deprived inner-Halifax LSOAs (as a plausible pattern, not a fact about any place), small Black,
 * Mixed and Other shares, White the rest.
 */
function writeEthnicity(all: readonly Lsoa[]): void {
  const rnd = random(2021);
  const centre = { lat: 53.7225, long: -1.8575 };
  const rows: (string | number)[][] = [
    [
      'date',
      'geography',
      'geography code',
      'source',
      'Ethnic group: Total: All usual residents',
      'Ethnic group: Asian, Asian British or Asian Welsh',
      'Ethnic group: Black, Black British, Black Welsh, Caribbean or African',
      'Ethnic group: Mixed or Multiple ethnic groups',
      'Ethnic group: White',
      'Ethnic group: Other ethnic group',
    ],
  ];
  for (const l of all) {
    const total = 1_350 + Math.floor(rnd() * 900);
    const inner = Math.exp(-km(l, centre) / 1.8);
    const deprived = ((11 - l.decile) / 10) ** 2;
    const asian = Math.min(0.55, 0.01 + 0.5 * inner * deprived + 0.03 * rnd());
    const black = 0.002 + 0.012 * deprived * rnd();
    const mixed = 0.01 + 0.02 * rnd() + 0.01 * deprived;
    const other = 0.002 + 0.01 * rnd() * (0.5 + inner);
    const counts = apportion(total, [asian, black, mixed, 1 - asian - black - mixed - other, other]);
    rows.push(['2021', l.code, l.code, ETHNICITY_SOURCE, total, ...counts]);
  }
  writeFileSync(join(DEMO, 'geo-hx-ethnicity.csv'), stringify(rows));
}

const { lsoas, postcodes } = readLsoas();
const catchments = PRACTICES.map((p) => catchment(p, lsoas, postcodes));
writeExtract(catchments, { label: '01Nov2026', listOf: (p) => p.list, seed: 2026, suffix: '' });
writeExtract(catchments, { label: '01Nov2025', listOf: (p) => p.listBefore, seed: 2025, suffix: '-2025-11' });
writeEthnicity(lsoas);

// What the demo looks like, so a change that loses the deprivation gradient is seen at once.
for (const c of catchments) {
  const w = c.lsoas.reduce((s, l) => s + l.weight, 0);
  const meanDecile = c.lsoas.reduce((s, l) => s + l.weight * l.lsoa.decile, 0) / w;
  const mostDeprived = c.lsoas.filter((l) => l.lsoa.decile <= 2).reduce((s, l) => s + l.weight, 0) / w;
  console.log(
    `${c.practice.ods} ${c.practice.name.padEnd(34)} list ${String(c.practice.list).padStart(6)}  mean IMD decile ${meanDecile.toFixed(1)}  in deciles 1–2 ${(mostDeprived * 100).toFixed(0)}%  (${c.postcode})`,
  );
}
