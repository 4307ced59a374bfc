import { normalisePostcode } from '../../domain/postcode.ts';
import { upsertPostcodes, type PostcodeRecord } from '../../db/repositories/geo/postcodes.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { bump, readCsvRecords, type ImportProgress, type ImportReport } from '../kernel/csv-import.ts';
import { runUseCase } from '../kernel/use-case.ts';

const BATCH = 500;

/**
 * NSPL/ONSPD columns we read. Newer releases carry lsoa21 as well as (or instead of) lsoa11; the
 * 2011 code wins when both are there because IMD 2019 — the deprivation index loaded beside it —
 * is keyed by 2011 LSOAs. A file with only lsoa21 pairs with a 2021-based index.
 */
const COLUMNS = { postcode: ['pcds'], lat: ['lat'], long: ['long'], doterm: ['doterm'], lsoa: ['lsoa11', 'lsoa21'] } as const;

function toNumber(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Loads an ONS NSPL/ONSPD CSV into the postcode table: streamed, in batches, all in one
 * transaction (a bad file changes nothing). NSPL marks "no grid reference" with latitude 99.999999.
 * A postcode repeated in the file is stored once, the later row winning (as a re-import would).
 */
export async function importNspl(deps: ServiceDeps, actor: Actor, file: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, imported: 0, skipped: 0, skippedReasons: {} };
  return runUseCase(deps, actor, {
    permission: 'geo:import',
    action: 'geo.postcodes_imported',
    entityType: 'geo_postcode',
    audit: (r) => ({ summary: { rows: r.rows, imported: r.imported, skipped: r.skipped } }),
    work: async (tx) => {
      // Keyed by postcode: PostgreSQL refuses an upsert that touches the same row twice in one statement.
      let batch = new Map<string, PostcodeRecord>();
      const flush = async () => {
        await upsertPostcodes(tx, [...batch.values()]);
        report.imported += batch.size;
        batch = new Map();
        onProgress?.({ rows: report.rows });
      };
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
        if (batch.has(postcode)) bump(report, 'duplicate_postcode');
        batch.set(postcode, {
          postcode,
          lsoa: lsoa === '' ? null : lsoa,
          latitude: located ? lat : null,
          longitude: located ? long : null,
          terminated: (record[columns.doterm as string] ?? '').trim() !== '',
        });
        if (batch.size >= BATCH) await flush();
      }
      await flush();
      return report;
    },
  });
}
