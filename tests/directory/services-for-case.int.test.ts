import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityWorld, NOT_FOR_PROVIDERS, type CommunityWorld } from '../casework/community-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { HX_PLACES, loadHxPostcodes, makeDirectoryOrganisation, makeOrukService } from '../support/directory-factories.ts';

/**
 * "Services for this need" on a case (issue 13 item 4): GET /api/v1/services?need=…&caseId=… leaves
 * out services the person's age is outside, services for the other sex and services held only too
 * far from their postcode, counts them by reason, and lists the rest nearest first. Winifred (from
 * communityWorld) was born on 17 April 1951 (75 on the test clock's 21 November 2026) and lives at
 * HX1 1AA, in the middle of Halifax.
 */

interface ListBody {
  services: { id: string; name: string; organisationName: string; distanceKm?: number | null }[];
  leftOut?: { age: number; sex: number; area: number };
  byDistance?: boolean;
  radiusKm?: number;
}

const place = (postcode: string) => HX_PLACES.find((p) => p.postcode === postcode)!;
// York's Explore Library: about 55 km from Halifax, well beyond the 30 km default.
const YORK = { latitude: 53.9596, longitude: -1.0873 };

const DEMO_LONELINESS = ['Befriending by phone', 'Tuesday Singing for Wellbeing', 'Walking for Health Halifax'];

describe.each(TEST_DIALECTS)('GET /api/v1/services?caseId= on %s', (dialect) => {
  let w: CommunityWorld;
  const ids: Record<string, string> = {};

  const list = async (who: Parameters<CommunityWorld['get']>[0], query: string) => {
    const res = await w.get(who, `/api/v1/services?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListBody>();
  };
  const names = (b: ListBody) => b.services.map((s) => s.name);
  const setPerson = (personId: string, set: { sex?: string | null; gender_identity?: string | null; date_of_birth?: string; postcode?: string | null }) =>
    w.t.database.db.updateTable('person').set(set).where('id', '=', personId).execute();

  beforeAll(async () => {
    w = await communityWorld(dialect);
    const db = w.t.database.db;
    await loadHxPostcodes(
      db,
      HX_PLACES.map((p) => p.postcode),
    );
    const org = await makeDirectoryOrganisation(db, 'Calderdale Together');
    const make = async (name: string, o: Omit<Parameters<typeof makeOrukService>[1], 'organisationId' | 'name'> = {}) => {
      ids[name] = (await makeOrukService(db, { organisationId: org.id, name, ...o })).id;
    };
    await make('Over 50s singing circle', { places: [place('HX5 0AA')], minimumAge: 50 }); // Elland
    await make('Young at Heart youth club', { places: [place('HX1 1RE')], maximumAge: 25 });
    await make('Active at 60', { places: [place('HX2 0AA')], minimumAge: 60, maximumAge: 75 });
    await make("Elland Men's Shed", { places: [place('HX5 0AA')], description: 'A workshop where men share skills, make things and have a brew.' });
    await make("Calderdale Women's Aid", { places: [place('HX7 5AA')], description: 'Support for women and children affected by domestic abuse.' }); // Hebden Bridge
    await make('York befriending hub', { places: [place('HX1 1AA')], description: 'Drop-in befriending cafe at the library.' });
    await make('Yorkshire phone friends', { places: [place('HX1 1AA')], description: 'A volunteer rings you every week for a chat by phone.' });
    await make('Sowerby Bridge lunch club', { places: [place('HX6 1AA')] });
    await make('Pen pals online', {}); // no location at all
    // Both York services are really in York; the lunch club's location has only its address postcode.
    const sal = (service: string) => db.selectFrom('service_at_location').select('location_id').where('service_id', '=', ids[service]!);
    for (const s of ['York befriending hub', 'Yorkshire phone friends'])
      await db.updateTable('location').set({ latitude: YORK.latitude, longitude: YORK.longitude }).where('id', 'in', sal(s)).execute();
    await db.updateTable('location').set({ latitude: null, longitude: null }).where('id', 'in', sal('Sowerby Bridge lunch club')).execute();
    await db
      .updateTable('service')
      .set({ needs: JSON.stringify(['loneliness']), eligibility_description: null })
      .where('id', 'in', Object.values(ids))
      .execute();
  }, 120_000);
  afterAll(async () => w.t.close());

  it('without a case: every service with the need, by name, exactly as before', async () => {
    const body = await list('jo', 'need=loneliness');
    expect(Object.keys(body)).toEqual(['services']);
    expect(names(body)).toEqual([...Object.keys(ids), ...DEMO_LONELINESS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(Object.keys(body.services[0]!).sort()).toEqual([
      'createdAt',
      'description',
      'id',
      'name',
      'needs',
      'organisationId',
      'organisationName',
      'takesReferrals',
      'updatedAt',
    ]);
  });

  it('for a woman of 75 at HX1 1AA: leaves out by age, sex and area, counts each, nearest first', async () => {
    const { caseId, personId } = await w.newCase();
    await setPerson(personId, { sex: 'female' });
    const before = await w.lastSeq();
    const body = await list('jo', `need=loneliness&caseId=${caseId}`);
    expect(body.leftOut).toEqual({ age: 1, sex: 1, area: 1 });
    expect(body).toMatchObject({ byDistance: true, radiusKm: 30 });
    expect(body.services.map((s) => [s.name, s.distanceKm])).toEqual([
      ['Active at 60', 2.5], // Pellon
      ['Sowerby Bridge lunch club', 4.3], // placed by its address postcode, HX6 1AA
      ['Over 50s singing circle', 4.6], // Elland
      ["Calderdale Women's Aid", 8.7], // Hebden Bridge
      ['Yorkshire phone friends', 56.9], // in York, but by phone: never too far
      // no location: after those with a distance, in name order
      ['Befriending by phone', null],
      ['Pen pals online', null],
      ['Tuesday Singing for Wellbeing', null],
      ['Walking for Health Halifax', null],
    ]);

    // audited against the person with the case's id, counts only; the person's details go nowhere
    const events = await w.auditSince(before);
    expect(events.map((e) => [e.action, e.outcome, e.entity_id, e.person_id])).toEqual([['service.listed', 'success', caseId, personId]]);
    expect(JSON.parse(events[0]!.summary)).toEqual({ need: 'loneliness', shown: 9, leftOut: 3 });
    const seen = `${JSON.stringify(events)}\n${w.t.logs.join('\n')}\n${JSON.stringify(body)}`;
    for (const secret of [NOT_FOR_PROVIDERS.postcode, NOT_FOR_PROVIDERS.dateOfBirth, 'female']) expect(seen).not.toContain(secret);
  });

  it('for a man: the women-only service is left out and the men-only one shown; nothing for sex when it is not known or a gender identity is recorded', async () => {
    const { caseId, personId } = await w.newCase();
    await setPerson(personId, { sex: 'male' });
    const man = await list('jo', `need=loneliness&caseId=${caseId}`);
    expect(man.leftOut).toEqual({ age: 1, sex: 1, area: 1 });
    expect(names(man)).toContain("Elland Men's Shed");
    expect(names(man)).not.toContain("Calderdale Women's Aid");
    await setPerson(personId, { sex: 'not_known' });
    expect((await list('jo', `need=loneliness&caseId=${caseId}`)).leftOut).toEqual({ age: 1, sex: 0, area: 1 });
    await setPerson(personId, { sex: 'male', gender_identity: 'Woman' });
    expect((await list('jo', `need=loneliness&caseId=${caseId}`)).leftOut).toEqual({ age: 1, sex: 0, area: 1 });
  });

  it("takes the person's age on today's date by the service clock; age bands include both ends", async () => {
    const { caseId, personId } = await w.newCase();
    // 75 today (21 November 2026): inside 60–75
    await setPerson(personId, { date_of_birth: '1951-11-21' });
    expect(names(await list('jo', `need=loneliness&caseId=${caseId}`))).toContain('Active at 60');
    // 76 today: outside it
    await setPerson(personId, { date_of_birth: '1950-11-21' });
    expect(names(await list('jo', `need=loneliness&caseId=${caseId}`))).not.toContain('Active at 60');
    // 76 tomorrow, so 75 today: inside again
    await setPerson(personId, { date_of_birth: '1950-11-22' });
    expect(names(await list('jo', `need=loneliness&caseId=${caseId}`))).toContain('Active at 60');
  });

  it('with no postcode, or one the postcode table lacks: nothing left out for area, by name', async () => {
    const { caseId, personId } = await w.newCase();
    for (const postcode of [null, 'ZZ9 9ZZ']) {
      await setPerson(personId, { postcode });
      const body = await list('jo', `need=loneliness&caseId=${caseId}`);
      expect(body).toMatchObject({ byDistance: false, leftOut: { age: 1, area: 0 } });
      expect(names(body)).toEqual([...names(body)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(names(body)).toContain('York befriending hub');
      expect(body.services.every((s) => s.distanceKm === null)).toBe(true);
    }
  });

  it("a case outside the caller's scope, or none, answers 404 not_found, and the refusal is audited", async () => {
    const { caseId } = await w.newCase(); // Bankfield: Jo's, not Amira's
    const before = await w.lastSeq();
    for (const who of ['amira', 'provider'] as const) {
      const res = await w.get(who, `/api/v1/services?need=loneliness&caseId=${caseId}`);
      expect(res.statusCode, who).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
    }
    const missing = await w.get('jo', '/api/v1/services?caseId=0190a5f0-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const denied = (await w.auditSince(before)).map((e) => [e.action, e.outcome, e.entity_id, e.person_id]);
    expect(denied).toEqual([
      ['access.denied', 'denied', caseId, null],
      ['access.denied', 'denied', caseId, null],
      ['access.denied', 'denied', '0190a5f0-0000-7000-8000-000000000000', null],
    ]);
    expect((await w.get('jo', '/api/v1/services?caseId=not-an-id')).statusCode).toBe(400);
    expect((await w.get('commissioner', `/api/v1/services?caseId=${caseId}`)).statusCode).toBe(403);
  });
});
