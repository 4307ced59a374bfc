/**
 * A throwaway SQLite database holding the Bristol ORUK feed, imported through the real importer
 * (`importDirectory`), for the quality bench and for pooling judged-set candidates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/domain/clock.ts';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DEFAULT_SERVICE_CONFIG, systemActor, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { importDirectory, type DirectoryImportSummary } from '../../src/services/directory/import-directory.ts';
import { BRISTOL_FEED } from './feed-services.ts';

export interface BristolDb {
  file: string;
  database: Database;
  deps: ServiceDeps;
  summary: DirectoryImportSummary;
  close(): Promise<void>;
}

export async function bristolDatabase(): Promise<BristolDb> {
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-quality-'));
  const file = join(dir, 'bristol.db');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
  const summary = await importDirectory(deps, systemActor('bench'), { location: { kind: 'file', path: fileURLToPath(BRISTOL_FEED) }, source: 'bristol' });
  return {
    file,
    database,
    deps,
    summary,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `npx tsx bench/directory/bristol-db.ts OUT.db` leaves a copy for trying the CLI by hand.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: bristol-db.ts OUT.db');
  const database = openDatabase({ kind: 'sqlite', file: out });
  await migrateToLatest(database.db);
  const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
  const s = await importDirectory(deps, systemActor('bench'), { location: { kind: 'file', path: fileURLToPath(BRISTOL_FEED) }, source: 'bristol' });
  process.stdout.write(`${JSON.stringify({ created: s.created, skipped: s.skipped })}\n`);
  await database.close();
}
