/**
 * Benchmarks `linkwork geo import-nspl` (the real `importNspl` use case) on a synthetic,
 * national-size NSPL file: rows, seconds, rows/s and peak RSS at 10%, 50% and 100% of the file,
 * for a file of BENCH_ROWS rows and one a tenth the size, so you can see memory stays flat as the
 * file grows. SQLite always; PostgreSQL too when DATABASE_URL or TEST_PG_URL is set (a throwaway
 * database is created next to it and dropped afterwards). Prints figures and exits; not a test.
 *
 *   npm run bench                                   # 2.7M and 270k rows
 *   BENCH_ROWS=500000 npm run bench                 # smaller
 *   BENCH_DIALECTS=sqlite npm run bench             # one database only
 *   BENCH_COMPARE_ROWS=0 npm run bench              # skip the smaller comparison file
 *   BENCH_ONLY=nspl npm run bench                   # this one only; BENCH_ONLY=casework: bench/casework.ts only
 *   BENCH_ONLY=directory-speed npm run bench        # bench/directory-speed.ts only (matcher vs MiniSearch, 100k services)
 *   BENCH_ONLY=directory-quality npm run bench      # bench/directory-quality.ts only (matcher vs BM25 on both judged sets)
 *   BENCH_ONLY=reports npm run bench                # bench/reports.ts only (the insight reports on an ICB of ~1M referrals)
 *   BENCH_ONLY=phone npm run bench                  # bench/phone-pages.ts only (public pages on a throttled phone link)
 *   BENCH_ONLY=cohort npm run bench                 # bench/cohort.ts only (a proactive cohort run on 50k people, 2M events)
 *   BENCH_ONLY=impact npm run bench                 # bench/impact.ts only (impact analysis, 50k people, ~2M events)
 *   BENCH_ONLY=practice-import npm run bench        # bench/practice-import.ts only (import a practice search: 50k people, ~2M events)
 */
import { fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../src/db/connection.ts';
import { runCaseworkBench } from './casework.ts';
import { runDirectoryQualityBench } from './directory-quality.ts';
import { runDirectorySpeedBench } from './directory-speed.ts';
import { runReportsBench } from './reports.ts';
import { runCohortBench } from './cohort.ts';
import { runImpactBench } from './impact.ts';
import { runPhonePagesBench } from './phone-pages.ts';
import { runPracticeImportBench } from './practice-import.ts';
import { syntheticNsplFile } from './generate-nspl.ts';
import type { ChildArgs, ChildResult } from './import-nspl-child.ts';
import { PG_URL, scratchDatabase } from './support.ts';

const CHILD = fileURLToPath(new URL('./import-nspl-child.ts', import.meta.url));

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
}

const ROWS = intFromEnv('BENCH_ROWS', 2_700_000);
const COMPARE_ROWS = intFromEnv('BENCH_COMPARE_ROWS', Math.round(ROWS / 10));
const DIALECTS: DialectName[] = (process.env['BENCH_DIALECTS'] ?? (PG_URL === undefined ? 'sqlite' : 'sqlite,postgres'))
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

/** Runs one import in a fresh child process (its own heap, so its peak RSS is its own). */
function measure(args: ChildArgs): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // fork() reuses this process's execArgv, which carries tsx's loader.
    const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--expose-gc'] });
    let settled = false;
    child.on('message', (m: { ok: true; result: ChildResult } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`import child exited with code ${String(code)} before reporting`));
    });
    child.send(args);
  });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

function printResult(dialect: DialectName, r: ChildResult, dbBytes: number | null): void {
  const rate = r.rows / r.seconds;
  process.stdout.write(
    `\n${dialect} — ${fmt(r.rows)} rows: imported ${fmt(r.imported)}, skipped ${fmt(r.skipped)}, table holds ${fmt(r.postcodesInTable)}\n` +
      `  ${r.seconds.toFixed(1)} s, ${fmt(rate)} rows/s${dbBytes === null ? '' : `, database file ${fmt(dbBytes / 1048576)} MB`}\n` +
      `  RSS before import ${r.baselineRssMb} MB; peak RSS so far at ` +
      r.milestones.map((m) => `${Math.round(m.at * 100)}%: ${m.peakRssMb} MB (${m.seconds.toFixed(1)} s, heap ${m.heapUsedMb} MB)`).join(', ') +
      `; process max RSS ${r.maxRssMb} MB\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `NSPL import benchmark — ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 1073741824)} GB RAM (${fmt(freemem() / 1073741824)} GB free), Node ${process.version}\n` +
      `Files: ${fmt(ROWS)} rows${COMPARE_ROWS > 0 ? ` and ${fmt(COMPARE_ROWS)} rows` : ''}; databases: ${DIALECTS.join(', ')}\n`,
  );
  if (DIALECTS.length === 0) throw new Error('BENCH_DIALECTS names no known database (sqlite, postgres)');
  const sizes = COMPARE_ROWS > 0 && COMPARE_ROWS !== ROWS ? [COMPARE_ROWS, ROWS] : [ROWS];
  const files = new Map<number, string>();
  for (const rows of sizes) files.set(rows, await syntheticNsplFile(rows));

  const summary: { dialect: DialectName; rows: number; seconds: number; peak: number }[] = [];
  for (const dialect of DIALECTS) {
    for (const rows of sizes) {
      const scratch = await scratchDatabase(dialect);
      try {
        const result = await measure({ target: scratch.target, file: files.get(rows) ?? '', rows });
        const dbBytes = scratch.file === undefined ? null : statSync(scratch.file).size;
        printResult(dialect, result, dbBytes);
        summary.push({ dialect, rows, seconds: result.seconds, peak: result.maxRssMb });
      } finally {
        await scratch.drop();
      }
    }
  }
  process.stdout.write('\nSummary (peak RSS should not grow with the file: memory is flat when the rows differ 10× and the peaks do not)\n');
  process.stdout.write('  database  rows        seconds  rows/s    max RSS\n');
  for (const s of summary) {
    process.stdout.write(
      `  ${s.dialect.padEnd(8)}  ${fmt(s.rows).padStart(9)}  ${s.seconds.toFixed(1).padStart(8)}  ${fmt(s.rows / s.seconds).padStart(7)}  ${String(s.peak).padStart(5)} MB\n`,
    );
  }
}

// BENCH_ONLY=nspl, casework, directory-speed, directory-quality, reports, phone, impact, cohort or practice-import runs one benchmark; unset runs them all.
const ONLY = process.env['BENCH_ONLY'] ?? '';
if (!['', 'nspl', 'casework', 'directory-speed', 'directory-quality', 'reports', 'phone', 'impact', 'cohort', 'practice-import'].includes(ONLY))
  throw new Error('BENCH_ONLY must be nspl, casework, directory-speed, directory-quality, reports, phone, impact, cohort or practice-import');
if (ONLY === '' || ONLY === 'nspl') await main();
if (ONLY === '' || ONLY === 'casework') await runCaseworkBench();
// Each engine runs in a child process of its own (bench/directory-speed-child.ts).
if (ONLY === '' || ONLY === 'directory-speed') await runDirectorySpeedBench();
if (ONLY === '' || ONLY === 'directory-quality') await runDirectoryQualityBench();
if (ONLY === '' || ONLY === 'reports') await runReportsBench();
if (ONLY === '' || ONLY === 'phone') await runPhonePagesBench();
if (ONLY === '' || ONLY === 'impact') await runImpactBench();
if (ONLY === '' || ONLY === 'cohort') await runCohortBench();
if (ONLY === '' || ONLY === 'practice-import') await runPracticeImportBench();
