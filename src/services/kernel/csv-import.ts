import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { AppError, fileReason, type ErrorReason } from '../../domain/errors.ts';
import { hasUnstorableText } from '../../domain/schemas/text.ts';

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

/** Which header names the required columns resolved to; throws invalid_input naming what is missing. */
function resolveColumns(present: readonly string[], required: Record<string, readonly string[]>): Record<string, string> {
  const resolved: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, aliases] of Object.entries(required)) {
    const hit = aliases.find((a) => present.includes(a));
    if (hit === undefined) missing.push(aliases.join(' or '));
    else resolved[name] = hit;
  }
  if (missing.length > 0) throw new AppError('invalid_input', `The file is missing required columns: ${missing.join('; ')}`);
  return resolved;
}

const cannotRead = (file: string, reason: ErrorReason<'invalid_input'>, systemCode?: string) =>
  new AppError('invalid_input', `Cannot read file: ${file}`, { reason, ...(systemCode === undefined ? {} : { systemCode }) });

/**
 * Streams a CSV file as header-keyed records, checking the header row first that every required
 * column is there (any one of each alias group) — even when no data rows follow. Memory stays flat
 * whatever the file size. Every failure (missing or unreadable file, bad header, broken CSV) is an
 * AppError('invalid_input').
 */
export async function* readCsvRecords(
  file: string,
  required: Record<string, readonly string[]>,
): AsyncGenerator<{ record: Record<string, string>; columns: Record<string, string> }> {
  try {
    if (!(await stat(file)).isFile()) throw cannotRead(file, 'not_a_file');
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: unknown }).code;
    throw cannotRead(file, fileReason(code), typeof code === 'string' ? code : undefined);
  }
  let columns: Record<string, string> | undefined;
  const parser = parse({
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
      // Thrown here, csv-parse stops and the loop below rethrows this very AppError.
      columns = resolveColumns(names, required);
      return names;
    },
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    // Each record with its line number (where it ends), for errors that name a line.
    info: true,
  });
  const input = createReadStream(file);
  // pipe() does not forward errors: without this a read error (EACCES, EISDIR, EIO) is an
  // unhandled 'error' event that takes the whole process down.
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (columns === undefined) throw new AppError('internal', 'CSV header was not resolved');
      // NUL (and lone surrogates) cannot be stored in PostgreSQL text: refuse the file, naming the cell.
      const bad = Object.entries(record).find(([, v]) => hasUnstorableText(v));
      if (bad !== undefined) {
        const line = info.lines;
        throw new AppError(
          'invalid_input',
          `Line ${line}, column "${bad[0]}" of ${file} contains a character that cannot be stored (a NUL or a broken character)`,
          {
            reason: 'invalid_row',
            file,
            line,
            column: bad[0],
          },
        );
      }
      yield { record, columns };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw cannotRead(file, fileReason(code), code);
    // csv-parse errors name a line and a reason, never cell content beyond the header.
    const line = (err as { lines?: unknown }).lines;
    throw new AppError('invalid_input', `The file is not valid CSV${typeof line === 'number' ? ` (near line ${line})` : ''}`, {
      reason: 'not_csv',
      ...(typeof code === 'string' ? { parserCode: code } : {}),
    });
  } finally {
    input.destroy();
  }
  if (columns === undefined) throw new AppError('invalid_input', 'The file is empty: it has no header row');
}

export function bump(report: ImportReport, reason: string): void {
  report.skipped += 1;
  report.skippedReasons[reason] = (report.skippedReasons[reason] ?? 0) + 1;
}
