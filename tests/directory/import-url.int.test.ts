import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importDirectory, type DirectoryImportProgress, type FeedReadOptions } from '../../src/services/directory/import-directory.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { BRISTOL, NORTH_LINCS, openImportTest, readFeed, startFeedServer, type FeedServer, type ImportTest } from './import-support.ts';

const bristol = readFeed(BRISTOL);
const northLincs = readFeed(NORTH_LINCS);

async function failure(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected the import to fail');
}

describe.each(TEST_DIALECTS)('importing a feed from a URL, page by page, on %s', (dialect) => {
  let t: ImportTest;
  let server: FeedServer;
  let hang: FeedServer;
  const fromUrl = (url: string, source: string, opts: FeedReadOptions = {}) =>
    importDirectory(t.deps, systemActor(), { location: { kind: 'url', url: new URL(url) }, source }, opts);

  beforeAll(async () => {
    t = await openImportTest(dialect);
    server = await startFeedServer(bristol, (url, res) => {
      // /broken/services: ORUK 3.0 pages, but page 3 is an HTML error page.
      if (url.pathname === '/broken/services' && url.searchParams.get('page') === '3') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
        return true;
      }
      if (url.pathname === '/broken/services') {
        const page = Number(url.searchParams.get('page') ?? '1');
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ total_pages: 5, page_number: page, last_page: page === 5, contents: bristol.slice((page - 1) * 100, page * 100) }));
        return true;
      }
      // /stuck/services: ignores ?page and always serves page 1 of 3.
      if (url.pathname === '/stuck/services') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ total_pages: 3, page_number: 1, last_page: false, contents: bristol.slice(0, 10) }));
        return true;
      }
      // /short/services: says 819 records, but its second (last) page holds only 10.
      if (url.pathname === '/short/services') {
        const page = Number(url.searchParams.get('page') ?? '1');
        const contents = page === 1 ? bristol.slice(0, 500) : bristol.slice(500, 510);
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ total_items: 819, total_pages: 2, page_number: page, last_page: page === 2, contents }));
        return true;
      }
      if (url.pathname === '/gone/services') {
        res.writeHead(404).end();
        return true;
      }
      return false;
    });
    // Answers page 1, then never answers page 2.
    hang = await startFeedServer(northLincs, (url) => url.searchParams.get('page') === '2');
  });
  afterAll(async () => {
    await server.close();
    await hang.close();
    await t.close();
  });

  it('pages an ORUK 3.0 feed to the last page and imports every usable service', async () => {
    const progress: DirectoryImportProgress[] = [];
    const s = await fromUrl(`${server.url}/v3/services?per_page=100`, 'bristol-api', { onProgress: (p) => progress.push(p) });
    expect(s).toMatchObject({ pages: 9, records: 819, created: 811, skipped: { missing_name: 1, duplicate_id: 1, missing_organisation: 6 } });
    expect(server.requests.filter((r) => r.startsWith('/v3/'))).toEqual([
      '/v3/services?per_page=100',
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `/v3/services?per_page=100&page=${n}`),
    ]);
    expect(progress.filter((p) => p.phase === 'read').map((p) => `${p.done}/${p.total}`)).toEqual([
      '1/9',
      '2/9',
      '3/9',
      '4/9',
      '5/9',
      '6/9',
      '7/9',
      '8/9',
      '9/9',
    ]);
    expect(progress.at(-1)).toEqual({ phase: 'write', done: 811, total: 811 });
    expect(await t.count('service', { source: 'bristol-api' })).toBe(811);
  });

  it('pages an ORUK 1.0 feed that numbers its pages from 0', async () => {
    const s = await fromUrl(`${server.url}/v1/services`, 'bristol-v1');
    expect(s).toMatchObject({ pages: 5, records: 819, created: 811 });
    expect(server.requests.filter((r) => r.startsWith('/v1/'))).toEqual([
      '/v1/services',
      '/v1/services?page=1',
      '/v1/services?page=2',
      '/v1/services?page=3',
      '/v1/services?page=4',
    ]);
    // Re-importing through the URL changes nothing.
    expect(await fromUrl(`${server.url}/v1/services`, 'bristol-v1')).toMatchObject({ created: 0, updated: 0, unchanged: 811 });
  });

  it('writes nothing when any page fails, however far in', async () => {
    const before = await t.snapshot();
    expect(await failure(fromUrl(`${server.url}/broken/services`, 'broken'))).toEqual({ code: 'invalid_input', details: { reason: 'not_json' } });
    expect(await failure(fromUrl(`${server.url}/stuck/services`, 'stuck'))).toMatchObject({ code: 'invalid_input', details: { reason: 'paging_stuck' } });
    expect(await failure(fromUrl(`${server.url}/short/services`, 'short'))).toEqual({
      code: 'invalid_input',
      details: { reason: 'incomplete_feed', expected: 819, received: 510 },
    });
    expect(await failure(fromUrl(`${server.url}/gone/services`, 'gone'))).toEqual({ code: 'invalid_input', details: { reason: 'http_status', status: 404 } });
    expect(await failure(fromUrl(`${server.url}/v3/services?per_page=100`, 'capped', { maxPages: 4 }))).toMatchObject({
      details: { reason: 'too_many_pages' },
    });
    expect(await failure(fromUrl(`${hang.url}/v3/services?per_page=300`, 'slow', { timeoutMs: 500 }))).toEqual({
      code: 'unavailable',
      details: { reason: 'timeout' },
    });
    expect(await failure(fromUrl('http://127.0.0.1:9/services', 'closed'))).toEqual({ code: 'unavailable', details: { reason: 'fetch_failed' } });
    expect(await t.snapshot()).toEqual(before);
  });
});
