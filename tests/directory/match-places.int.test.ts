import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMatchableServices } from '../../src/db/repositories/directory/match-corpus.ts';
import { systemActor } from '../../src/services/kernel/context.ts';
import { importDirectory } from '../../src/services/directory/import-directory.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { loadHxPostcodes } from '../support/directory-factories.ts';
import { makeHierarchy, makeUser } from '../support/factories.ts';
import { createTestApp, sessionFor, type Session, type TestApp } from '../support/test-app.ts';

// Places named in the link worker's words (issue 13): "moved to Hebden Bridge" stands in for a
// postcode, learnt from the directory's own addresses. A tiny Open Referral UK feed, imported
// through the real import, of five equally relevant groups (one description, one need, names that
// share no word) in four Calderdale towns, at real HX postcodes with their ONS coordinates.

const DESCRIPTION = 'A friendly weekly group for people who feel lonely or isolated: tea, a chat and games.';

interface Site {
  name: string;
  town: string;
  address2?: string;
  postcode: string;
  /** null: the feed gives no coordinates (the postcode table places it) */
  point: { latitude: number; longitude: number } | null;
}

const SITES: Site[] = [
  { name: 'Bluebell Club', town: 'Hebden Bridge', postcode: 'HX7 6HT', point: { latitude: 53.73923, longitude: -2.014911 } },
  { name: 'Primrose Club', town: 'Sowerby Bridge', postcode: 'HX6 2ES', point: { latitude: 53.712137, longitude: -1.914057 } },
  { name: 'Foxglove Club', town: 'Halifax', address2: 'Ground Floor', postcode: 'HX1 1AA', point: { latitude: 53.724334, longitude: -1.857458 } },
  { name: 'Cowslip Club', town: 'Halifax', address2: 'King Cross', postcode: 'HX1 3JL', point: { latitude: 53.714929, longitude: -1.881628 } },
  { name: 'Snowdrop Club', town: 'Elland', postcode: 'HX5 0AL', point: null },
];

function orukService(s: Site): Record<string, unknown> {
  const slug = s.name.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    id: randomUUID(),
    name: s.name,
    description: DESCRIPTION,
    status: 'active',
    email: `hello@${slug}.example.org`,
    organization: { id: randomUUID(), name: `${s.name} Friends`, description: `A small charity in ${s.town}.`, email: `hello@${slug}.example.org` },
    service_at_locations: [
      {
        id: randomUUID(),
        location: {
          id: randomUUID(),
          location_type: 'physical',
          name: `${s.name} room`,
          ...(s.point ?? {}),
          addresses: [
            {
              id: randomUUID(),
              address_1: '1 Market Street',
              ...(s.address2 === undefined ? {} : { address_2: s.address2 }),
              city: s.town,
              state_province: 'West Yorkshire',
              postal_code: s.postcode,
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      },
    ],
    assured_date: '2026-10-01',
  };
}

interface MatchBody {
  place: { name: string; latitude: number; longitude: number } | null;
  results: { name: string; score: number; distanceKm: number | null; reasons: string[] }[];
}

describe.each(TEST_DIALECTS)('places named in the words, on %s', (dialect) => {
  let t: TestApp;
  let session: Session;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(join(tmpdir(), 'linkwork-places-'));
    const feed = join(dir, 'feed.json');
    const contents = SITES.map(orukService);
    writeFileSync(feed, JSON.stringify({ total_items: contents.length, total_pages: 1, page_number: 1, size: contents.length, contents }));
    await loadHxPostcodes(
      t.database.db,
      SITES.map((s) => s.postcode),
    );
    const summary = await importDirectory(t.deps, systemActor(), { location: { kind: 'file', path: feed }, source: 'places-test' });
    expect(summary).toMatchObject({ created: SITES.length });
    const { pcnA } = await makeHierarchy(t.deps);
    const user = await makeUser(t.deps, 'link_worker', [pcnA]);
    session = await sessionFor(t, user.email);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const match = async (body: object): Promise<MatchBody> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/services/match', headers: session.headers, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MatchBody>();
  };

  it('reads each location with the town and locality of its address, and places one without coordinates at its postcode', async () => {
    const byName = new Map((await loadMatchableServices(t.database.db)).map((s) => [s.name, s]));
    expect(byName.get('Bluebell Club')!.locations).toEqual([{ latitude: 53.73923, longitude: -2.014911, places: ['Hebden Bridge'] }]);
    expect(byName.get('Cowslip Club')!.locations[0]!.places).toEqual(['Halifax', 'King Cross']);
    expect(byName.get('Foxglove Club')!.locations[0]!.places).toEqual(['Halifax']); // "Ground Floor" is no locality
    expect(byName.get('Snowdrop Club')!.locations).toEqual([{ latitude: 53.683196, longitude: -1.839051, places: ['Elland'] }]);
  });

  it('a town named in the words, without a postcode, is the place distances are measured from, nearest first', async () => {
    const body = await match({ text: 'lonely widower, moved to Hebden Bridge last year' });
    expect(body.place).toMatchObject({ name: 'Hebden Bridge' });
    expect(body.place!.latitude).toBeCloseTo(53.73923, 5);
    expect(body.place!.longitude).toBeCloseTo(-2.014911, 5);
    expect(body.results.map((r) => r.name)).toEqual(['Bluebell Club', 'Primrose Club', 'Cowslip Club', 'Foxglove Club', 'Snowdrop Club']);
    for (const r of body.results) expect(r.distanceKm, r.name).not.toBeNull();
    expect(body.results[0]!.distanceKm).toBeLessThan(0.5);
    const km = body.results.map((r) => r.distanceKm!);
    expect(km).toEqual([...km].sort((a, b) => a - b));
  });

  it('a name shared by several locations is their centroid; a place in lower case after "lives in" counts', async () => {
    const body = await match({ text: 'lonely, lives in halifax' });
    expect(body.place).toMatchObject({ name: 'Halifax' });
    expect(body.place!.latitude).toBeCloseTo((53.724334 + 53.714929) / 2, 5);
    expect(
      body.results
        .slice(0, 2)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Cowslip Club', 'Foxglove Club']);
  });

  it('with a postcode given, the postcode wins over a place in the words', async () => {
    const body = await match({ text: 'lonely, lives in Hebden Bridge', postcode: 'HX1 1AA' });
    expect(body.place).toBeNull();
    expect(body.results[0]).toMatchObject({ name: 'Foxglove Club' });
    expect(body.results[0]!.distanceKm).toBeLessThan(0.5);
  });

  it('words that name no place give no place and no distances', async () => {
    const body = await match({ text: 'lonely since her husband died, feels isolated' });
    expect(body.place).toBeNull();
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results) expect(r.distanceKm).toBeNull();
  });
});
