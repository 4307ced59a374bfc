/**
 * Benchmarks the impact analysis (issue 12 item 8: ≤ 10 s): the real use case (`analyseImpact`:
 * permission, transaction, the reads, matching, 1,000 bootstrap repetitions, the audit write) over
 * synthetic practice data (src/domain/proactive/synthetic-practice.ts) of BENCH_IMPACT_PEOPLE people
 * (default 50,000 in 5 practices) with BENCH_IMPACT_YEARS years of events (default 8: ~2M events),
 * loaded straight into the tables. Prints wall and CPU milliseconds per outcome, best of
 * BENCH_IMPACT_RUNS (default 3), with the load average. BENCH_IMPACT_WHOLE=1 makes the extracts whole
 * practices (list size = people), so the staggered difference-in-differences runs too. SQLite always; PostgreSQL too when
 * DATABASE_URL or TEST_PG_URL is set. Not a test.
 *
 *   BENCH_ONLY=impact npm run bench
 *   BENCH_IMPACT_PEOPLE=10000 BENCH_DIALECTS=sqlite npx tsx bench/impact.ts
 */
import { cpus, loadavg } from 'node:os';
import { sql } from 'kysely';
import { fixedClock } from '../src/domain/clock.ts';
import { generatePracticeData } from '../src/domain/proactive/synthetic-practice.ts';
import { openDatabase, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../src/services/kernel/context.ts';
import { newId } from '../src/services/kernel/ids.ts';
import { analyseImpact } from '../src/services/proactive/analyse-impact.ts';
import { PG_URL, scratchDatabase } from './support.ts';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw.replace(/_/g, ''));
};
const TARGET_MS = 10_000;

/** Runs the impact benchmark on each configured database. */
export async function runImpactBench(): Promise<void> {
  const people = num('BENCH_IMPACT_PEOPLE', 50_000);
  const years = num('BENCH_IMPACT_YEARS', 8);
  const runs = num('BENCH_IMPACT_RUNS', 3);
  const dialects = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
    .split(',')
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
  const practices = Array.from({ length: 5 }, (_, i) => ({ ods: `B9900${i + 1}`, people: Math.round(people / 5) }));
  let t0 = Date.now();
  const data = generatePracticeData({
    seed: 42,
    practices,
    extractDate: '2026-11-30',
    years,
    trueEffect: { gpAppointmentsPerQuarter: -0.5, fitNotesPerQuarter: -0.1 },
    referredShare: 0.03,
  });
  console.log(
    `impact: generated ${data.people.length.toLocaleString('en-GB')} people, ${data.events.length.toLocaleString('en-GB')} events in ${Date.now() - t0} ms`,
  );
  for (const dialect of dialects) {
    const scratch = await scratchDatabase(dialect, 'impact');
    const database = openDatabase(scratch.target);
    try {
      await migrateToLatest(database.db);
      const deps: ServiceDeps = { db: database.db, dialect, clock: fixedClock(new Date('2026-12-07T12:00:00Z')), config: DEFAULT_SERVICE_CONFIG };
      t0 = Date.now();
      const icb = newId();
      const pcn = newId();
      const at = new Date().toISOString();
      const org = (id: string, kind: string, name: string, ods: string | null, parent: string | null, listSize: number | null) => ({
        id,
        kind,
        name,
        ods_code: ods,
        parent_id: parent,
        list_size: listSize,
        created_at: at,
        description: null,
        email: null,
        website: null,
        source: null,
        external_id: null,
      });
      await database.db
        .insertInto('organisation')
        .values([org(icb, 'icb', 'Bench ICB', 'B9I', null, null), org(pcn, 'pcn', 'Bench PCN', 'B9P', icb, null)])
        .execute();
      const extractOf = new Map<string, string>();
      const practiceOf = new Map<string, string>();
      for (const p of practices) {
        const id = newId();
        await database.db
          .insertInto('organisation')
          .values(org(id, 'practice', `Bench ${p.ods}`, p.ods, pcn, process.env['BENCH_IMPACT_WHOLE'] === '1' ? p.people : Math.round(p.people * 1.5)))
          .execute();
        const extractId = newId();
        extractOf.set(p.ods, extractId);
        practiceOf.set(p.ods, id);
        await database.db
          .insertInto('practice_extract')
          .values({ id: extractId, practice_id: id, extract_date: '2026-11-30', people: p.people, events: 0, imported_at: at, imported_by: null })
          .execute();
      }
      const personOf = new Map<string, { id: string; extractId: string }>();
      await database.db.transaction().execute(async (tx) => {
        const rows = data.people.map((p) => {
          const id = newId();
          const extractId = extractOf.get(p.practiceOds) as string;
          personOf.set(p.nhsNumber, { id, extractId });
          return {
            id,
            extract_id: extractId,
            practice_id: practiceOf.get(p.practiceOds) as string,
            nhs_number: p.nhsNumber,
            date_of_birth: p.dateOfBirth,
            sex: p.sex,
            ethnicity: p.ethnicity,
            postcode: null,
            lsoa: null,
            ltc_registers: p.ltcRegisters.join(';'),
            ltc_count: p.ltcRegisters.length,
            palliative: p.palliative ? 1 : 0,
            do_not_contact: p.doNotContact ? 1 : 0,
          };
        });
        for (let i = 0; i < rows.length; i += 1000)
          await tx
            .insertInto('practice_person')
            .values(rows.slice(i, i + 1000))
            .execute();
        for (let i = 0; i < data.events.length; i += 2000) {
          await tx
            .insertInto('practice_event')
            .values(
              data.events.slice(i, i + 2000).map((e) => {
                const p = personOf.get(e.nhsNumber) as { id: string; extractId: string };
                return { extract_id: p.extractId, person_id: p.id, date: e.date, kind: e.kind, end_date: e.endDate, fitness: e.fitness, role: e.role };
              }),
            )
            .execute();
        }
      });
      if (dialect === 'postgres') await sql`analyze`.execute(database.db);
      console.log(`impact ${dialect}: loaded in ${Date.now() - t0} ms`);
      for (const outcome of ['gp_appointments', 'fit_notes'] as const) {
        let best = { wall: Infinity, cpu: Infinity };
        let summary = '';
        for (let r = 0; r < runs; r++) {
          const before = loadavg()[0] ?? 0;
          const c0 = process.cpuUsage();
          const w0 = performance.now();
          const res = await analyseImpact(deps, systemActor('bench'), { outcome }, { reps: 1000 });
          const wall = performance.now() - w0;
          const c = process.cpuUsage(c0);
          const cpu = (c.user + c.system) / 1000;
          if (wall < best.wall) best = { wall, cpu };
          summary = `treated ${String(res.treated)}, controls ${String(res.controls)}, estimate ${res.estimate?.toFixed(3) ?? '–'} [${res.ci95?.map((x) => x.toFixed(3)).join(', ') ?? '–'}], pre/post ${res.prePost.estimate?.toFixed(3) ?? '–'}, staggered ${res.staggered?.estimate?.toFixed(3) ?? '–'} (${String(res.staggered?.stacks ?? '–')} stacks); load ${before.toFixed(2)}`;
        }
        console.log(
          `impact ${dialect} ${outcome}: best of ${runs} wall ${best.wall.toFixed(0)} ms, cpu ${best.cpu.toFixed(0)} ms (target ≤ ${TARGET_MS} ms) — ${summary}; truth ${(outcome === 'gp_appointments' ? data.truth.gpAppointmentsPerQuarter : data.truth.fitNotesPerQuarter).toFixed(3)}`,
        );
      }
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
  console.log(
    `impact: ${cpus().length} CPUs, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await runImpactBench();
