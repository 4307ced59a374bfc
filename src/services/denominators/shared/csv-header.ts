import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../domain/errors.ts';
import { readCsvRecords } from '../../kernel/csv-import.ts';

/** How far into a file its header row is looked for. */
const HEADER_BYTES = 256 * 1024;

export interface CsvHeader {
  /** The header names as readCsvRecords keys records by them (trimmed, BOM removed). */
  names: string[];
  /** The file line the header is on (1 unless blank lines come first). */
  line: number;
}

/**
 * The header row of a CSV file, read on its own so a reader can work out which of several
 * layouts the file is and which header names its columns have (in any case or spacing) before
 * streaming the records with readCsvRecords, which matches names exactly. A file that cannot be
 * read, or has no header, fails here with the same coded error readCsvRecords gives.
 */
export async function readCsvHeader(file: string): Promise<CsvHeader> {
  const header = await peek(file);
  if (header !== undefined) return header;
  // Let the shared reader say why (not a file, not found, empty, not CSV) the way every import does.
  for await (const _ of readCsvRecords(file, {})) break;
  throw new AppError('invalid_input', `The file has no header row: ${file}`, { reason: 'not_csv' });
}

async function peek(file: string): Promise<CsvHeader | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    const lines = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    const index = lines.findIndex((l) => l.trim() !== '');
    // The last line of what was read may be cut short: only a complete line is a header.
    if (index === -1 || (index === lines.length - 1 && bytesRead === HEADER_BYTES)) return undefined;
    const rows: string[][] = parse(lines[index] ?? '', { relax_quotes: true, relax_column_count: true });
    const names = rows[0]?.map((h) => h.trim().replace(/^\uFEFF/, ''));
    return names === undefined || names.length === 0 ? undefined : { names, line: index + 1 };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
