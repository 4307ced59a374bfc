/**
 * A throwaway SQLite database holding the Bristol ORUK feed, imported through the real importer
 * (`importDirectory`), for the quality bench and for pooling judged-set candidates. A wrapper of
 * `feedDatabase` (feed-db.ts), which does the same for any feed.
 */
import { openDatabase } from '../../src/db/connection.ts';
import { feedDatabase, importFeedInto, type FeedDb } from './feed-db.ts';
import { BRISTOL_FEED } from './feed-services.ts';

export type BristolDb = FeedDb;

export async function bristolDatabase(): Promise<BristolDb> {
  return feedDatabase(BRISTOL_FEED, 'bristol');
}

// `npx tsx bench/directory/bristol-db.ts OUT.db` leaves a copy for trying the CLI by hand.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: bristol-db.ts OUT.db');
  const database = openDatabase({ kind: 'sqlite', file: out });
  const { summary } = await importFeedInto(database, BRISTOL_FEED, 'bristol');
  process.stdout.write(`${JSON.stringify({ created: summary.created, skipped: summary.skipped })}\n`);
  await database.close();
}
