import {
  CENSUS_ETHNIC_GROUPS,
  DEFAULT_ETHNICITY_SOURCE,
  censusGroupOfCode,
  censusGroupOfLabel,
  isLsoaCode,
  parseCount,
  resolveEthnicityHeader,
  sharesPer10000,
  type CensusEthnicGroup,
} from '../../domain/denominators.ts';
import { invalidInput } from '../../domain/errors.ts';
import { upsertLsoaEthnicity } from '../../db/repositories/denominators/list-denominators.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from '../kernel/csv-import.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { readCsvHeader } from '../denominators/shared/csv-header.ts';

/** LSOAs written per statement (five rows each). */
const BATCH = 200;

export interface EthnicityImportOptions {
  /** Where the figures come from, stored with each LSOA when the file does not say (a `source` column wins). */
  source?: string;
}

interface LsoaCounts {
  counts: Record<CensusEthnicGroup, number>;
  source: string;
}

const zero = (): Record<CensusEthnicGroup, number> => ({ asian: 0, black: 0, mixed: 0, white: 0, other: 0 });

/**
 * Loads Census 2021 ethnic group shares by LSOA (TS021, "Ethnic group") into geo_lsoa_ethnicity as
 * integers per 10,000 of the five high-level groups, from the bulk download's wide layout (a
 * column per group) or the custom-dataset long layout (a row per LSOA × category, summed to the
 * five groups). The reach report weights them by a practice's LSOA mix and labels the result
 * modelled. Re-importing replaces the shares of the LSOAs in the file; one transaction, so a bad
 * count refuses the whole file, naming the line and column.
 */
export async function importEthnicity(
  deps: ServiceDeps,
  actor: Actor,
  file: string,
  opts: EthnicityImportOptions = {},
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
  return runUseCase(deps, actor, {
    permission: 'geo:import',
    action: 'geo.ethnicity_imported',
    entityType: 'geo_lsoa_ethnicity',
    audit: (r) => ({ summary: { rows: r.rows, imported: r.imported, skipped: r.skipped } }),
    work: async (tx) => {
      const header = await readCsvHeader(file);
      const layout = resolveEthnicityHeader(header.names);
      if (!layout.ok) throw invalidInput.because('unknown_format', `${file} ${layout.problem}`, { file });
      const required: Record<string, readonly string[]> = { lsoa: [layout.lsoa] };
      if (layout.layout === 'wide') for (const g of CENSUS_ETHNIC_GROUPS) required[g] = [layout.groups[g]];
      else required.observation = [layout.observation];
      const fallbackSource = opts.source?.trim() || DEFAULT_ETHNICITY_SOURCE;

      const byLsoa = new Map<string, LsoaCounts>();
      const count = (record: Record<string, string>, column: string, line: number): number => {
        const n = parseCount(record[column] ?? '');
        if (n === undefined)
          throw invalidInput.because('invalid_row', `${file} line ${line}, column ${column}: not a whole number of residents`, { file, line, column });
        return n;
      };
      for await (const { record } of readCsvRecords(file, required)) {
        report.rows += 1;
        const line = header.line + report.rows;
        const lsoa = (record[layout.lsoa] ?? '').trim().toUpperCase();
        if (!isLsoaCode(lsoa)) {
          bump(report, 'invalid_lsoa');
          continue;
        }
        const stated = layout.source === undefined ? '' : (record[layout.source] ?? '').trim();
        const source = stated === '' ? fallbackSource : stated;
        if (layout.layout === 'wide') {
          if (byLsoa.has(lsoa)) bump(report, 'duplicate_lsoa');
          const counts = zero();
          for (const g of CENSUS_ETHNIC_GROUPS) counts[g] = count(record, layout.groups[g], line);
          byLsoa.set(lsoa, { counts, source });
          continue;
        }
        // Long layout: one category a row, its label preferred to its code.
        const label = layout.label === undefined ? '' : (record[layout.label] ?? '').trim();
        const code = layout.code === undefined ? '' : (record[layout.code] ?? '').trim();
        const group = label !== '' ? censusGroupOfLabel(label) : censusGroupOfCode(code, layout.categories);
        if (group === undefined || group === 'total') {
          const column = label !== '' ? (layout.label ?? '') : (layout.code ?? '');
          throw invalidInput.because('invalid_row', `${file} line ${line}, column ${column}: not a Census 2021 ethnic group category`, { file, line, column });
        }
        const n = count(record, layout.observation, line);
        if (group === 'none') continue;
        const entry = byLsoa.get(lsoa) ?? { counts: zero(), source };
        entry.counts[group] += n;
        byLsoa.set(lsoa, entry);
      }

      let batch: { lsoa: string; group: CensusEthnicGroup; per10000: number; source: string }[] = [];
      const flush = async () => {
        await upsertLsoaEthnicity(tx, batch);
        batch = [];
        onProgress?.({ rows: report.rows });
      };
      for (const [lsoa, { counts, source }] of byLsoa) {
        const shares = sharesPer10000(counts);
        if (shares === undefined) {
          bump(report, 'no_residents');
          continue;
        }
        for (const g of CENSUS_ETHNIC_GROUPS) batch.push({ lsoa, group: g, per10000: shares[g], source });
        report.imported += 1;
        if (batch.length >= BATCH * CENSUS_ETHNIC_GROUPS.length) await flush();
      }
      await flush();
      if (report.imported === 0) throw invalidInput.because('empty', `${file} has no LSOA with residents to store (${report.rows} rows read)`, { file });
      return report;
    },
  });
}
