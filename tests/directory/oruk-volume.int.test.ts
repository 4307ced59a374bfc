import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { hxPoint, hxPostcodes, loadHxPostcodes, makeDirectoryOrganisation, makeOrukService, makeOrukTaxonomy } from '../support/directory-factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildOrukValidator, walkOrukApi, type OrukGet } from './oruk-validator.ts';

// Proximity at volume: 300 services at 300 different real HX postcodes (the real feeds carry no
// locations). Distance order and the proximity cut are checked against an independent haversine
// over the factory's own coordinates, across every page; and the whole API stays conformant.

type Obj = Record<string, unknown>;
const COUNT = 300;

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12_742_017.6 * Math.asin(Math.sqrt(a));
}

describe.each(TEST_DIALECTS)('ORUK proximity search at volume on %s', (dialect) => {
  let t: TestApp;
  const placed: { salId: string; postcode: string }[] = [];
  const get: OrukGet = async (path) => {
    const res = await t.app.inject({ method: 'GET', url: `/oruk${path}` });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    await loadHxPostcodes(db);
    const needs = await makeOrukTaxonomy(db, 'Linkwork needs', ['loneliness', 'debt']);
    const org = await makeDirectoryOrganisation(db, 'Calderdale Community Network');
    // Every 18th live postcode: spread over the whole of Calderdale, deterministic.
    const postcodes = [...hxPostcodes().keys()].filter((_p, i) => i % 18 === 0).slice(0, COUNT);
    expect(postcodes).toHaveLength(COUNT);
    // One transaction for the ~5,000 fixture rows: one commit (and fsync) instead of one per row.
    await db.transaction().execute(async (tx) => {
      for (const [i, postcode] of postcodes.entries()) {
        const f = await makeOrukService(tx, {
          organisationId: org.id,
          name: `Community group ${String(i).padStart(3, '0')}`,
          places: [{ postcode, name: `Hall ${i}`, street: `${i} High Street`, city: 'Halifax' }],
          termIds: [needs.terms[i % 2]?.id ?? ''],
        });
        placed.push({ salId: f.serviceAtLocationIds[0] ?? '', postcode });
      }
    });
  }, 300_000);
  afterAll(async () => t.close());

  it.each([
    ['HX1 1AA', 1500],
    ['HX7 5AA', 4000],
    ['HX3 0AB', undefined],
  ] as const)('orders by distance from %s within %s m, across every page', async (postcode, proximity) => {
    const origin = hxPoint(postcode);
    const query = `/service_at_locations?postcode=${encodeURIComponent(postcode)}${proximity === undefined ? '' : `&proximity=${proximity}`}&per_page=100`;
    const items: Obj[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`${query}&page=${page}`);
      expect(res.status).toBe(200);
      const body = res.body as Obj;
      items.push(...(body['contents'] as Obj[]));
      if (body['last_page'] === true) break;
    }
    const expected = placed
      .map((p) => ({ ...p, d: haversine(origin.latitude, origin.longitude, hxPoint(p.postcode).latitude, hxPoint(p.postcode).longitude) }))
      .filter((p) => proximity === undefined || p.d <= proximity)
      .sort((a, b) => a.d - b.d);
    expect(expected.length).toBeGreaterThan(proximity === undefined ? COUNT - 1 : 5);
    if (proximity !== undefined) expect(expected.length).toBeLessThan(COUNT);
    expect(items.map((i) => i['id']).sort()).toEqual(expected.map((e) => e.salId).sort());
    // Same order, allowing ties between postcodes at the same distance to fall either way.
    const got = items.map((i) => expected.find((e) => e.salId === i['id'])?.d ?? -1);
    for (let k = 1; k < got.length; k++) expect((got[k] ?? 0) + 0.5).toBeGreaterThanOrEqual(got[k - 1] ?? 0);
  });

  it('stays conformant, and answers a nearest-first page quickly', async () => {
    const report = await walkOrukApi(buildOrukValidator(), get, { perPage: 100, everyItem: false, pageAllLists: true });
    expect(report.errors).toEqual([]);
    const ms: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      expect((await get('/service_at_locations?postcode=HX1%201AA&per_page=100&page=2')).status).toBe(200);
      ms.push(performance.now() - s);
    }
    const median = ms.sort((a, b) => a - b)[5] ?? 0;
    console.log(`[oruk volume ${dialect}] ${COUNT} located services: nearest-first page of 100, median ${median.toFixed(1)} ms`);
    expect(median).toBeLessThan(1000);
  });
});
