import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { findPostcode } from '../../src/db/repositories/geo/postcodes.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importNspl } from '../../src/services/geo/import-nspl.ts';
import { makeOrg, makeUser } from '../support/factories.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { NSPL_HEADER, nsplRow, openGeoTest, userActor, type GeoTest } from './geo-support.ts';

const operator = systemActor();

/** `n` distinct, valid Halifax postcodes (HX1 1AA, HX1 1AB, …) across districts HX1–HX9. */
function validPostcodes(n: number): string[] {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const out: string[] = [];
  for (let district = 1; district <= 9 && out.length < n; district++) {
    for (let sector = 0; sector <= 9 && out.length < n; sector++) {
      for (const a of letters) {
        for (const b of letters) {
          if (out.length === n) break;
          out.push(`HX${district} ${sector}${a}${b}`);
        }
      }
    }
  }
  return out;
}

const csv = (...rows: string[]) => `${[NSPL_HEADER, ...rows].join('\n')}\n`;

describe.each(TEST_DIALECTS)('importNspl with small files on %s', (dialect) => {
  let t: GeoTest;
  beforeEach(async () => {
    t = await openGeoTest(dialect);
  });
  afterEach(async () => t.close());

  /** Runs a promise that must fail, and returns its error. */
  async function failure(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }

  it('imports a small file, flags terminated postcodes and normalises the postcode', async () => {
    const file = t.write(
      'small.csv',
      csv(nsplRow('HX1 1AA', 'E01010994', 53.724334, -1.857458), nsplRow('hx11ab', 'E01010994', 53.725515, -1.860394, '201504')),
    );
    const report = await importNspl(t.deps, operator, file);
    expect(report).toEqual({ rows: 2, imported: 2, skipped: 0, skippedReasons: {} });
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toEqual({
      postcode: 'HX1 1AA',
      lsoa: 'E01010994',
      latitude: 53.724334,
      longitude: -1.857458,
      terminated: false,
      imdDecile: null,
    });
    expect(await findPostcode(t.deps.db, 'HX1 1AB')).toMatchObject({ terminated: true });
  });

  it('stores null coordinates for the NSPL "no grid reference" latitude 99.999999', async () => {
    const file = t.write('nogrid.csv', csv(nsplRow('HX7 9AB', '', '99.999999', '0.000000', '200905'), nsplRow('HX1 1AA', 'E01010994', 53.724334, -1.857458)));
    await importNspl(t.deps, operator, file);
    expect(await findPostcode(t.deps.db, 'HX7 9AB')).toEqual({
      postcode: 'HX7 9AB',
      lsoa: null,
      latitude: null,
      longitude: null,
      terminated: true,
      imdDecile: null,
    });
    expect((await findPostcode(t.deps.db, 'HX1 1AA'))?.latitude).toBe(53.724334);
  });

  it('stores null coordinates when lat or long is blank or not a number', async () => {
    const file = t.write('nocoords.csv', csv(nsplRow('HX1 1AA', 'E01010994', '', -1.85), nsplRow('HX1 1AB', 'E01010994', 53.7, 'west')));
    const report = await importNspl(t.deps, operator, file);
    expect(report.imported).toBe(2);
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toMatchObject({ latitude: null, longitude: null });
    expect(await findPostcode(t.deps.db, 'HX1 1AB')).toMatchObject({ latitude: null, longitude: null });
  });

  it('skips rows with invalid postcodes and counts why', async () => {
    const file = t.write(
      'invalid.csv',
      csv(
        nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85),
        nsplRow('1A1 1AA', 'E01010994', 53.72, -1.85),
        nsplRow('QX1 1AA', 'E01010994', 53.72, -1.85),
        nsplRow('', 'E01010994', 53.72, -1.85),
        nsplRow('HX1 1CA', 'E01010994', 53.72, -1.85),
        nsplRow('HX2 0AA', 'E01010995', 53.73, -1.86),
      ),
    );
    const report = await importNspl(t.deps, operator, file);
    expect(report).toEqual({ rows: 6, imported: 2, skipped: 4, skippedReasons: { invalid_postcode: 4 } });
    expect((await t.counts()).postcodes).toBe(2);
    const event = (await t.auditActions()).at(-1);
    expect(event?.action).toBe('geo.postcodes_imported');
    expect(JSON.parse(event?.summary ?? '')).toEqual({ imported: 2, rows: 6, skipped: 4 });
  });

  it('is idempotent: importing the same file twice leaves the same rows', async () => {
    const postcodes = validPostcodes(1_234);
    const file = t.write(
      'twice.csv',
      csv(...postcodes.map((p, i) => nsplRow(p, `E0101${String(i % 100).padStart(4, '0')}`, 53.7 + i / 1e5, -1.8 - i / 1e5, i % 3 === 0 ? '201001' : ''))),
    );
    const first = await importNspl(t.deps, operator, file);
    const snapshot = async () => t.deps.db.selectFrom('geo_postcode').selectAll().orderBy('postcode').execute();
    const before = await snapshot();
    const second = await importNspl(t.deps, operator, file);
    expect(second).toEqual(first);
    expect(first).toEqual({ rows: 1_234, imported: 1_234, skipped: 0, skippedReasons: {} });
    expect(await snapshot()).toEqual(before);
    expect(before).toHaveLength(1_234);
    expect((await t.auditActions()).map((a) => a.action)).toEqual(['geo.postcodes_imported', 'geo.postcodes_imported']);
  });

  it('updates LSOA, location and terminated flag on re-import', async () => {
    await importNspl(
      t.deps,
      operator,
      t.write('v1.csv', csv(nsplRow('HX1 1AA', 'E01010994', 53.724334, -1.857458), nsplRow('HX1 1AB', 'E01010994', 53.725515, -1.860394))),
    );
    await importNspl(t.deps, operator, t.write('v2.csv', csv(nsplRow('HX1 1AA', 'E01011000', 53.7, -1.8, '202201'))));
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toEqual({
      postcode: 'HX1 1AA',
      lsoa: 'E01011000',
      latitude: 53.7,
      longitude: -1.8,
      terminated: true,
      imdDecile: null,
    });
    // A postcode the new file does not mention is left alone.
    expect(await findPostcode(t.deps.db, 'HX1 1AB')).toMatchObject({ lsoa: 'E01010994', terminated: false });
    expect((await t.counts()).postcodes).toBe(2);
  });

  it('stores a postcode repeated in one file once, the later row winning, on both databases', async () => {
    const file = t.write(
      'dup.csv',
      csv(nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85), nsplRow('hx1 1aa', 'E01011000', 53.73, -1.86), nsplRow('HX1 1AB', 'E01010994', 53.72, -1.85)),
    );
    const report = await importNspl(t.deps, operator, file);
    expect(report).toEqual({ rows: 3, imported: 2, skipped: 1, skippedReasons: { duplicate_postcode: 1 } });
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toMatchObject({ lsoa: 'E01011000', latitude: 53.73 });
  });

  it('reads the newer ONSPD layout (lsoa21), a byte-order mark and CRLF line ends', async () => {
    const file = t.write('onspd.csv', '\uFEFFpcd,pcds,lsoa21,lat,long,doterm\r\n"HX1  1AA","HX1 1AA","E01010994",53.724334,-1.857458,""\r\n');
    expect(await importNspl(t.deps, operator, file)).toEqual({ rows: 1, imported: 1, skipped: 0, skippedReasons: {} });
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toMatchObject({ lsoa: 'E01010994', latitude: 53.724334 });
  });

  it('prefers the 2011 LSOA (the key of IMD 2019) when a file carries both', async () => {
    const file = t.write('both.csv', 'pcds,lsoa11,lsoa21,lat,long,doterm\n"HX1 1AA","E01010994","E01099999",53.72,-1.85,""\n');
    await importNspl(t.deps, operator, file);
    expect(await findPostcode(t.deps.db, 'HX1 1AA')).toMatchObject({ lsoa: 'E01010994' });
  });

  describe('refuses bad input and changes nothing', () => {
    /** Loads two postcodes first, so "nothing written" is checked against a non-empty table. */
    async function withExistingData() {
      await importNspl(
        t.deps,
        operator,
        t.write('existing.csv', csv(nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85), nsplRow('HX1 1AB', 'E01010994', 53.72, -1.85))),
      );
      const counts = await t.counts();
      expect(counts).toEqual({ postcodes: 2, lsoas: 0, audit: 1 });
      return counts;
    }

    it('a missing file is invalid_input', async () => {
      const before = await withExistingData();
      const err = await failure(importNspl(t.deps, operator, `${t.dir}/no-such-file.csv`));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(/Cannot read file/);
      expect(await t.counts()).toEqual(before);
    });

    it('a folder instead of a file is invalid_input, not a crash', async () => {
      const err = await failure(importNspl(t.deps, operator, t.dir));
      expect(err.code).toBe('invalid_input');
    });

    it('an empty file is invalid_input', async () => {
      const err = await failure(importNspl(t.deps, operator, t.write('empty.csv', '')));
      expect(err.code).toBe('invalid_input');
      expect(await t.counts()).toEqual({ postcodes: 0, lsoas: 0, audit: 0 });
    });

    it('a file without the pcds column is invalid_input naming it, and nothing is written', async () => {
      const before = await withExistingData();
      const file = t.write('nopcds.csv', 'pcd,doterm,lsoa11,lat,long\n"HX1 1AD","","E01010994",53.7,-1.8\n"HX1 1AE","","E01010994",53.7,-1.8\n');
      const err = await failure(importNspl(t.deps, operator, file));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toContain('pcds');
      expect(await t.counts()).toEqual(before);
      expect(await findPostcode(t.deps.db, 'HX1 1AD')).toBeUndefined();
    });

    it('a header-only file without the pcds column is refused too', async () => {
      const err = await failure(importNspl(t.deps, operator, t.write('header-only.csv', 'pcd,doterm,lsoa11,lat,long\n')));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toContain('pcds');
    });

    it('names every missing column', async () => {
      const err = await failure(importNspl(t.deps, operator, t.write('few.csv', 'pcds,lat\nHX1 1AA,53.7\n')));
      expect(err.message).toContain('long');
      expect(err.message).toContain('doterm');
      expect(err.message).toContain('lsoa11 or lsoa21');
    });

    it('a file broken halfway (after a full batch was written) rolls the whole import back', async () => {
      const before = await withExistingData();
      const postcodes = validPostcodes(1_100);
      const rows = postcodes.map((p) => nsplRow(p, 'E01011000', 53.7, -1.8));
      // Row 1,101 opens a quote it never closes (no quote follows it): csv-parse fails only at the
      // end of the file, after two batches of 500 have gone to the database.
      rows.push('"HX9 9ZZ,,E01011000,53.7,-1.8', 'HX9 9ZY,,E01011000,53.7,-1.8', 'HX9 9ZX,,E01011000,53.7,-1.8');
      const flushed: number[] = [];
      const err = await failure(importNspl(t.deps, operator, t.write('broken.csv', csv(...rows)), (p) => flushed.push(p.rows)));
      expect(flushed).toEqual([500, 1_000]);
      expect(err.code).toBe('invalid_input');
      expect(err.message).toMatch(/not valid CSV/);
      expect(err.details).toEqual({ reason: 'not_csv', parserCode: 'CSV_QUOTE_NOT_CLOSED' });
      expect(await t.counts()).toEqual(before);
      // Even the rows of the batches already sent to the database are gone, and the old data is untouched.
      expect(await findPostcode(t.deps.db, postcodes[0] ?? '')).toBeUndefined();
      expect(await findPostcode(t.deps.db, 'HX1 1AA')).toMatchObject({ lsoa: 'E01010994' });
    });

    it('a stray quote in the middle of the file is invalid CSV, named by line, and nothing is written', async () => {
      const before = await withExistingData();
      const rows = validPostcodes(1_200).map((p) => nsplRow(p, 'E01011000', 53.7, -1.8));
      rows.splice(1_050, 0, '"HX9 9ZZ"x,"","E01011000",53.7,-1.8');
      const err = await failure(importNspl(t.deps, operator, t.write('stray.csv', csv(...rows))));
      expect(err.code).toBe('invalid_input');
      expect(err.details).toEqual({ reason: 'not_csv', parserCode: 'CSV_INVALID_CLOSING_QUOTE' });
      // Header + 1,050 rows: the bad one is line 1,052. The message names no cell content.
      expect(err.message).toBe('The file is not valid CSV (near line 1052)');
      expect(await t.counts()).toEqual(before);
    });

    it('a referrer is forbidden, the refusal is audited and no postcode is written', async () => {
      const icb = await makeOrg(t.deps, 'icb');
      const pcn = await makeOrg(t.deps, 'pcn', icb);
      const practice = await makeOrg(t.deps, 'practice', pcn);
      const referrer = userActor(await makeUser(t.deps, 'referrer', [practice]));
      const file = t.write('ok.csv', csv(nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85)));
      const err = await failure(importNspl(t.deps, referrer, file));
      expect(err.code).toBe('forbidden');
      expect((await t.counts()).postcodes).toBe(0);
      const last = (await t.auditActions()).at(-1);
      expect(last).toMatchObject({ action: 'access.denied', outcome: 'denied', actor_role: 'referrer' });
      expect(JSON.parse(last?.summary ?? '')).toEqual({ attempted: 'geo.postcodes_imported', permission: 'geo:import', reason: 'forbidden' });
      // The permission check comes first: a referrer learns nothing about the file either.
      expect((await failure(importNspl(t.deps, referrer, `${t.dir}/missing.csv`))).code).toBe('forbidden');
    });

    it('an admin may import', async () => {
      const admin = userActor(await makeUser(t.deps, 'admin'));
      const report = await importNspl(t.deps, admin, t.write('admin.csv', csv(nsplRow('HX1 1AA', 'E01010994', 53.72, -1.85))));
      expect(report.imported).toBe(1);
      expect((await t.auditActions()).at(-1)).toMatchObject({ action: 'geo.postcodes_imported', actor_role: 'admin' });
    });
  });
});
