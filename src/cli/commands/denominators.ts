import type { Command } from 'commander';
import { importDenominators, type DenominatorImportSummary } from '../../services/denominators/import-denominators.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { depsRunner } from '../deps.ts';
import type { CliContext, CliIo } from '../io.ts';
import { progressPrinter } from './geo.ts';

const n = (v: number): string => v.toLocaleString('en-GB');

function printSummary(io: CliIo, s: DenominatorImportSummary, seconds: number): void {
  const what = s.kind === 'age_sex' ? 'by age and sex' : 'by LSOA';
  const lines = [
    `Imported the ${s.extractDate} extract ${what}${s.replaced ? ' (replacing its earlier import)' : ''} in ${seconds.toFixed(1)}s`,
    `  ${n(s.practices)} practices, ${n(s.rows)} rows, ${n(s.patients)} patients; skipped ${n(s.skipped)}`,
  ];
  for (const [reason, count] of Object.entries(s.skippedReasons)) lines.push(`  skipped (${reason}): ${n(count)}`);
  if (s.lsoasWithoutImd !== null && s.lsoasWithoutImd > 0)
    lines.push(
      `  note: ${n(s.lsoasWithoutImd)} LSOAs have no IMD decile loaded (linkwork geo import-imd; IMD 2019 uses 2011 LSOAs, later list files may use 2021 LSOAs)`,
    );
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** `linkwork denominators import`: the practice list, NHS England's "Patients Registered at a GP Practice". */
export function register(denominators: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  denominators
    .command('import <file>')
    .description('load an NHS England "Patients Registered at a GP Practice" CSV (by sex and 5-year age band, or by LSOA); re-importing an extract replaces it')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withDeps(async (deps) => {
        const started = performance.now();
        const progress = progressPrinter(io, 'list rows');
        const s = await importDenominators(deps, systemActor(), file, progress.onProgress);
        progress.finish(s.rows + s.skipped);
        const seconds = (performance.now() - started) / 1000;
        if (opts.json === true) {
          const { kind, extractDate, practices, rows, patients, skipped, replaced, skippedReasons, lsoasWithoutImd } = s;
          io.stdout.write(`${JSON.stringify({ kind, extractDate, practices, rows, patients, skipped, replaced, skippedReasons, lsoasWithoutImd })}\n`);
        } else printSummary(io, s, seconds);
      }),
    );
}
