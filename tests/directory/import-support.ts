import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../../src/domain/clock.ts';
import type { DialectName } from '../../src/db/connection.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEFAULT_SERVICE_CONFIG, type ServiceDeps } from '../../src/services/kernel/context.ts';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../support/databases.ts';
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
  'organisation',
  'service',
  'location',
  'address',
  'service_at_location',
  'accessibility',
  'schedule',
  'service_contact',
  'phone',
  'cost_option',
  'service_area',
  'language',
  'taxonomy',
  'taxonomy_term',
  'attribute',
  'audit_event',
  'audit_chain_head',
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
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k] instanceof Date ? row[k].toISOString() : row[k]]),
  );

export async function openImportTest(dialect: DialectName, opts: TestDatabaseOptions = {}): Promise<ImportTest> {
  const database = await createTestDatabase(dialect, opts);
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
        const rows = (await database.db
          .selectFrom(table as 'service')
          .selectAll()
          .execute()) as unknown as Record<string, unknown>[];
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

export interface FeedServer {
  url: string;
  /** The request paths and queries served, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A local ORUK API for the URL import (no outside network): `/v3/services?page=N&per_page=M` pages
 * a feed in ORUK 3.0 shape (pages from 1), `/v1/services?page=N` in ORUK 1.0 shape (pages from 0,
 * 200 per page). `override` may answer a request itself (return true when it did).
 */
export async function startFeedServer(records: FeedRecord[], override?: (url: URL, res: ServerResponse) => boolean): Promise<FeedServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    // No keep-alive: a page asked for just as the server drops an idle connection (its 5 s timeout)
    // fails with "fetch failed" (nodejs/undici#3141), which a busy machine made happen between tests.
    res.setHeader('connection', 'close');
    if (override?.(url, res) === true) return;
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/v3/services') {
      const size = Number(url.searchParams.get('per_page') ?? '100');
      const page = Number(url.searchParams.get('page') ?? '1');
      const totalPages = Math.max(1, Math.ceil(records.length / size));
      const contents = records.slice((page - 1) * size, page * size);
      json({
        total_items: records.length,
        total_pages: totalPages,
        page_number: page,
        size,
        first_page: page === 1,
        last_page: page >= totalPages,
        empty: contents.length === 0,
        contents,
      });
      return;
    }
    if (url.pathname === '/v1/services') {
      const size = 200;
      const page = Number(url.searchParams.get('page') ?? '0');
      const totalPages = Math.ceil(records.length / size);
      const content = records.slice(page * size, (page + 1) * size);
      json({
        totalElements: records.length,
        totalPages,
        number: page,
        size,
        first: page === 0,
        last: page >= totalPages - 1,
        empty: content.length === 0,
        content,
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
