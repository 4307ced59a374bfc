import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../../src/domain/clock.ts';
import type { DialectName } from '../../src/db/connection.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEFAULT_SERVICE_CONFIG, type ServiceDeps } from '../../src/services/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { TEST_START } from '../support/test-app.ts';

/** The shared real data (read-only). */
export const ORUK_DIR = fileURLToPath(new URL('../../../shared/data/oruk/', import.meta.url));
export const BRISTOL = join(ORUK_DIR, 'feeds/bristol-services.json');
export const NORTH_LINCS = join(ORUK_DIR, 'feeds/north-lincolnshire-services.json');
export const OPEN_ELIGIBILITY_CSV = fileURLToPath(new URL('../../../shared/data/taxonomy/openeligibility.csv', import.meta.url));

export type FeedRecord = Record<string, unknown>;
export const readFeed = (path: string): FeedRecord[] => JSON.parse(readFileSync(path, 'utf8')) as FeedRecord[];

/** Every table an import may write, plus the audit trail. */
export const DIRECTORY_TABLES = [
  'organisation', 'service', 'location', 'address', 'service_at_location', 'accessibility', 'schedule', 'service_contact',
  'phone', 'cost_option', 'service_area', 'language', 'taxonomy', 'taxonomy_term', 'attribute', 'audit_event', 'audit_chain_head',
] as const satisfies readonly (keyof DB)[];

export interface ImportTest {
  database: TestDatabase;
  deps: ServiceDeps;
  dir: string;
  /** Writes a fixture file into the temp folder and returns its path. */
  write(name: string, content: unknown): string;
  /** Row count per table and a hash over every row of every table (sorted), to prove "nothing changed". */
  snapshot(): Promise<{ counts: Record<string, number>; hash: string }>;
  count(table: (typeof DIRECTORY_TABLES)[number], where?: { source?: string }): Promise<number>;
  close(): Promise<void>;
}

const stable = (row: Record<string, unknown>): string =>
  JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] instanceof Date ? row[k].toISOString() : row[k]]));

export async function openImportTest(dialect: DialectName): Promise<ImportTest> {
  const database = await createTestDatabase(dialect);
  const deps: ServiceDeps = { db: database.db, dialect: database.dialect, clock: fixedClock(TEST_START), config: DEFAULT_SERVICE_CONFIG };
  const dir = mkdtempSync(join(tmpdir(), 'linkwork-dir-'));
  const count = async (table: (typeof DIRECTORY_TABLES)[number], where: { source?: string } = {}) => {
    let q = database.db.selectFrom(table as 'service').select((eb) => eb.fn.countAll<number>().as('n'));
    if (where.source !== undefined) q = q.where('source', '=', where.source);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return {
    database,
    deps,
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
    async snapshot() {
      const counts: Record<string, number> = {};
      const hash = createHash('sha256');
      for (const table of DIRECTORY_TABLES) {
        const rows = (await database.db.selectFrom(table as 'service').selectAll().execute()) as unknown as Record<string, unknown>[];
        counts[table] = rows.length;
        const lines = rows.map(stable).sort();
        hash.update(`${table}\n${lines.join('\n')}\n`);
      }
      return { counts, hash: hash.digest('hex') };
    },
    count,
    async close() {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
