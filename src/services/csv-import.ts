import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { AppError } from '../domain/errors.ts';

export interface ImportProgress {
  rows: number;
}

export interface ImportReport {
  rows: number;
  imported: number;
  skipped: number;
  /** Why rows were skipped, with a count each (never the rows' content). */
  skippedReasons: Record<string, number>;
}

/**
 * Streams a CSV file as header-keyed records, checking first that every required column is there
 * (any one of each alias group). Memory stays flat whatever the file size.
 */
export async function* readCsvRecords(
  file: string,
  required: Record<string, readonly string[]>,
): AsyncGenerator<{ record: Record<string, string>; columns: Record<string, string> }> {
  try {
    await access(file);
  } catch {
    throw new AppError('invalid_input', `Cannot read file: ${file}`);
  }
  const parser = createReadStream(file).pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().replace(/^\uFEFF/, '')), skip_empty_lines: true, relax_column_count: true, trim: true }),
  );
  let columns: Record<string, string> | undefined;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (columns === undefined) {
        const present = Object.keys(record);
        const resolved: Record<string, string> = {};
        const missing: string[] = [];
        for (const [name, aliases] of Object.entries(required)) {
          const hit = aliases.find((a) => present.includes(a));
          if (hit === undefined) missing.push(aliases.join(' or '));
          else resolved[name] = hit;
        }
        if (missing.length > 0) throw new AppError('invalid_input', `The file is missing required columns: ${missing.join('; ')}`);
        columns = resolved;
      }
      yield { record, columns };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // csv-parse errors name a line and a reason, never cell content beyond the header.
    const code = (err as { code?: unknown }).code;
    const line = (err as { lines?: unknown }).lines;
    throw new AppError('invalid_input', `The file is not valid CSV${typeof line === 'number' ? ` (near line ${line})` : ''}`, {
      reason: typeof code === 'string' ? code : 'parse_error',
    });
  }
}

export function bump(report: ImportReport, reason: string): void {
  report.skipped += 1;
  report.skippedReasons[reason] = (report.skippedReasons[reason] ?? 0) + 1;
}
