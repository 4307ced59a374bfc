import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { fixedClock } from '../../src/domain/clock.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { DialectName } from '../../src/db/connection.ts';
import { DEFAULT_SERVICE_CONFIG, type Actor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { TEST_START } from '../support/test-app.ts';

/** The shared reference data (read-only; never copied into the repository). */
export const GEO_DIR = fileURLToPath(new URL('../../../shared/data/geo/', import.meta.url));
export const NSPL_HX = join(GEO_DIR, 'nspl-nov2021-HX.csv');
export const NSPL_SR = join(GEO_DIR, 'nspl-nov2021-SR.csv');
export const IMD_2019 = join(GEO_DIR, 'imd2019-lsoa.csv');

/** Reads a whole CSV into header-keyed rows, independently of the importer under test. */
export function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file), { columns: true });
}

export interface GeoTest {
  database: TestDatabase;
  deps: ServiceDeps;
  /** A temp folder for this test's fixture files. */
  dir: string;
  /** Writes a fixture file into the temp folder and returns its path. */
  write(name: string, content: string): string;
  counts(): Promise<{ postcodes: number; lsoas: number; audit: number }>;
  auditActions(): Promise<{ action: string; outcome: string; actor_role: string | null; summary: string }[]>;
  close(): Promise<void>;
}

/** A fresh migrated database on the dialect, with service deps built as tests/support/test-app.ts does. */
export async function openGeoTest(dialect: DialectName): Promise<GeoTest> {
  const database = await createTestDatabase(dialect);
  const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: fixedClock(TEST_START), config: DEFAULT_SERVICE_CONFIG };
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-geo-'));
  const count = async (table: 'geo_postcode' | 'geo_lsoa' | 'audit_event') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    database,
    deps,
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async counts() {
      return { postcodes: await count('geo_postcode'), lsoas: await count('geo_lsoa'), audit: await count('audit_event') };
    },
    auditActions() {
      return database.db.selectFrom('audit_event').select(['action', 'outcome', 'actor_role', 'summary']).orderBy('seq').execute();
    },
    async close() {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in user as the services see one. */
export function userActor(user: { id: string; role: Role }): Actor {
  return { kind: 'user', userId: user.id, role: user.role, meta: { requestId: 'test-request', ip: '192.0.2.10' } };
}

export const NSPL_HEADER = 'pcds,doterm,lsoa11,lat,long';

/** One NSPL-shaped fixture row (only the columns the importer reads, in a shuffled order). */
export function nsplRow(pcds: string, lsoa: string, lat: number | string, long: number | string, doterm = ''): string {
  return `"${pcds}","${doterm}","${lsoa}",${lat},${long}`;
}
