import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { countGeo } from '../../src/db/repositories/geo/postcodes.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import type { ImportReport } from '../../src/services/kernel/csv-import.ts';
import { importImd } from '../../src/services/geo/import-imd.ts';
import { importNspl } from '../../src/services/geo/import-nspl.ts';
import { lookupPostcode } from '../../src/services/geo/lookup-postcode.ts';
import { verifyAuditChain } from '../../src/services/audit/verify-audit-chain.ts';
import { makeOrg, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { IMD_2019, NSPL_HX, openGeoTest, readCsv, userActor, type GeoTest } from './geo-support.ts';

// What the importer should produce, worked out from the CSVs here without the importer's code.
const hx = readCsv(NSPL_HX);
const imd = readCsv(IMD_2019);
const decileByLsoa = new Map(imd.map((r) => [r['lsoa_code'] ?? '', Number(r['IMD_decile'])]));
const noGrid = (r: Record<string, string>) => Number(r['lat']) === 99.999999;
const expected = hx.map((r) => ({
  postcode: r['pcds'] ?? '',
  lsoa: r['lsoa11'] === '' ? null : (r['lsoa11'] ?? null),
  latitude: noGrid(r) ? null : Number(r['lat']),
  longitude: noGrid(r) ? null : Number(r['long']),
  terminated: (r['doterm'] ?? '') !== '',
}));

describe('the real data the tests below rely on', () => {
  it('is the documented HX extract and IoD2019 file', () => {
    expect(hx).toHaveLength(7_442);
    // 108 LSOAs, plus a blank for the seven postcodes with no grid reference (README counts 109).
    expect(new Set(expected.map((e) => e.lsoa)).size).toBe(109);
    expect(new Set(expected.filter((e) => e.lsoa !== null).map((e) => e.lsoa)).size).toBe(108);
    expect(expected.filter((e) => e.lsoa === null).map((e) => e.postcode)).toEqual(expected.filter((e) => e.latitude === null).map((e) => e.postcode));
    expect(imd).toHaveLength(32_844);
    // Both kinds of row the importer must tell apart are present.
    expect(expected.filter((e) => e.terminated).length).toBeGreaterThan(1_000);
    expect(expected.filter((e) => e.latitude === null)).toHaveLength(7);
  });
});

describe.each(TEST_DIALECTS)('importing the HX postcodes and IoD2019 on %s', (dialect) => {
  let t: GeoTest;
  let nspl: ImportReport;
  let deprivation: ImportReport;
  const progress: number[] = [];

  beforeAll(async () => {
    t = await openGeoTest(dialect);
    nspl = await importNspl(t.deps, systemActor(), NSPL_HX, (p) => progress.push(p.rows));
    deprivation = await importImd(t.deps, systemActor(), IMD_2019);
  });
  afterAll(async () => t.close());

  it('reads every row and imports every postcode', async () => {
    expect(nspl).toEqual({ rows: 7_442, imported: 7_442, skipped: 0, skippedReasons: {} });
    expect(deprivation).toEqual({ rows: 32_844, imported: 32_844, skipped: 0, skippedReasons: {} });
    expect(await countGeo(t.deps.db)).toEqual({ postcodes: 7_442, lsoas: 32_844 });
  });

  it('reports progress per batch, ending with the row count', () => {
    expect(progress.at(-1)).toBe(7_442);
    expect(progress.length).toBeGreaterThanOrEqual(15);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('stores each postcode exactly as the file says: LSOA, location and terminated flag', async () => {
    const rows = await t.deps.db.selectFrom('geo_postcode').selectAll().orderBy('postcode').execute();
    const stored = rows.map((r) => ({
      postcode: r.postcode,
      lsoa: r.lsoa,
      latitude: r.latitude === null ? null : Number(r.latitude),
      longitude: r.longitude === null ? null : Number(r.longitude),
      terminated: Number(r.terminated) === 1,
    }));
    const byPostcode = [...expected].sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
    expect(stored).toEqual(byPostcode);
    expect(stored.filter((s) => s.terminated)).toHaveLength(expected.filter((e) => e.terminated).length);
  });

  it('knows HX1 1AA (live) and HX1 1AB (terminated in 2015)', async () => {
    const live = await lookupPostcode(t.deps, systemActor(), 'hx1 1aa');
    expect(live).toEqual({
      postcode: 'HX1 1AA',
      lsoa: 'E01010994',
      latitude: 53.724334,
      longitude: -1.857458,
      terminated: false,
      imdDecile: decileByLsoa.get('E01010994'),
    });
    const gone = await lookupPostcode(t.deps, systemActor(), 'HX11AB');
    expect(gone.terminated).toBe(true);
    expect(gone.lsoa).toBe('E01010994');
  });

  it('answers the IMD decile of the postcode’s LSOA, for a spread of HX postcodes', async () => {
    const sample = expected.filter((_, i) => i % 97 === 0);
    expect(sample.length).toBeGreaterThan(70);
    const deciles = new Set<number>();
    for (const e of sample) {
      const found = await lookupPostcode(t.deps, systemActor(), e.postcode.toLowerCase().replace(' ', ''));
      const decile = decileByLsoa.get(e.lsoa ?? '');
      expect(decile, e.postcode).toBeDefined();
      expect(found.imdDecile, e.postcode).toBe(decile);
      if (decile !== undefined) deciles.add(decile);
    }
    // Calderdale spans the most and the least deprived tenths; the sample is not one value repeated.
    expect(deciles.size).toBeGreaterThanOrEqual(5);
  });

  it('finds an IMD decile for every HX postcode with an LSOA', async () => {
    const joined = await t.deps.db
      .selectFrom('geo_postcode as p')
      .leftJoin('geo_lsoa as l', 'l.lsoa', 'p.lsoa')
      .select(['p.postcode', 'p.lsoa', 'l.imd_decile'])
      .execute();
    expect(joined).toHaveLength(7_442);
    const missing = joined.filter((j) => j.lsoa !== null && j.imd_decile === null).map((j) => j.postcode);
    expect(missing).toEqual([]);
    for (const j of joined) {
      if (j.lsoa !== null) expect(Number(j.imd_decile), j.postcode).toBe(decileByLsoa.get(j.lsoa));
    }
    // Without an LSOA there is no decile to give (the seven no-grid postcodes).
    expect(joined.filter((j) => j.lsoa === null)).toHaveLength(7);
    const noLsoa = await lookupPostcode(t.deps, systemActor(), 'HX7 9AB');
    expect(noLsoa).toEqual({ postcode: 'HX7 9AB', lsoa: null, latitude: null, longitude: null, terminated: true, imdDecile: null });
  });

  it('stores no coordinates for the postcodes NSPL marks with latitude 99.999999', async () => {
    const first = expected.find((e) => e.latitude === null);
    expect(first).toBeDefined();
    const found = await lookupPostcode(t.deps, systemActor(), first?.postcode ?? '');
    expect(found.latitude).toBeNull();
    expect(found.longitude).toBeNull();
    expect(found.lsoa).toBe(first?.lsoa);
  });

  it('records one audit event per import, by the operator, with the counts', async () => {
    const all = await t.auditActions();
    const events = all.filter((e) => e.action.startsWith('geo.'));
    expect(events.map((e) => [e.action, e.outcome, e.actor_role])).toEqual([
      ['geo.postcodes_imported', 'success', 'system:cli'],
      ['geo.imd_imported', 'success', 'system:cli'],
    ]);
    expect(JSON.parse(events[0]?.summary ?? '')).toEqual({ imported: 7_442, rows: 7_442, skipped: 0 });
    expect(JSON.parse(events[1]?.summary ?? '')).toEqual({ imported: 32_844, rows: 32_844, skipped: 0 });
    expect(await verifyAuditChain(t.deps)).toEqual({ ok: true, events: all.length, keyed: 0, checkpoint: null });
  });

  it('lets a referrer look a postcode up, and says not_found / invalid_input otherwise', async () => {
    const icb = await makeOrg(t.deps, 'icb');
    const pcn = await makeOrg(t.deps, 'pcn', icb);
    const practice = await makeOrg(t.deps, 'practice', pcn);
    const referrer = userActor(await makeUser(t.deps, 'referrer', [practice]));
    expect((await lookupPostcode(t.deps, referrer, 'HX1 1AA')).imdDecile).toBe(decileByLsoa.get('E01010994'));
    // A real postcode from another area: valid, but not loaded.
    await expect(lookupPostcode(t.deps, referrer, 'SR1 1RE')).rejects.toMatchObject({ code: 'not_found' });
    await expect(lookupPostcode(t.deps, referrer, '1A1 1AA')).rejects.toBeInstanceOf(AppError);
    await expect(lookupPostcode(t.deps, referrer, '1A1 1AA')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses a role without geo:read before looking at what it typed, and audits the refusal', async () => {
    const icb = await makeOrg(t.deps, 'icb');
    const commissioner = userActor(await makeUser(t.deps, 'commissioner', [icb]));
    await expect(lookupPostcode(t.deps, commissioner, 'HX1 1AA')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(lookupPostcode(t.deps, commissioner, 'not a postcode')).rejects.toMatchObject({ code: 'forbidden' });
    const denials = (await t.auditActions()).filter((e) => e.action === 'access.denied' && e.actor_role === 'commissioner');
    expect(denials).toHaveLength(2);
    expect(JSON.parse(denials[0]?.summary ?? '')).toEqual({ attempted: 'geo.postcode_looked_up', permission: 'geo:read', reason: 'forbidden' });
  });
});
