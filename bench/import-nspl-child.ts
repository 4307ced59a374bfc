/**
 * One measured import, in a process of its own so its peak memory is its own: opens and migrates
 * the target database, runs the real `importNspl` use case on the file, samples RSS every 100 ms
 * (and at every progress callback), and sends the figures to the parent over IPC.
 */
import { systemClock } from '../src/domain/clock.ts';
import { openDatabase, type DatabaseTarget } from '../src/db/connection.ts';
import { countGeo } from '../src/db/repositories/geo/postcodes.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor } from '../src/services/kernel/context.ts';
import { importNspl } from '../src/services/geo/import-nspl.ts';

export interface ChildArgs {
  target: DatabaseTarget;
  file: string;
  rows: number;
}

export interface Milestone {
  /** Fraction of the file's rows read (0.1, 0.5, 1). */
  at: number;
  rows: number;
  seconds: number;
  /** Highest RSS seen from the start of the import up to this point, in MB. */
  peakRssMb: number;
  heapUsedMb: number;
}

export interface ChildResult {
  rows: number;
  imported: number;
  skipped: number;
  seconds: number;
  baselineRssMb: number;
  milestones: Milestone[];
  /** The kernel's maximum resident set size for the whole child process, in MB. */
  maxRssMb: number;
  postcodesInTable: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

async function run(args: ChildArgs): Promise<ChildResult> {
  const database = openDatabase(args.target);
  try {
    await migrateToLatest(database.db);
    const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sample = (): void => {
      const rss = process.memoryUsage.rss();
      if (rss > peak) peak = rss;
    };
    const timer = setInterval(sample, 100);
    const milestones: Milestone[] = [];
    const marks = [0.1, 0.5];
    const started = performance.now();
    const mark = (at: number, rows: number): void => {
      sample();
      milestones.push({ at, rows, seconds: (performance.now() - started) / 1000, peakRssMb: mb(peak), heapUsedMb: mb(process.memoryUsage().heapUsed) });
    };
    try {
      const report = await importNspl(deps, systemActor('bench'), args.file, (p) => {
        sample();
        const next = marks[0];
        if (next !== undefined && p.rows >= next * args.rows) {
          marks.shift();
          mark(next, p.rows);
        }
      });
      mark(1, report.rows);
      const seconds = (performance.now() - started) / 1000;
      const counts = await countGeo(database.db);
      return {
        rows: report.rows,
        imported: report.imported,
        skipped: report.skipped,
        seconds,
        baselineRssMb: mb(baseline),
        milestones,
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        postcodesInTable: counts.postcodes,
      };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await database.close();
  }
}

process.once('message', (message: ChildArgs) => {
  run(message).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, () => process.exit(1)),
  );
});
