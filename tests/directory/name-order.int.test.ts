import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { curationWorld, type CurationWorld } from './curation-support.ts';

/**
 * Real directories hold names like "#TalkSuicide", '"We are with You" WAWY' and "creativeShift CIC"
 * (all three are in the North Lincolnshire and Bristol feeds). A byte sort put the first two
 * before "Age UK" and the third after "Zumba"; people file them under T, W and C.
 */
const AWKWARD = ['#TalkSuicide', '"We are with You" WAWY', 'creativeShift CIC', 'Age UK Calderdale'];
/** How a person files them (a byte sort gave the reverse of the first two, then Age UK, then creativeShift). */
const AS_PEOPLE_SORT = ['Age UK Calderdale', 'creativeShift CIC', '#TalkSuicide', '"We are with You" WAWY'];

describe.each(TEST_DIALECTS)('the directory sorted as people sort names, on %s', (dialect) => {
  let w: CurationWorld;
  beforeAll(async () => {
    w = await curationWorld(dialect);
    // The demo deployment's four listings renamed to names real feeds carry.
    const ids = await w.t.database.db.selectFrom('service').select('id').orderBy('id').execute();
    expect(ids).toHaveLength(AWKWARD.length);
    for (const [i, s] of ids.entries())
      await w.t.database.db
        .updateTable('service')
        .set({ name: AWKWARD[i] ?? '' })
        .where('id', '=', s.id)
        .execute();
  });
  afterAll(async () => w.t.close());

  it('files names under their first letter or digit, whatever the case or leading punctuation', async () => {
    const res = await w.get('jo', '/api/v1/directory/services?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const names: string[] = res.json().services.map((s: { name: string }) => s.name);
    expect(names).toEqual(AS_PEOPLE_SORT);
  });

  it('gives the same order in the Open Referral UK API', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: '/oruk/services?per_page=100' });
    expect(res.statusCode, res.body).toBe(200);
    const names: string[] = res.json().contents.map((s: { name: string }) => s.name);
    expect(names).toEqual(AS_PEOPLE_SORT);
  });
});
