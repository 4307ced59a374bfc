import { normalisePostcode } from '../domain/postcode.ts';
import { upsertPostcodes, type PostcodeRecord } from '../db/repositories/geo.ts';
import { appendAudit } from './audit-log.ts';
import { actorCan } from './use-case.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from './csv-import.ts';
import { AppError } from '../domain/errors.ts';

const BATCH = 500;

/** NSPL/ONSPD columns we read; newer releases carry lsoa21 as well as (or instead of) lsoa11. */
const COLUMNS = { postcode: ['pcds'], lat: ['lat'], long: ['long'], doterm: ['doterm'], lsoa: ['lsoa21', 'lsoa11'] } as const;

function toNumber(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Loads an ONS NSPL/ONSPD CSV into the postcode table: streamed, in batches, all in one
 * transaction (a bad file changes nothing). NSPL marks "no grid reference" with latitude 99.999999.
 */
export async function importNspl(deps: ServiceDeps, actor: Actor, file: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  if (!actorCan(actor, 'geo:import')) throw new AppError('forbidden', 'You do not have permission to import geography');
  const report: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
  await deps.db.transaction().execute(async (tx) => {
    let batch: PostcodeRecord[] = [];
    for await (const { record, columns } of readCsvRecords(file, COLUMNS)) {
      report.rows += 1;
      const postcode = normalisePostcode(record[columns.postcode as string] ?? '');
      if (postcode === null) {
        bump(report, 'invalid_postcode');
        continue;
      }
      const lat = toNumber(record[columns.lat as string]);
      const long = toNumber(record[columns.long as string]);
      const located = lat !== null && long !== null && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
      const lsoa = (record[columns.lsoa as string] ?? '').trim();
      batch.push({
        postcode,
        lsoa: lsoa === '' ? null : lsoa,
        latitude: located ? lat : null,
        longitude: located ? long : null,
        terminated: (record[columns.doterm as string] ?? '').trim() !== '',
      });
      if (batch.length >= BATCH) {
        await upsertPostcodes(tx, batch);
        report.imported += batch.length;
        batch = [];
        onProgress?.({ rows: report.rows });
      }
    }
    await upsertPostcodes(tx, batch);
    report.imported += batch.length;
    onProgress?.({ rows: report.rows });
    await appendAudit(tx, deps.clock, actor, {
      action: 'geo.postcodes_imported',
      outcome: 'success',
      entityType: 'geo_postcode',
      summary: { rows: report.rows, imported: report.imported, skipped: report.skipped },
    });
  });
  return report;
}
