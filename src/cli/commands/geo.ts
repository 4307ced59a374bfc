import type { Command } from 'commander';
import { systemActor } from '../../services/kernel/context.ts';
import type { ImportProgress, ImportReport } from '../../services/kernel/csv-import.ts';
import { importEthnicity } from '../../services/geo/import-ethnicity.ts';
import { importImd } from '../../services/geo/import-imd.ts';
import { importNspl } from '../../services/geo/import-nspl.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext, CliIo } from '../io.ts';

interface ProgressPrinter {
  onProgress: (p: ImportProgress) => void;
  /** The last progress line, so even a small file shows its progress on stderr. */
  finish: (rows: number) => void;
}

/** Progress on stderr (stdout carries only the report): every 50,000 rows, and once at the end. */
export function progressPrinter(io: CliIo, label: string): ProgressPrinter {
  const started = performance.now();
  let last = 0;
  const line = (rows: number, suffix = ''): void => {
    const secs = (performance.now() - started) / 1000;
    io.stderr.write(`${label}: ${rows.toLocaleString('en-GB')} rows (${Math.round(rows / Math.max(secs, 0.001)).toLocaleString('en-GB')}/s)${suffix}\n`);
  };
  return {
    onProgress: (p) => {
      if (p.rows - last < 50_000) return;
      last = p.rows;
      line(p.rows);
    },
    finish: (rows) => line(rows, ' done'),
  };
}

function printReport(io: CliIo, r: ImportReport, started: number): void {
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`Read ${r.rows} rows: imported ${r.imported}, skipped ${r.skipped} in ${secs}s\n`);
  for (const [reason, n] of Object.entries(r.skippedReasons)) io.stdout.write(`  skipped (${reason}): ${n}\n`);
}

/** `linkwork geo import-nspl|import-imd|import-ethnicity`: postcode, deprivation and Census ethnicity lookups. */
export function register(geo: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  geo
    .command('import-nspl <file>')
    .description('load an ONS NSPL/ONSPD postcode CSV (streamed; the full 2.7M-row file is fine)')
    .action((file: string) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter(io, 'postcodes');
        const report = await importNspl(deps, systemActor(), file, progress.onProgress);
        progress.finish(report.rows);
        printReport(io, report, started);
      }),
    );
  geo
    .command('import-imd <file>')
    .description('load IMD 2019 deciles by LSOA')
    .action((file: string) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter(io, 'LSOAs');
        const report = await importImd(deps, systemActor(), file, progress.onProgress);
        progress.finish(report.rows);
        printReport(io, report, started);
      }),
    );
  geo
    .command('import-ethnicity <file>')
    .description('load Census 2021 ethnic group shares by LSOA (ONS TS021, wide or long layout); the reach report models practice ethnicity from them')
    .option('--source <text>', 'where the figures come from, stored with them when the file has no source column')
    .action((file: string, opts: { source?: string }) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter(io, 'ethnicity rows');
        const report = await importEthnicity(deps, systemActor(), file, opts.source === undefined ? {} : { source: opts.source }, progress.onProgress);
        progress.finish(report.rows);
        printReport(io, report, started);
      }),
    );
}
