import { AppError } from '../domain/errors.ts';
import { upsertLsoaDeciles } from '../db/repositories/geo.ts';
import { appendAudit } from './audit-log.ts';
import { actorCan } from './use-case.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from './csv-import.ts';

const BATCH = 500;

/** IoD2019 LSOA file: our slim layout, or the official File 7 headings. */
const COLUMNS = {
  lsoa: ['lsoa_code', 'LSOA code (2011)', 'lsoa11cd', 'lsoa21cd'],
  decile: ['IMD_decile', 'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)'],
  rank: ['IMD_rank', 'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)'],
} as const;

/** Loads IMD deciles by LSOA: streamed, in batches, in one transaction (a bad file changes nothing). */
export async function importImd(deps: ServiceDeps, actor: Actor, file: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  if (!actorCan(actor, 'geo:import')) throw new AppError('forbidden', 'You do not have permission to import geography');
  const report: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
  await deps.db.transaction().execute(async (tx) => {
    let batch: { lsoa: string; imdDecile: number; imdRank: number | null }[] = [];
    for await (const { record, columns } of readCsvRecords(file, COLUMNS)) {
      report.rows += 1;
      const lsoa = (record[columns.lsoa as string] ?? '').trim();
      const decile = Number(record[columns.decile as string]);
      const rankText = record[columns.rank as string] ?? '';
      const rank = rankText === '' ? null : Number(rankText);
      if (!/^[EW]0\d{7}$/.test(lsoa)) {
        bump(report, 'invalid_lsoa');
        continue;
      }
      if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
        bump(report, 'invalid_decile');
        continue;
      }
      batch.push({ lsoa, imdDecile: decile, imdRank: rank !== null && Number.isInteger(rank) ? rank : null });
      if (batch.length >= BATCH) {
        await upsertLsoaDeciles(tx, batch);
        report.imported += batch.length;
        batch = [];
        onProgress?.({ rows: report.rows });
      }
    }
    await upsertLsoaDeciles(tx, batch);
    report.imported += batch.length;
    onProgress?.({ rows: report.rows });
    await appendAudit(tx, deps.clock, actor, {
      action: 'geo.imd_imported',
      outcome: 'success',
      entityType: 'geo_lsoa',
      summary: { rows: report.rows, imported: report.imported, skipped: report.skipped },
    });
  });
  return report;
}
