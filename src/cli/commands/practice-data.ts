import type { Command } from 'commander';
import { z } from 'zod';
import { generatePracticeData } from '../../domain/proactive/synthetic-practice.ts';
import { importPracticeData, type PracticeImportSummary } from '../../services/proactive/import-practice-data.ts';
import { listPracticeExtracts } from '../../services/proactive/list-practice-extracts.ts';
import { purgePracticeData, type PracticeDataPurge } from '../../services/proactive/purge-practice-data.ts';
import { writePracticeCsvFiles } from '../../services/proactive/shared/write-practice-csv.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext, CliIo } from '../io.ts';
import { progressPrinter } from './geo.ts';

const n = (v: number): string => v.toLocaleString('en-GB');

function printImport(io: CliIo, s: PracticeImportSummary, purge: PracticeDataPurge, seconds: number): void {
  const lines = [`Imported ${s.extracts.length} practice extract${s.extracts.length === 1 ? '' : 's'} in ${seconds.toFixed(1)}s`];
  for (const e of s.extracts)
    lines.push(`  ${e.practice} ${e.extractDate}: ${n(e.people)} people, ${n(e.events)} events${e.replaced ? ' (replacing its earlier import)' : ''}`);
  lines.push(`  ${n(s.people)} people (${n(s.peopleWithLsoa)} placed in an LSOA), ${n(s.events)} events`);
  if (s.people > 0 && s.peopleWithLsoa === 0) lines.push('  note: no postcode was placed in an LSOA (load the postcode directory: linkwork geo import-nspl)');
  if (purge.extracts > 0)
    lines.push(
      `  retention (${purge.retentionDays} days, latest two per practice): deleted ${n(purge.extracts)} older extracts (${n(purge.people)} people, ${n(purge.events)} events)`,
    );
  io.stdout.write(`${lines.join('\n')}\n`);
}

const generateSchema = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).default(1),
  practices: z
    .string()
    .default('X99001')
    .transform((s) => s.split(',').map((p) => p.trim().toUpperCase()))
    .pipe(z.array(z.string().regex(/^[A-Z0-9]{3,10}$/, 'practice ODS codes, comma-separated')).min(1)),
  people: z.coerce.number().int().min(1).max(2_000_000).default(2_000),
  years: z.coerce.number().min(1).max(20).default(3),
  extractDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .optional(),
  effectGp: z.coerce.number().default(0),
  effectFitNotes: z.coerce.number().default(0),
});

/** `linkwork practice-data import|list|purge|generate`: a practice's own search (issue 12). */
export function register(practiceData: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  practiceData
    .command('import')
    .description(
      "load a practice's search: people.csv and events.csv (docs/design/practice-data.md); re-importing an extract replaces it; then applies retention",
    )
    .requiredOption('--people <file>', 'people.csv: one row per person')
    .requiredOption('--events <file>', 'events.csv: appointments, fit notes, referrals …')
    .option('--json', 'print the summary as JSON')
    .action((opts: { people: string; events: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const progress = progressPrinter(io, 'practice data');
        const s = await importPracticeData(deps, systemActor(), { people: opts.people, events: opts.events }, progress.onProgress);
        progress.finish(s.people + s.events);
        // Retention runs after every import, as its own audited step: old extracts go at once.
        const purge = await purgePracticeData(deps, systemActor());
        const seconds = (performance.now() - started) / 1000;
        if (opts.json === true) {
          const used = process.cpuUsage(cpu);
          io.stdout.write(
            `${JSON.stringify({
              extracts: s.extracts.map(({ practice, extractDate, people, events, replaced }) => ({ practice, extractDate, people, events, replaced })),
              people: s.people,
              events: s.events,
              peopleWithLsoa: s.peopleWithLsoa,
              purged: { extracts: purge.extracts, people: purge.people, events: purge.events },
              seconds: Math.round(seconds * 100) / 100,
              cpuSeconds: Math.round((used.user + used.system) / 10_000) / 100,
            })}\n`,
          );
        } else printImport(io, s, purge, seconds);
      }),
    );
  practiceData
    .command('list')
    .description("the stored extracts: practice, extract date, people and events (no person's data)")
    .option('--json', 'print the list as JSON')
    .action((opts: { json?: boolean }) =>
      withDeps(async (deps) => {
        const list = await listPracticeExtracts(deps, systemActor());
        if (opts.json === true) {
          const extracts = list.map((e) => ({
            practice: e.practiceOds,
            practiceName: e.practiceName,
            extractDate: e.extractDate,
            people: e.people,
            events: e.events,
            current: e.current,
            importedAt: e.importedAt,
          }));
          io.stdout.write(`${JSON.stringify({ extracts })}\n`);
          return;
        }
        if (list.length === 0) {
          io.stdout.write('No practice data stored (linkwork practice-data import)\n');
          return;
        }
        io.stdout.write('practice    extract     people     events  current\n');
        for (const e of list)
          io.stdout.write(
            `${(e.practiceOds ?? e.practiceId).padEnd(10)}  ${e.extractDate}  ${n(e.people).padStart(9)}  ${n(e.events).padStart(9)}  ${e.current ? 'yes' : ''}\n`,
          );
      }),
    );
  practiceData
    .command('purge')
    .description('delete extracts past the retention period (LINKWORK_PRACTICE_DATA_RETENTION_DAYS) and all but the latest two of each practice')
    .option('--json', 'print the counts as JSON')
    .action((opts: { json?: boolean }) =>
      withDeps(async (deps) => {
        const r = await purgePracticeData(deps, systemActor());
        if (opts.json === true) io.stdout.write(`${JSON.stringify(r)}\n`);
        else
          io.stdout.write(
            `Deleted ${n(r.extracts)} extract(s): ${n(r.people)} people, ${n(r.events)} events (retention ${r.retentionDays} days, latest two per practice)\n`,
          );
      }),
    );
  practiceData
    .command('generate')
    .description('write synthetic people.csv and events.csv (fictional people, 999-range NHS numbers) for tests, demos and benchmarks')
    .requiredOption('--out <dir>', 'folder to write people.csv and events.csv into')
    .option('--seed <n>', 'random seed (the same seed gives the same files)', '1')
    .option('--practices <ods,ods>', 'practice ODS codes, comma-separated', 'X99001')
    .option('--people <n>', 'people per practice', '2000')
    .option('--years <n>', 'years of history before the extract date', '3')
    .option('--extract-date <date>', 'the day the search was run (YYYY-MM-DD; default today)')
    .option('--effect-gp <x>', 'true change in GP appointments per referred person per quarter, for 4 quarters after referral', '0')
    .option('--effect-fit-notes <y>', 'true change in fit notes per referred person per quarter', '0')
    .action(async (raw: Record<string, string | undefined>) => {
      const opts = parseOrFail(generateSchema, raw);
      const extractDate = opts.extractDate ?? new Date().toISOString().slice(0, 10);
      const data = generatePracticeData({
        seed: opts.seed,
        practices: opts.practices.map((ods) => ({ ods, people: opts.people })),
        extractDate,
        years: opts.years,
        trueEffect: { gpAppointmentsPerQuarter: opts.effectGp, fitNotesPerQuarter: opts.effectFitNotes },
      });
      const written = await writePracticeCsvFiles(opts.out, data);
      io.stdout.write(
        `Wrote ${n(written.rows.people)} people and ${n(written.rows.events)} events (${n(data.referred.length)} referred) to ${written.people} and ${written.events}\n`,
      );
    });
}
