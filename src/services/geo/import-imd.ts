import { upsertLsoaDeciles } from '../../db/repositories/geo/postcodes.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from '../kernel/csv-import.ts';
import { runUseCase } from '../kernel/use-case.ts';

const BATCH = 500;

/** IoD2019 LSOA file: our slim layout, or the official File 7 headings. */
const COLUMNS = {
  lsoa: ['lsoa_code', 'LSOA code (2011)', 'lsoa11cd', 'lsoa21cd'],
  decile: ['IMD_decile', 'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)'],
  rank: ['IMD_rank', 'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)'],
} as const;

interface LsoaDecile {
  lsoa: string;
  imdDecile: number;
  imdRank: number | null;
}

/**
 * Loads IMD deciles by LSOA: streamed, in batches, in one transaction (a bad file changes nothing).
 * An LSOA repeated in the file is stored once, the later row winning.
 */
export async function importImd(deps: ServiceDeps, actor: Actor, file: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
  return runUseCase(deps, actor, {
    permission: 'geo:import',
    action: 'geo.imd_imported',
    entityType: 'geo_lsoa',
    audit: (r) => ({ summary: { rows: r.rows, imported: r.imported, skipped: r.skipped } }),
    work: async (tx) => {
      // Keyed by LSOA: PostgreSQL refuses an upsert that touches the same row twice in one statement.
      let batch = new Map<string, LsoaDecile>();
      const flush = async () => {
        await upsertLsoaDeciles(tx, [...batch.values()]);
        report.imported += batch.size;
        batch = new Map();
        onProgress?.({ rows: report.rows });
      };
      for await (const { record, columns } of readCsvRecords(file, COLUMNS)) {
        report.rows += 1;
        const lsoa = (record[columns.lsoa as string] ?? '').trim();
        const decileText = record[columns.decile as string] ?? '';
        const decile = /^\d+$/.test(decileText) ? Number(decileText) : Number.NaN;
        const rankText = record[columns.rank as string] ?? '';
        const rank = /^\d+$/.test(rankText) ? Number(rankText) : null;
        if (!/^[EW]0\d{7}$/.test(lsoa)) {
          bump(report, 'invalid_lsoa');
          continue;
        }
        if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
          bump(report, 'invalid_decile');
          continue;
        }
        if (batch.has(lsoa)) bump(report, 'duplicate_lsoa');
        batch.set(lsoa, { lsoa, imdDecile: decile, imdRank: rank });
        if (batch.size >= BATCH) await flush();
      }
      await flush();
      return report;
    },
  });
}
