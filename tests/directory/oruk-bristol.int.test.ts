import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importDirectory } from '../../src/services/directory/import-directory.ts';
import { loadOpenEligibility, OPEN_ELIGIBILITY_TAXONOMY_ID } from '../../src/services/directory/load-taxonomy.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildOrukValidator, walkOrukApi, type OrukGet } from './oruk-validator.ts';

// Realistic volume: Bristol's real ORUK 1.0 feed (819 services) imported through the directory
// importer, with the Open Eligibility taxonomy (289 terms) loaded, then served back as ORUK 3.0 and validated — whatever the council's data holds (HTML
// descriptions, odd URLs, integer ids) must come out conformant.

const BRISTOL = fileURLToPath(new URL('../../../shared/data/oruk/feeds/bristol-services.json', import.meta.url));
const OPEN_ELIGIBILITY = fileURLToPath(new URL('../../../shared/data/taxonomy/openeligibility.csv', import.meta.url));

type Obj = Record<string, unknown>;

describe.each(TEST_DIALECTS)('the ORUK API over the imported Bristol feed on %s', (dialect) => {
  let t: TestApp;
  let imported = 0;
  const v = buildOrukValidator();
  const get: OrukGet = async (path) => {
    const res = await t.app.inject({ method: 'GET', url: `/oruk${path}` });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await loadOpenEligibility(t.deps, systemActor('test'), OPEN_ELIGIBILITY);
    const summary = await importDirectory(t.deps, systemActor('test'), { location: { kind: 'file', path: BRISTOL }, source: 'bristol' });
    imported = summary.created;
  }, 180_000);
  afterAll(async () => t.close());

  it('publishes every imported service, and every endpoint passes the ORUK 3.0 schemata', async () => {
    expect(imported).toBeGreaterThan(700);
    const first = (await get('/services?per_page=100')).body as Obj;
    const published = Number(
      (
        await t.database.db
          .selectFrom('service')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('archived', '=', 0)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(first['total_items']).toBe(published);
    expect(first['total_pages']).toBe(Math.ceil(published / 100));

    const started = performance.now();
    const report = await walkOrukApi(v, get, { perPage: 100, everyItem: true, pageAllLists: true });
    const ms = performance.now() - started;
    expect(report.errors.slice(0, 20)).toEqual([]);
    expect(report.checked['/services/{id}']).toBeGreaterThanOrEqual(200);
    console.log(
      `[oruk bristol ${dialect}] ${imported} services imported; walked ${Object.values(report.checked).reduce((a, b) => a + b, 0)} responses in ${Math.round(ms)} ms`,
    );
  }, 180_000);

  it('publishes Open Eligibility as an ORUK taxonomy, every term with its parent', async () => {
    const taxonomy = (await get(`/taxonomies/${OPEN_ELIGIBILITY_TAXONOMY_ID}`)).body as Obj;
    expect(v.object('taxonomy.json')(taxonomy)).toBe(true);
    const terms = taxonomy['taxonomy_terms'] as Obj[];
    expect(terms).toHaveLength(289);
    const ids = new Set(terms.map((x) => x['id']));
    expect(terms.filter((x) => x['parent_id'] !== undefined).every((x) => ids.has(x['parent_id']))).toBe(true);
    expect(terms.filter((x) => x['parent_id'] === undefined).length).toBeGreaterThan(5);
    const listed = (await get(`/taxonomy_terms?taxonomy_id=${OPEN_ELIGIBILITY_TAXONOMY_ID}&per_page=100`)).body as Obj;
    expect(listed['total_items']).toBe(289);
    expect(listed['total_pages']).toBe(3);
    expect(((listed['contents'] as Obj[])[0] as Obj)['taxonomy']).toBe(taxonomy['name']);
  });

  it('answers a 100-item page and a full service quickly enough to serve', async () => {
    const time = async (path: string, runs: number) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        const res = await t.app.inject({ method: 'GET', url: `/oruk${path}` });
        ms.push(performance.now() - s);
        expect(res.statusCode).toBe(200);
      }
      return ms.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
    };
    const page = await time('/services?per_page=100&page=5', 10);
    const search = await time('/services?search=support%20group&per_page=100', 10);
    const id = (((await get('/services?per_page=1')).body as Obj)['contents'] as Obj[])[0]?.['id'] as string;
    const full = await time(`/services/${id}`, 20);
    console.log(`[oruk bristol ${dialect}] median: page of 100 ${page.toFixed(1)} ms; search ${search.toFixed(1)} ms; full service ${full.toFixed(1)} ms`);
    // Generous bounds (a shared 2-core machine): these catch a query per row, not a slow disk.
    expect(page).toBeLessThan(1000);
    expect(full).toBeLessThan(500);
  }, 120_000);
});
