import { randomBytes } from 'node:crypto';
import { rm, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, fileReason, invalidInput, type ErrorReason } from '../../domain/errors.ts';
import { quarterlyReturnQuerySchema, type QuarterlyReturn } from '../../domain/insight/quarterly-return.ts';
import { generateQuarterlyReturn } from '../../services/reports/generate-quarterly-return.ts';
import { returnCsv } from '../../services/reports/shared/return-csv.ts';
import { systemActor } from '../../services/kernel/context.ts';
import { depsRunner, parseOrFail } from '../deps.ts';
import type { CliContext } from '../io.ts';

interface ReturnOptions {
  period: string;
  org?: string;
  deployment?: string;
  out: string;
  csv?: string;
  json?: boolean;
}

/** The reason for an operating-system error met writing a file (`unwritable` where reading's would say `unreadable`). */
function writeReason(systemCode: unknown): ErrorReason<'invalid_input'> {
  const reason = fileReason(systemCode);
  return reason === 'unreadable' ? 'unwritable' : reason;
}

function cannotWrite(path: string, err: unknown): AppError<'invalid_input'> {
  const systemCode = (err as { code?: unknown }).code;
  return invalidInput.because(writeReason(systemCode), `Cannot write ${basename(path)} in ${dirname(path)}`, {
    ...(typeof systemCode === 'string' ? { systemCode } : {}),
  });
}

/** Refuses, before any work, a path whose folder is missing or that names a folder. */
async function checkWritable(path: string): Promise<void> {
  try {
    const dir = await stat(dirname(path));
    if (!dir.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (err) {
    throw cannotWrite(path, err);
  }
  try {
    if ((await stat(path)).isDirectory()) throw invalidInput.because('not_a_file', `${basename(path)} is a folder`);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // No file there yet: what we want.
  }
}

/**
 * Writes the files whole or not at all: each to a temporary file beside it, then, once all are
 * written, renamed into place (a rename within a folder is atomic), so a failure never leaves a
 * half-written return where a hub would pick it up.
 */
async function writeAtomically(files: readonly { path: string; text: string }[]): Promise<void> {
  const temps: { path: string; temp: string }[] = [];
  try {
    for (const f of files) {
      const temp = join(dirname(f.path), `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push({ path: f.path, temp });
      try {
        await writeFile(temp, f.text, { encoding: 'utf8', flag: 'wx', mode: 0o640 });
      } catch (err) {
        throw cannotWrite(f.path, err);
      }
    }
    for (const t of temps) {
      try {
        await rename(t.temp, t.path);
      } catch (err) {
        throw cannotWrite(t.path, err);
      }
    }
  } finally {
    for (const t of temps) await rm(t.temp, { force: true }).catch(() => {});
  }
}

function summaryOf(r: QuarterlyReturn) {
  const figures = r.sections.flatMap((s) => s.figures);
  return {
    period: r.period,
    deployment: r.deployment.id,
    organisations: r.organisations.length,
    figures: figures.length,
    withheld: figures.filter((f) => f.value === null).length,
    sections: Object.fromEntries(r.sections.map((s) => [s.id, s.figures.length])),
  };
}

/** `linkwork report return`: the federated quarterly return, suppressed, as JSON and tidy CSV. */
export function register(report: Command, ctx: CliContext): void {
  const { io } = ctx;
  const withDeps = depsRunner(io);
  report
    .command('return')
    .description('write the quarterly return (suppressed aggregates in PRSB-aligned sections, docs/schemas/quarterly-return.v1.schema.json)')
    .requiredOption('--period <quarter>', 'a quarter that has ended, like 2026-Q3')
    .option('--org <ods>', 'an ICB or PCN by ODS code (default: everything)')
    .option('--deployment <id>', "this deployment's id in the return (default: from the ICB or PCN codes)")
    .requiredOption('--out <file>', 'where to write the return (JSON)')
    .option('--csv <file>', 'also write it as tidy CSV')
    .option('--json', 'print the summary as JSON')
    .action((opts: ReturnOptions) =>
      withDeps(async (deps) => {
        const query = parseOrFail(quarterlyReturnQuerySchema, {
          period: opts.period,
          ...(opts.org === undefined ? {} : { org: opts.org }),
          ...(opts.deployment === undefined ? {} : { deployment: opts.deployment }),
        });
        const out = resolve(opts.out);
        const csv = opts.csv === undefined ? undefined : resolve(opts.csv);
        if (csv === out) throw new AppError('invalid_input', 'Give --out and --csv different files');
        await checkWritable(out);
        if (csv !== undefined) await checkWritable(csv);
        const r = await generateQuarterlyReturn(deps, systemActor(), query);
        await writeAtomically([{ path: out, text: `${JSON.stringify(r, null, 2)}\n` }, ...(csv === undefined ? [] : [{ path: csv, text: returnCsv(r) }])]);
        const s = summaryOf(r);
        if (opts.json === true) {
          io.stdout.write(`${JSON.stringify({ ...s, out, csv: csv ?? null })}\n`);
          return;
        }
        const lines = [
          `Wrote the ${s.period} return of ${s.deployment} to ${out}${csv === undefined ? '' : ` and ${csv}`}`,
          `  ${s.figures} figures (${s.withheld} withheld) for ${s.organisations} organisations; suppressed`,
          ...Object.entries(s.sections).map(([id, n]) => `  ${id}: ${n}`),
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}
