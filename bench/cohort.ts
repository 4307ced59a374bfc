/**
 * Benchmarks a proactive cohort run (`findCohort`, what `linkwork cohort find` and
 * `POST /api/v1/proactive/cohort-runs` call) on a practice group of BENCH_COHORT_PEOPLE people
 * (default 50,000 in 5 practices) with ~40 events each (~2M) from the seeded synthetic practice
 * generator, written straight into the tables. Every rule, matching any: each run reads the
 * features of every person, evaluates the rules, checks fairness and saves the run with its
 * members. 5 runs per database: wall and CPU time of each, median. Target ≤ 2 s (issue 12).
 *
 *   BENCH_ONLY=cohort npm run bench
 *   BENCH_COHORT_PEOPLE=10000 BENCH_DIALECTS=sqlite BENCH_ONLY=cohort npm run bench
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { systemClock } from '../src/domain/clock.ts';
import { COHORT_RULE_CODES } from '../src/domain/proactive/cohort-rules.ts';
import type { CohortRunInput } from '../src/domain/schemas/proactive.ts';
import { generatePracticeData } from '../src/domain/proactive/synthetic-practice.ts';
import { openDatabase, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { newId } from '../src/services/kernel/ids.ts';
import { createOrganisation } from '../src/services/organisations/create-organisation.ts';
import { findCohort } from '../src/services/proactive/find-cohort.ts';
import { PG_URL, Random, scratchDatabase } from './support.ts';

const PEOPLE = Number(process.env['BENCH_COHORT_PEOPLE'] ?? 50_000);
/** Events in all: the generator's own (~14 a person), topped up with attended appointments and did-not-attends over the 3 years. */
const EVENTS = Number(process.env['BENCH_COHORT_EVENTS'] ?? PEOPLE * 40);
const PRACTICES = 5;
const RUNS = 5;
const EXTRACT_DATE = '2026-11-01';
const DIALECTS: DialectName[] = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

const uptime = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** Loads the synthetic practice group: organisations, 200 LSOAs with IMD deciles, extracts, people and events. */
export async function loadCohortBenchData(deps: ServiceDeps): Promise<{ people: number; events: number; seconds: number }> {
  const started = performance.now();
  const actor = systemActor('bench');
  const icb = await createOrganisation(deps, actor, { kind: 'icb', name: 'Bench ICB', odsCode: 'QBENCH' });
  const pcn = await createOrganisation(deps, actor, { kind: 'pcn', name: 'Bench PCN', odsCode: 'UBENCH', parentId: icb.id });
  const practices = [];
  for (let i = 1; i <= PRACTICES; i += 1)
    practices.push(await createOrganisation(deps, actor, { kind: 'practice', name: `Bench practice ${i}`, odsCode: `B9900${i}`, parentId: pcn.id }));
  const rnd = new Random(12);
  const lsoas = Array.from({ length: 200 }, (_, i) => `E0109${String(i).padStart(4, '0')}`);
  await deps.db
    .insertInto('geo_lsoa')
    .values(lsoas.map((lsoa) => ({ lsoa, imd_decile: rnd.int(1, 10), imd_rank: null })))
    .execute();

  const data = generatePracticeData({
    seed: 2026,
    practices: practices.map((p) => ({ ods: p.odsCode ?? '', people: Math.round(PEOPLE / PRACTICES) })),
    extractDate: EXTRACT_DATE,
    years: 3,
  });
  const extractOf = new Map<string, { extractId: string; practiceId: string }>();
  for (const p of practices) {
    const extractId = newId();
    extractOf.set(p.odsCode ?? '', { extractId, practiceId: p.id });
    await deps.db
      .insertInto('practice_extract')
      .values({
        id: extractId,
        practice_id: p.id,
        extract_date: EXTRACT_DATE,
        people: 0,
        events: 0,
        imported_at: new Date().toISOString(),
        imported_by: 'bench',
      })
      .execute();
  }
  const personOf = new Map<string, { id: string; extractId: string }>();
  await deps.db.transaction().execute(async (tx) => {
    const rows = data.people.map((p) => {
      const x = extractOf.get(p.practiceOds);
      if (x === undefined) throw new Error('unknown practice');
      const id = newId();
      personOf.set(p.nhsNumber, { id, extractId: x.extractId });
      const regs = [...p.ltcRegisters].sort();
      return {
        id,
        extract_id: x.extractId,
        practice_id: x.practiceId,
        nhs_number: p.nhsNumber,
        date_of_birth: p.dateOfBirth,
        sex: p.sex,
        ethnicity: p.ethnicity,
        postcode: p.postcode,
        lsoa: rnd.chance(0.95) ? rnd.pick(lsoas) : null,
        ltc_registers: regs.join(';'),
        ltc_count: regs.length,
        palliative: p.palliative ? 1 : 0,
        do_not_contact: p.doNotContact ? 1 : 0,
      };
    });
    for (let i = 0; i < rows.length; i += 1_000)
      await tx
        .insertInto('practice_person')
        .values(rows.slice(i, i + 1_000))
        .execute();
  });
  // Top up to EVENTS with appointments (gp, nurse, other, link worker) and did-not-attends, spread over 3 years.
  const nhs = data.people.map((p) => p.nhsNumber);
  const extra = Math.max(0, EVENTS - data.events.length);
  const start = Date.parse(`${EXTRACT_DATE}T00:00:00Z`) - 3 * 365 * 86_400_000;
  for (let i = 0; i < extra; i += 1) {
    const kind = rnd.chance(0.9) ? 'appointment' : 'dna';
    data.events.push({
      nhsNumber: rnd.pick(nhs),
      date: new Date(start + rnd.int(0, 3 * 365) * 86_400_000).toISOString().slice(0, 10),
      kind,
      endDate: null,
      fitness: null,
      role: rnd.weighted([
        ['gp', 5],
        ['nurse', 3],
        ['other', 1],
        ['link_worker', 1],
      ] as const),
    });
  }
  await deps.db.transaction().execute(async (tx) => {
    const BATCH = 4_000;
    for (let i = 0; i < data.events.length; i += BATCH)
      await tx
        .insertInto('practice_event')
        .values(
          data.events.slice(i, i + BATCH).map((e) => {
            const p = personOf.get(e.nhsNumber);
            if (p === undefined) throw new Error('event for an unknown person');
            return { extract_id: p.extractId, person_id: p.id, date: e.date, kind: e.kind, end_date: e.endDate, fitness: e.fitness, role: e.role };
          }),
        )
        .execute();
  });
  // Fresh statistics and (PostgreSQL) a visibility map, as a database that has been running would
  // have: autovacuum vacuums a table after bulk inserts (PostgreSQL 13+), and until it has, the
  // covering index's index-only scans must still visit the table for every row.
  await sql`ANALYZE`.execute(deps.db);
  if (deps.dialect === 'postgres') await sql`VACUUM (ANALYZE) practice_event`.execute(deps.db);
  return { people: data.people.length, events: data.events.length, seconds: (performance.now() - started) / 1000 };
}

async function benchOne(dialect: DialectName): Promise<void> {
  const scratch = await scratchDatabase(dialect, 'cohort');
  const database = openDatabase(scratch.target);
  try {
    await migrateToLatest(database.db);
    const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
    const loaded = await loadCohortBenchData(deps);
    console.log(
      `cohort ${dialect}: loaded ${loaded.people.toLocaleString('en-GB')} people, ${loaded.events.toLocaleString('en-GB')} events in ${loaded.seconds.toFixed(1)}s`,
    );
    // Every rule (the heaviest run: FA-1 matches most of this padded population) and a cohort a
    // lead would really run (repeat fit notes in the most deprived areas).
    const runs: { label: string; input: CohortRunInput }[] = [
      { label: 'all rules, any', input: { rules: [...COHORT_RULE_CODES], mode: 'any' } },
      { label: 'FN-1 and DEP-1, all', input: { rules: ['FN-1', 'DEP-1'], mode: 'all' } },
    ];
    for (const { label, input } of runs) {
      const walls: number[] = [];
      const cpus: number[] = [];
      let found = 0;
      let blocked = false;
      for (let i = 0; i < RUNS; i += 1) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const run = await findCohort(deps, systemActor('bench'), input);
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        walls.push(wall);
        cpus.push((cpu.user + cpu.system) / 1e6);
        found = run.people;
        blocked = run.blocked;
        console.log(
          `  ${label}, run ${i + 1}: wall ${wall.toFixed(2)}s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)}s, found ${found.toLocaleString('en-GB')}`,
        );
      }
      console.log(
        `cohort ${dialect}: median wall ${median(walls).toFixed(2)}s (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}), median cpu ${median(cpus).toFixed(2)}s; ${label}; ${found.toLocaleString('en-GB')} found, blocked ${String(blocked)}; target ≤ 2 s; ${uptime()}`,
      );
    }
  } finally {
    await database.close();
    await scratch.drop();
  }
}

/** Runs the cohort benchmark on each configured database. */
export async function runCohortBench(): Promise<void> {
  console.log(`cohort bench: ${PEOPLE.toLocaleString('en-GB')} people in ${PRACTICES} practices; ${uptime()}`);
  for (const dialect of DIALECTS) await benchOne(dialect);
  console.log(`cohort bench done; ${uptime()}`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await runCohortBench();
