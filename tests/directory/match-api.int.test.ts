import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityWorld, type CommunityWorld } from '../casework/community-support.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { HX_PLACES, loadHxPostcodes, makeDirectoryOrganisation, makeOrukService } from '../support/directory-factories.ts';

interface MatchBody {
  matchId: string | null;
  understoodNeeds: { need: string; label: string; confidence: number; terms: string[]; source: string }[];
  results: {
    id: string;
    externalId: string | null;
    name: string;
    organisationName: string;
    score: number;
    reasons: string[];
    stale: boolean;
    takesReferrals: boolean;
    capacity: string;
    waitingWeeks: number | null;
    distanceKm: number | null;
  }[];
}

const QUERY = 'lonely since her husband died, likes singing';
const place = (postcode: string) => HX_PLACES.find((p) => p.postcode === postcode)!;

describe.each(TEST_DIALECTS)('POST /api/v1/services/match on %s', (dialect) => {
  let w: CommunityWorld;
  let choirId: string;
  beforeAll(async () => {
    w = await communityWorld(dialect);
    const db = w.t.database.db;
    await loadHxPostcodes(
      db,
      HX_PLACES.map((p) => p.postcode),
    );
    const org = await makeDirectoryOrganisation(db, 'Calderdale Voices');
    choirId = (
      await makeOrukService(db, {
        organisationId: org.id,
        name: 'Calderdale community choir',
        description: 'A friendly community choir for older people who are lonely or bereaved. Come and sing with us.',
        places: [place('HX1 1RE')],
        byday: 'WE',
      })
    ).id;
    await makeOrukService(db, {
      organisationId: org.id,
      name: 'Over 50s singing circle',
      description: 'Singing and friendship for lonely people over fifty.',
      places: [place('HX5 0AA')],
      minimumAge: 50,
    });
  }, 120_000);
  afterAll(async () => w.t.close());

  const match = (who: Parameters<CommunityWorld['post']>[0], body: object) => w.post(who, '/api/v1/services/match', body);

  it('answers with the understood needs and ranked services with reasons, distance from a full postcode, and records nothing without a case', async () => {
    const before = await w.lastSeq();
    const res = await match('jo', { text: QUERY, postcode: 'HX1 1AA', age: 78 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<MatchBody>();
    expect(body.matchId).toBeNull();
    expect(body.understoodNeeds.map((u) => u.need).sort()).toEqual(['bereavement', 'loneliness']);
    expect(body.understoodNeeds.find((u) => u.need === 'bereavement')!.terms).toContain('husband died');
    const names = body.results.map((r) => r.name);
    expect(names).toContain('Calderdale community choir');
    expect(names).toContain('Tuesday Singing for Wellbeing');
    const choir = body.results.find((r) => r.id === choirId)!;
    expect(Object.keys(choir).sort()).toEqual([
      'capacity',
      'distanceKm',
      'externalId',
      'id',
      'name',
      'organisationName',
      'reasons',
      'score',
      'stale',
      'takesReferrals',
      'waitingWeeks',
    ]);
    expect(choir.distanceKm).not.toBeNull();
    expect(choir.distanceKm!).toBeLessThan(2);
    expect(choir.reasons).toEqual(expect.arrayContaining(['Wednesdays', 'step-free access', 'free']));
    expect(choir.reasons.some((r) => r.endsWith('— matches interest in singing'))).toBe(true);
    expect(await w.t.database.db.selectFrom('service_match').select('id').execute()).toEqual([]);
    // audited with coded values only: never the words typed
    const events = await w.auditSince(before);
    const matched = events.filter((e) => e.action === 'service.matched');
    expect(matched).toHaveLength(1);
    expect(matched[0]!.summary).toContain('bereavement');
    expect(matched[0]!.summary).not.toContain('husband');
    expect(w.t.logs.join('\n')).not.toContain('husband');
  });

  it('leaves out services the person is too young for', async () => {
    const young = (await match('jo', { text: QUERY, age: 30 })).json<MatchBody>().results.map((r) => r.name);
    const older = (await match('jo', { text: QUERY, age: 60 })).json<MatchBody>().results.map((r) => r.name);
    expect(young).not.toContain('Over 50s singing circle');
    expect(older).toContain('Over 50s singing circle');
  });

  it('takes the first half of a postcode and says the distance is approximate', async () => {
    const body = (await match('jo', { text: QUERY, postcode: 'hx1' })).json<MatchBody>();
    const choir = body.results.find((r) => r.id === choirId)!;
    expect(choir.distanceKm).not.toBeNull();
    expect(choir.reasons.some((r) => r.endsWith('km (postcode district)'))).toBe(true);
  });

  it('from a case in scope: records the run (understood needs, ranked ids) and gives its matchId', async () => {
    const { caseId } = await w.newCase();
    const res = await match('jo', { text: QUERY, needs: ['loneliness'], referralId: caseId, limit: 5 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<MatchBody>();
    expect(body.matchId).not.toBeNull();
    const row = await w.t.database.db.selectFrom('service_match').selectAll().where('id', '=', body.matchId!).executeTakeFirstOrThrow();
    expect(row.referral_id).toBe(caseId);
    expect(JSON.parse(row.needs)).toEqual(body.understoodNeeds.map((u) => u.need));
    expect(JSON.parse(row.result_ids)).toEqual(body.results.map((r) => r.id));
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect(body.understoodNeeds[0]).toMatchObject({ need: 'loneliness', source: 'coded', confidence: 1 });
  });

  it("from a case: leaves out a service for the other sex by the person's recorded sex, and says who one is for", async () => {
    const db = w.t.database.db;
    const org = await makeDirectoryOrganisation(db, 'Calderdale Singers');
    await makeOrukService(db, {
      organisationId: org.id,
      name: "Women's singing circle",
      description: 'A singing group for women only, for lonely or bereaved women.',
      places: [place('HX1 1RE')],
    });
    const { caseId, personId } = await w.newCase();
    const names = async () => (await match('jo', { text: QUERY, referralId: caseId, limit: 20 })).json<MatchBody>().results.map((r) => r.name);
    await db.updateTable('person').set({ sex: 'male', gender_identity: null }).where('id', '=', personId).execute();
    expect(await names()).not.toContain("Women's singing circle");
    await db.updateTable('person').set({ sex: 'female' }).where('id', '=', personId).execute();
    expect(await names()).toContain("Women's singing circle");
    const women = (await match('jo', { text: QUERY, referralId: caseId, limit: 20 }))
      .json<MatchBody>()
      .results.find((r) => r.name === "Women's singing circle")!;
    expect(women.reasons).toContain('for women');
    // without a case nobody's sex is known: nothing is left out for it
    expect((await match('jo', { text: QUERY, limit: 20 })).json<MatchBody>().results.map((r) => r.name)).toContain("Women's singing circle");
  });

  it("a case outside the caller's scope answers 404 and records nothing; a provider may search without a case", async () => {
    const { caseId } = await w.newCase(); // at Bankfield: Jo's practice, not Amira's
    const before = await w.t.database.db.selectFrom('service_match').select('id').execute();
    const res = await match('amira', { text: QUERY, referralId: caseId });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
    expect((await match('provider', { text: QUERY, referralId: caseId })).statusCode).toBe(404);
    expect(await w.t.database.db.selectFrom('service_match').select('id').execute()).toEqual(before);
    expect((await match('provider', { text: QUERY })).statusCode).toBe(200);
  });

  it('refuses bad input with coded 400s', async () => {
    const bad = async (body: object, field: string) => {
      const res = await match('jo', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json<{ error: { code: string; details?: { fields?: Record<string, string> } } }>().error;
      expect(err.code).toBe('invalid_input');
      expect(Object.keys(err.details?.fields ?? {}).join(',')).toContain(field);
    };
    await bad({}, 'text');
    await bad({ text: '   ' }, 'text');
    await bad({ text: QUERY, postcode: 'not a postcode' }, 'postcode');
    await bad({ text: QUERY, barriers: ['money'] }, 'barriers');
    await bad({ text: QUERY, days: ['someday'] }, 'days');
    await bad({ text: QUERY, limit: 0 }, 'limit');
    await bad({ needs: ['not_a_need'] }, 'needs');
    await bad({ text: QUERY, surprise: 1 }, '');
  });

  it('sees a service added to the directory on the next search (the index is rebuilt)', async () => {
    const first = (await match('jo', { text: 'wants help to stop gambling' })).json<MatchBody>();
    expect(first.results.map((r) => r.name)).not.toContain('Calderdale gambling support');
    const org = await makeDirectoryOrganisation(w.t.database.db, 'Gambling Help Calderdale');
    await makeOrukService(w.t.database.db, {
      organisationId: org.id,
      name: 'Calderdale gambling support',
      description: 'Free support for people with a gambling problem.',
      places: [place('HX2 0AA')],
    });
    const second = (await match('jo', { text: 'wants help to stop gambling' })).json<MatchBody>();
    expect(second.results[0]!.name).toBe('Calderdale gambling support');
  });

  it('records which suggestion was chosen on the referral, and refuses a run of another case or a wrong rank', async () => {
    const { caseId } = await w.newCase();
    const m = (await match('jo', { text: QUERY, referralId: caseId })).json<MatchBody>();
    const rank = m.results.findIndex((r) => r.id === choirId) + 1;
    expect(rank).toBeGreaterThan(0);

    const wrongRank = await w.post('jo', `/api/v1/cases/${caseId}/community-referrals`, {
      serviceId: choirId,
      kind: 'signpost',
      matchId: m.matchId,
      matchRank: rank + 1,
    });
    expect(wrongRank.statusCode).toBe(400);
    expect(wrongRank.json<{ error: { details: { fields: Record<string, string> } } }>().error.details.fields).toHaveProperty('matchRank');

    const other = await w.newCase();
    const elsewhere = await w.post('jo', `/api/v1/cases/${other.caseId}/community-referrals`, {
      serviceId: choirId,
      kind: 'signpost',
      matchId: m.matchId,
      matchRank: rank,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json<{ error: { details: { fields: Record<string, string> } } }>().error.details.fields).toHaveProperty('matchId');

    const half = await w.post('jo', `/api/v1/cases/${caseId}/community-referrals`, { serviceId: choirId, kind: 'signpost', matchId: m.matchId });
    expect(half.statusCode).toBe(400);
    expect(await w.t.database.db.selectFrom('community_referral').select('id').where('referral_id', '=', caseId).execute()).toEqual([]);

    const ok = await w.post('jo', `/api/v1/cases/${caseId}/community-referrals`, { serviceId: choirId, kind: 'refer', matchId: m.matchId, matchRank: rank });
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await w.t.database.db
      .selectFrom('community_referral')
      .select(['match_id', 'match_rank'])
      .where('id', '=', ok.json<{ id: string }>().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ match_id: m.matchId, match_rank: rank });
  });
});
