import { parseListRow, resolveListHeader, type AgeBand5, type ListExtractKind } from '../../domain/denominators.ts';
import { invalidInput } from '../../domain/errors.ts';
import {
  countLsoasWithoutImd,
  deleteListExtractRows,
  deleteLsoaTotals,
  findListExtract,
  finishListExtract,
  insertAgeSexRows,
  insertListExtract,
  insertLsoaRows,
  type AgeSexRow,
  type LsoaRow,
} from '../../db/repositories/denominators/list-denominators.ts';
import { isUniqueViolation } from '../../db/values.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from '../kernel/csv-import.ts';
import { newId } from '../kernel/ids.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { readCsvHeader } from './shared/csv-header.ts';

const BATCH = 1_000;

export interface DenominatorImportSummary {
  /** The stored extract (the same id when an extract is imported again). */
  extractId: string;
  kind: ListExtractKind;
  /** YYYY-MM-DD */
  extractDate: string;
  /** Practices with at least one stored row. */
  practices: number;
  /** Rows stored. */
  rows: number;
  /** Patients in the stored rows. */
  patients: number;
  /** Rows read but not stored (totals, other organisation types, patients with no LSOA). */
  skipped: number;
  skippedReasons: Record<string, number>;
  /** True when this extract (kind and date) had been imported before and its rows were replaced. */
  replaced: boolean;
  /** LSOA files: distinct LSOAs with no IMD decile loaded (IMD not loaded, or another LSOA edition); null for the age file. */
  lsoasWithoutImd: number | null;
}

/** A bad cell: the message names the file, line and column (values in these files are public aggregates, never personal data). */
const badCell = (file: string, line: number, column: string, problem: string, value: string) =>
  invalidInput.because('invalid_row', `${file} line ${line}, column ${column}: ${problem} (found "${value.slice(0, 40)}")`, { file, line, column });

/**
 * Imports one NHS England "Patients Registered at a GP Practice" CSV — by practice × sex × 5-year
 * age band, or by practice × LSOA, told apart by its header — as one extract (kind × extract
 * date). Re-importing an extract replaces its rows. All in one transaction: a bad row, a second
 * extract date or a repeated row refuses the whole file, naming the line and column, and leaves
 * what was stored before as it was. Totals (ALL) are not stored from the age file; the LSOA file
 * keeps its ALL rows only when it gives no rows by sex.
 */
export async function importDenominators(
  deps: ServiceDeps,
  actor: Actor,
  file: string,
  onProgress?: (p: ImportProgress) => void,
): Promise<DenominatorImportSummary> {
  return runUseCase(deps, actor, {
    permission: 'geo:import',
    action: 'denominators.imported',
    entityType: 'list_extract',
    audit: (s) => ({
      entityId: s.extractId,
      summary: {
        kind: s.kind,
        extractDate: s.extractDate,
        practices: s.practices,
        rows: s.rows,
        patients: s.patients,
        skipped: s.skipped,
        replaced: s.replaced,
      },
    }),
    work: async (tx) => {
      const header = await readCsvHeader(file);
      const resolved = resolveListHeader(header.names);
      if (!resolved.ok) throw invalidInput.because('unknown_format', `${file} ${resolved.problem}`, { file });
      const { kind, columns } = resolved;
      const required: Record<string, readonly string[]> = {};
      for (const [name, column] of Object.entries(columns)) if (column !== undefined) required[name] = [column];

      const importedAt = deps.clock.now().toISOString();
      const importedBy = actor.kind === 'user' ? actor.userId : null;
      // Skipped rows by reason, in the shape the shared bump() counts into.
      const tally: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
      let extract: { id: string; date: string; replaced: boolean } | undefined;
      let read = 0;
      let batch: { line: number; key: string; ageSex?: AgeSexRow; lsoa?: LsoaRow }[] = [];
      let batchKeys = new Set<string>();
      // Stored rows by sex group, so an LSOA file given both by sex and in total keeps only one.
      const totals = { bySex: { rows: 0, patients: 0, practices: new Set<string>() }, all: { rows: 0, patients: 0, practices: new Set<string>() } };

      const flush = async () => {
        if (extract === undefined || batch.length === 0) return;
        const id = extract.id;
        try {
          if (kind === 'age_sex')
            await insertAgeSexRows(
              tx,
              id,
              batch.flatMap((b) => (b.ageSex === undefined ? [] : [b.ageSex])),
            );
          else
            await insertLsoaRows(
              tx,
              id,
              batch.flatMap((b) => (b.lsoa === undefined ? [] : [b.lsoa])),
            );
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          const lines = `${batch[0]?.line ?? 0}–${batch.at(-1)?.line ?? 0}`;
          throw invalidInput.because(
            'duplicate_row',
            `${file} lines ${lines}: a row repeats a practice, sex and ${kind === 'age_sex' ? 'age band' : 'LSOA'} given earlier in the file`,
            {
              file,
              lines,
            },
          );
        }
        batch = [];
        batchKeys = new Set();
        onProgress?.({ rows: read });
      };

      for await (const { record } of readCsvRecords(file, required)) {
        read += 1;
        const line = header.line + read;
        const parsed = parseListRow(kind, columns, record);
        if (parsed.ok === false) throw badCell(file, line, parsed.column, parsed.problem, record[parsed.column] ?? '');
        if (parsed.ok === 'skip') {
          bump(tally, parsed.reason);
          continue;
        }
        const row = parsed.row;
        if (extract === undefined) {
          // The same extract imported before: its rows go, its id stays (the counts are set at the end).
          const existing = await findListExtract(tx, kind, row.extractDate);
          const id = existing?.id ?? newId();
          if (existing !== undefined) await deleteListExtractRows(tx, id);
          else await insertListExtract(tx, { id, kind, extractDate: row.extractDate, importedAt, importedBy });
          extract = { id, date: row.extractDate, replaced: existing !== undefined };
        } else if (row.extractDate !== extract.date) {
          throw invalidInput.because(
            'mixed_extract_dates',
            `${file} line ${line}, column ${columns.extractDate}: extract date ${row.extractDate} differs from ${extract.date} on the first row; import one extract per file`,
            { file, line, column: columns.extractDate, extractDate: row.extractDate, firstExtractDate: extract.date },
          );
        }
        let key: string;
        let group: 'bySex' | 'all';
        if (kind === 'age_sex') {
          if (row.sex === 'ALL' || row.ageBand === 'ALL' || row.ageBand === undefined) {
            bump(tally, 'total_row');
            continue;
          }
          key = `${row.practiceOds}|${row.sex}|${row.ageBand}`;
          group = 'bySex';
          batch.push({ line, key, ageSex: { practiceOds: row.practiceOds, sex: row.sex, ageBand: row.ageBand satisfies AgeBand5, patients: row.patients } });
        } else {
          if (row.lsoa === null || row.lsoa === undefined) {
            bump(tally, 'no_lsoa');
            continue;
          }
          key = `${row.practiceOds}|${row.sex}|${row.lsoa}`;
          group = row.sex === 'ALL' ? 'all' : 'bySex';
          batch.push({ line, key, lsoa: { practiceOds: row.practiceOds, lsoa: row.lsoa, sex: row.sex, patients: row.patients } });
        }
        if (batchKeys.has(key)) {
          const first = batch.find((b) => b.key === key)?.line ?? line;
          throw invalidInput.because(
            'duplicate_row',
            `${file} line ${line}: repeats the practice, sex and ${kind === 'age_sex' ? 'age band' : 'LSOA'} of line ${first}`,
            { file, line, firstLine: first },
          );
        }
        batchKeys.add(key);
        totals[group].rows += 1;
        totals[group].patients += row.patients;
        totals[group].practices.add(row.practiceOds);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      if (extract === undefined) throw invalidInput.because('empty', `${file} has no rows to store (${read} read)`, { file });

      // An LSOA file given by sex and in total: keep the rows by sex (the totals are their sum).
      let kept = totals.all;
      if (kind === 'age_sex' || totals.bySex.rows > 0) {
        kept = totals.bySex;
        if (totals.all.rows > 0) {
          await deleteLsoaTotals(tx, extract.id);
          tally.skipped += totals.all.rows;
          tally.skippedReasons.total_row = (tally.skippedReasons.total_row ?? 0) + totals.all.rows;
        }
      }
      if (kept.rows === 0) throw invalidInput.because('empty', `${file} has no rows to store: only totals (${read} read)`, { file });
      await finishListExtract(tx, extract.id, { practices: kept.practices.size, rows: kept.rows, patients: kept.patients, importedAt, importedBy });
      return {
        extractId: extract.id,
        kind,
        extractDate: extract.date,
        practices: kept.practices.size,
        rows: kept.rows,
        patients: kept.patients,
        skipped: tally.skipped,
        skippedReasons: tally.skippedReasons,
        replaced: extract.replaced,
        lsoasWithoutImd: kind === 'lsoa' ? await countLsoasWithoutImd(tx, extract.id) : null,
      };
    },
  });
}
