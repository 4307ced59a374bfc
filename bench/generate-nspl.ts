/**
 * Writes a synthetic, national-size ONS NSPL CSV: the same 41-column header as the real November
 * 2021 release, with distinct postcodes that pass the DOMAIN.md pattern (src/domain/postcode.ts),
 * real-looking LSOA codes and coordinates, and doterm mostly empty. Deterministic (seeded), so two
 * runs of the benchmark read the same bytes. Reused when a file of the same size already exists.
 *
 *   tsx bench/generate-nspl.ts [rows] [out-file]
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NSPL_HEADER =
  'pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua,ward,hlthau,nhser,ctry,rgn,pcon,eer,' +
  'teclec,ttwa,pct,itl,park,lsoa11,msoa11,wz11,ccg,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,stp';

export const BENCH_DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

// Postcode alphabet (DOMAIN.md §4): area letters exclude Q V X; the second letter excludes I J Z;
// the inward unit letters exclude C I K M O V.
const FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY';
const UNIT = 'ABDEFGHJLNPQRSTUWXYZ';
const INWARD_PER_DISTRICT = 10 * UNIT.length * UNIT.length; // 4,000
const DISTRICTS_PER_AREA = 99;

/** The i-th synthetic postcode in pcds form ("AB12 3CD"); distinct for every i < 23·23·99·4000. */
export function syntheticPostcode(i: number): string {
  const inward = i % INWARD_PER_DISTRICT;
  const district = Math.floor(i / INWARD_PER_DISTRICT);
  const num = (district % DISTRICTS_PER_AREA) + 1;
  const area = Math.floor(district / DISTRICTS_PER_AREA);
  const a = FIRST[Math.floor(area / SECOND.length) % FIRST.length] ?? 'A';
  const b = SECOND[area % SECOND.length] ?? 'A';
  const digit = Math.floor(inward / (UNIT.length * UNIT.length));
  const u1 = UNIT[Math.floor(inward / UNIT.length) % UNIT.length] ?? 'A';
  const u2 = UNIT[inward % UNIT.length] ?? 'A';
  return `${a}${b}${num} ${digit}${u1}${u2}`;
}

/** A small, fast, seeded PRNG (mulberry32) so the file is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function row(i: number, rnd: () => number): string {
  const pcds = syntheticPostcode(i);
  const [outward = '', inward = ''] = pcds.split(' ');
  const pcd = `${outward.padEnd(4, ' ')}${inward}`; // 7-character form
  const pcd2 = `${outward.padEnd(5, ' ')}${inward}`; // 8-character form
  const terminated = rnd() < 0.12;
  const year = 1980 + Math.floor(rnd() * 40);
  const dointr = `${year}${pad(1 + Math.floor(rnd() * 12), 2)}`;
  const doterm = terminated ? `${Math.min(2021, year + 1 + Math.floor(rnd() * 10))}${pad(1 + Math.floor(rnd() * 12), 2)}` : '';
  // About 0.3% of NSPL rows have no grid reference: lat 99.999999, long 0.000000.
  const noGrid = rnd() < 0.003;
  const lat = noGrid ? '99.999999' : (50.0 + rnd() * 5.8).toFixed(6);
  const long = noGrid ? '0.000000' : (-5.6 + rnd() * 7.3).toFixed(6);
  const east = noGrid ? '' : pad(100000 + Math.floor(rnd() * 550000), 6);
  const north = noGrid ? '' : pad(Math.floor(rnd() * 1000000), 7);
  const lsoa = `E01${pad(1 + (Math.floor(i / 80) % 32844), 6)}`;
  const msoa = `E02${pad(1 + (Math.floor(i / 400) % 6791), 6)}`;
  const oa = `E00${pad(1 + (Math.floor(i / 16) % 171372), 6)}`;
  const imd = 1 + Math.floor(rnd() * 32844);
  return (
    `"${pcd}","${pcd2}","${pcds}","${dointr}","${doterm}","${terminated ? 0 : rnd() < 0.05 ? 1 : 0}","${east}","${north}","1",` +
    `"${oa}","E99999999","E99999999","E08000033","E05001386","E18000003","E40000009","E92000001","E12000003","E14000723",` +
    `"E15000003","E24000045","E30000029","E16000040","E08000033","E99999999","${lsoa}","${msoa}","E33009378","E38000025",` +
    `"E34004684","E35000317","A1","2C1",${lat},${long},"E37000062","","E23000010",${imd},"E56000030","E54000054"\n`
  );
}

/** Writes `rows` data rows (plus the header) to `file`, with backpressure; returns the byte count. */
export async function generateNspl(rows: number, file: string): Promise<number> {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const rnd = prng(20211101);
  out.write(`${NSPL_HEADER}\n`);
  const CHUNK = 5_000;
  for (let start = 0; start < rows; start += CHUNK) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(rows, start + CHUNK); i++) parts.push(row(i, rnd));
    if (!out.write(parts.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return statSync(file).size;
}

/** The cached synthetic file for this many rows, generating it first when missing. */
export async function syntheticNsplFile(rows: number): Promise<string> {
  const file = join(BENCH_DATA_DIR, `nspl-synthetic-${rows}.csv`);
  const done = `${file}.done`;
  if (existsSync(file) && existsSync(done)) return file;
  const started = performance.now();
  const bytes = await generateNspl(rows, file);
  // A marker written last, so an interrupted generation is not mistaken for a finished file.
  createWriteStream(done).end(String(bytes));
  process.stderr.write(
    `generated ${rows.toLocaleString('en-GB')} rows (${(bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)}s: ${file}\n`,
  );
  return file;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const rows = Number(process.argv[2] ?? process.env['BENCH_ROWS'] ?? 2_700_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('rows must be a positive integer');
  const file = process.argv[3];
  if (file === undefined) await syntheticNsplFile(rows);
  else process.stdout.write(`${await generateNspl(rows, file)} bytes: ${file}\n`);
}
