import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, expectCodedError, linkwork, type CliDatabase } from '../cli/cli-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { BRISTOL, NORTH_LINCS, OPEN_ELIGIBILITY_CSV, readFeed, startFeedServer, type FeedServer } from './import-support.ts';

const northLincs = readFeed(NORTH_LINCS);

// The commands run in-process (tests/cli/cli-support.ts); each import still writes ~800 services.
describe.each(TEST_DIALECTS)('linkwork directory import and taxonomy load on %s', { timeout: 180_000 }, (dialect) => {
  let db: CliDatabase;
  let server: FeedServer;
  let dir: string;
  const count = async (table: 'service' | 'organisation' | 'taxonomy_term' | 'audit_event', source?: string) => {
    const database = db.open();
    try {
      let q = database.db.selectFrom(table as 'service').select((eb) => eb.fn.countAll<number>().as('n'));
      if (source !== undefined) q = q.where('source', '=', source);
      return Number((await q.executeTakeFirstOrThrow()).n);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    db = await createCliDatabase(dialect);
    server = await startFeedServer(northLincs);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-dir-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file, naming the source after it, and prints a summary (JSON with --json)', async () => {
    const r = await linkwork(db, ['directory', 'import', BRISTOL, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      source: 'bristol-services',
      records: 819,
      created: 811,
      unchanged: 0,
      skipped: { missing_name: 1, duplicate_id: 1, missing_organisation: 6 },
    });
    expect(typeof s.seconds).toBe('number');
    // Not a terminal: no progress bar on stderr.
    expect(r.stderr).toBe('');

    const again = await linkwork(db, ['directory', 'import', BRISTOL]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Imported bristol-services: 819 record(s) from 1 page(s)');
    expect(again.stdout).toContain('services: created 0, updated 0, unchanged 811, back in the feed 0, flagged missing 0');
    expect(again.stdout).toMatch(/skipped 8 \(.*missing_name 1.*\)/);
  });

  it('pages a URL to the end (--source names it)', async () => {
    const r = await linkwork(db, ['directory', 'import', `${server.url}/v3/services?per_page=250`, '--source', 'north-lincs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: 'north-lincs', pages: 3, records: 738, created: 738 });
    expect(server.requests).toEqual(['/v3/services?per_page=250', '/v3/services?per_page=250&page=2', '/v3/services?per_page=250&page=3']);
    expect(await count('service', 'north-lincs')).toBe(738);
  });

  it('exits non-zero with a coded message on bad input, writing nothing', async () => {
    const services = await count('service');
    const events = await count('audit_event');
    const notJson = join(dir, 'feed.json');
    writeFileSync(notJson, '[{"id": "a", "name": "cut sh');
    const wrongShape = join(dir, 'shape.json');
    writeFileSync(wrongShape, JSON.stringify({ services: [] }));
    const cases: [string[], RegExp][] = [
      [['directory', 'import', join(dir, 'missing.json')], /Cannot read file/],
      [['directory', 'import', notJson], /not JSON/],
      [['directory', 'import', wrongShape], /not an Open Referral feed/],
      [['directory', 'import', BRISTOL, '--source', 'bad name!'], /source name/],
      [['directory', 'import', 'ftp://example.org/feed'], /http and https/],
      [['directory', 'import', `${server.url}/nowhere`], /HTTP 404/],
    ];
    // Independent refusals, run side by side: each has its own streams and its own connection.
    const results = await Promise.all(cases.map(([args]) => linkwork(db, args)));
    results.forEach((r, i) => {
      expectCodedError(r, 'invalid_input', 2);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stdout).toBe('');
    });
    expect(await count('service')).toBe(services);
    expect(await count('audit_event')).toBe(events);
  });

  it('loads the Open Eligibility taxonomy once, then finds nothing to change', async () => {
    const r = await linkwork(db, ['directory', 'taxonomy', 'load', OPEN_ELIGIBILITY_CSV, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ terms: 289, created: 289, updated: 0, unchanged: 0 });
    const again = await linkwork(db, ['directory', 'taxonomy', 'load', OPEN_ELIGIBILITY_CSV]);
    expect(again.stdout).toBe('Open Eligibility: 289 term(s): created 0, updated 0, unchanged 289\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,name,parent_id\n1,Food,0\n2,Meals,77\n');
    const refused = await linkwork(db, ['directory', 'taxonomy', 'load', bad]);
    expectCodedError(refused, 'invalid_input', 2);
    expect(refused.stderr).toMatch(/parent that is not in the file/);
  });
});
