/**
 * A throwaway SQLite database holding one ORUK feed file, imported through the real importer
 * (`importDirectory`), for the quality bench and for pooling judged-set candidates. Works for any
 * feed the importer reads (Bristol, North Lincolnshire, …).
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

export interface FeedDb {
  file: string;
  database: Database;
  deps: ServiceDeps;
  summary: DirectoryImportSummary;
  close(): Promise<void>;
}

const feedPath = (feedFile: URL | string): string => (feedFile instanceof URL ? fileURLToPath(feedFile) : feedFile);

/** Imports `feedFile` as directory source `source` into the (migrated) database `database`. */
export async function importFeedInto(
  database: Database,
  feedFile: URL | string,
  source: string,
): Promise<{ deps: ServiceDeps; summary: DirectoryImportSummary }> {
  await migrateToLatest(database.db);
  const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: systemClock, config: DEFAULT_SERVICE_CONFIG };
  const summary = await importDirectory(deps, systemActor('bench'), { location: { kind: 'file', path: feedPath(feedFile) }, source });
  return { deps, summary };
}

/** A fresh temporary database with `feedFile` imported as `source`; `close()` deletes it. */
export async function feedDatabase(feedFile: URL | string, source: string): Promise<FeedDb> {
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-quality-'));
  const file = join(dir, `${source}.db`);
  const database = openDatabase({ kind: 'sqlite', file });
  try {
    const { deps, summary } = await importFeedInto(database, feedFile, source);
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
  } catch (e) {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// `npx tsx bench/directory/feed-db.ts FEED.json SOURCE OUT.db` leaves a copy for trying the CLI by hand.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [feed, source, out] = process.argv.slice(2);
  if (feed === undefined || source === undefined || out === undefined) throw new Error('usage: feed-db.ts FEED.json SOURCE OUT.db');
  const database = openDatabase({ kind: 'sqlite', file: out });
  const { summary } = await importFeedInto(database, feed, source);
  process.stdout.write(`${JSON.stringify({ created: summary.created, skipped: summary.skipped })}\n`);
  await database.close();
}
