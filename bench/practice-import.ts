/**
 * Benchmarks `linkwork practice-data import` (the real importPracticeData use case) at the size
 * issue 12 asks for: 50,000 people across six practices with ~2M events, from the synthetic
 * practice generator (src/domain/proactive/synthetic-practice.ts), into a fresh SQLite file and,
 * with DATABASE_URL/TEST_PG_URL, a throwaway PostgreSQL database. Prints wall and CPU seconds and
 * rows/s for the import, then for importing the same files again (which replaces the extracts),
 * and the load average. Target: ≤ 60 s. Prints figures and exits; not a test.
 *
 *   BENCH_ONLY=practice-import npm run bench
 *   BENCH_PRACTICE_PEOPLE=10000 BENCH_PRACTICE_YEARS=3 BENCH_ONLY=practice-import npm run bench   # smaller
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../src/domain/clock.ts';
import { generatePracticeData, eventsCsvLines, peopleCsvLines } from '../src/domain/proactive/synthetic-practice.ts';
import { writeLines } from '../src/services/proactive/shared/write-practice-csv.ts';
import { openDatabase, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { upsertPostcodes } from '../src/db/repositories/geo/postcodes.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { createOrganisation } from '../src/services/organisations/create-organisation.ts';
import { importPracticeData, type PracticeImportSummary } from '../src/services/proactive/import-practice-data.ts';
import { PG_URL, scratchDatabase } from './support.ts';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

const PEOPLE = numberFromEnv('BENCH_PRACTICE_PEOPLE', 50_000);
// ~235 events per person over 9.5 years with the generator's rates: 50,000 people → ~2M events.
const YEARS = numberFromEnv('BENCH_PRACTICE_YEARS', 9.5);
const PRACTICES = ['B86001', 'B86002', 'B86003', 'B86004', 'B86005', 'B86006'];
const SHARES = [0.2, 0.18, 0.17, 0.16, 0.15, 0.14];
const EXTRACT_DATE = '2026-11-01';
const DIALECTS: DialectName[] = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

/** Postcodes for the people, each in an LSOA the postcode table will hold (so the LSOA lookup is timed too). */
const POSTCODES = Array.from(
  { length: 2_000 },
  (_, i) => `HX${1 + (i % 7)} ${i % 10}${'ABDEFGHJLNPQRSTUWXYZ'[Math.floor(i / 10) % 20] ?? 'A'}${'ABDEFGHJLNPQRSTUWXYZ'[Math.floor(i / 200) % 20] ?? 'A'}`,
);

/** The two CSV files, generated once and kept in bench/data/ (git-ignored). */
async function files(): Promise<{ people: string; events: string; rows: { people: number; events: number } }> {
  const dir = join(DATA, `practice-import-${PEOPLE}-${YEARS}`);
  const people = join(dir, 'people.csv');
  const events = join(dir, 'events.csv');
  const counts = join(dir, 'counts.json');
  if (existsSync(counts)) {
    const { readFileSync } = await import('node:fs');
    return { people, events, rows: JSON.parse(readFileSync(counts, 'utf8')) as { people: number; events: number } };
  }
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const data = generatePracticeData({
    seed: 12,
    practices: PRACTICES.map((ods, i) => ({ ods, people: Math.round(PEOPLE * (SHARES[i] ?? 0)) })),
    extractDate: EXTRACT_DATE,
    years: YEARS,
    trueEffect: { gpAppointmentsPerQuarter: -0.4, fitNotesPerQuarter: -0.05 },
    postcodes: POSTCODES,
  });
  const rows = {
    people: await writeLines(`${people}.tmp`, peopleCsvLines(data.people)),
    events: await writeLines(`${events}.tmp`, eventsCsvLines(data.events)),
  };
  renameSync(`${people}.tmp`, people);
  renameSync(`${events}.tmp`, events);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(counts, JSON.stringify(rows));
  process.stdout.write(
    `  generated ${rows.people.toLocaleString('en-GB')} people and ${rows.events.toLocaleString('en-GB')} events in ${((performance.now() - started) / 1000).toFixed(1)} s (${(statSync(events).size / 1048576).toFixed(0)} MB events.csv)\n`,
  );
  return { people, events, rows };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function timed(deps: ServiceDeps, f: { people: string; events: string }): Promise<{ s: PracticeImportSummary; wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const s = await importPracticeData(deps, systemActor('bench'), f);
  const used = process.cpuUsage(cpu);
  return { s, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** The practice-data import benchmark (BENCH_ONLY=practice-import). */
export async function runPracticeImportBench(): Promise<void> {
  process.stdout.write(
    `\nPractice data import — ${fmt(PEOPLE)} people across ${PRACTICES.length} practices, ${YEARS} years of events; databases: ${DIALECTS.join(', ')}\n`,
  );
  const f = await files();
  for (const dialect of DIALECTS) {
    const scratch = await scratchDatabase(dialect, 'bench-practice');
    const database = openDatabase(scratch.target);
    try {
      await migrateToLatest(database.db);
      const deps: ServiceDeps = { db: database.db, dialect, clock: fixedClock(new Date(`${EXTRACT_DATE}T12:00:00Z`)), config: DEFAULT_SERVICE_CONFIG };
      const actor = systemActor('bench');
      const icb = await createOrganisation(deps, actor, { kind: 'icb', name: 'Bench ICB', odsCode: 'QBN' });
      const pcn = await createOrganisation(deps, actor, { kind: 'pcn', name: 'Bench PCN', odsCode: 'U99999', parentId: icb.id });
      for (const ods of PRACTICES) await createOrganisation(deps, actor, { kind: 'practice', name: `Practice ${ods}`, odsCode: ods, parentId: pcn.id });
      await database.db.transaction().execute((tx) =>
        upsertPostcodes(
          tx,
          POSTCODES.map((postcode, i) => ({
            postcode,
            lsoa: `E0101${String(1000 + (i % 300)).padStart(4, '0')}`,
            latitude: 53.7,
            longitude: -1.86,
            terminated: false,
          })),
        ),
      );
      const rows = f.rows.people + f.rows.events;
      process.stdout.write(`\n${dialect} — load average before: ${load()}\n`);
      const first = await timed(deps, f);
      process.stdout.write(
        `  import:   ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} s CPU, ${fmt(rows / first.wall)} rows/s; ${fmt(first.s.people)} people (${fmt(first.s.peopleWithLsoa)} with an LSOA), ${fmt(first.s.events)} events; load ${load()}\n`,
      );
      if (process.env['BENCH_PRACTICE_REIMPORT'] === '0') continue;
      const again = await timed(deps, f);
      process.stdout.write(
        `  re-import (replaces ${again.s.extracts.filter((e) => e.replaced).length} extracts): ${again.wall.toFixed(1)} s wall, ${again.cpu.toFixed(1)} s CPU, ${fmt(rows / again.wall)} rows/s; load ${load()}\n`,
      );
      if (scratch.file !== undefined) process.stdout.write(`  database file ${fmt(statSync(scratch.file).size / 1048576)} MB\n`);
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
}

// Run directly: `npx tsx bench/practice-import.ts`.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await runPracticeImportBench();
